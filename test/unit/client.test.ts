import * as http from 'http';
import * as https from 'https';

import { clientTuning } from '../../nodes/AwsStepFunctions/actions/shared/requestOptions';
import { clientConfig, createSfnSession, endpointLabel } from '../../nodes/shared/transport/sfnClient';
import type { StepFunctionsCredentials } from '../../nodes/shared/transport/sfnClient';

const base: StepFunctionsCredentials = {
	region: 'eu-central-1',
	accessKeyId: 'AKIAEXAMPLE',
	secretAccessKey: 'secret',
};

describe('credential -> client configuration', () => {
	it('uses the region and long-term keys, and no endpoint override', async () => {
		const session = await createSfnSession(base);
		expect(await session.client.config.region()).toBe('eu-central-1');
		const credentials = await session.client.config.credentials();
		expect(credentials).toMatchObject({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });
		expect(credentials.sessionToken).toBeUndefined();
		const endpoint = await session.client.config.endpointProvider({ Region: 'eu-central-1', UseFIPS: false, UseDualStack: false });
		expect(endpoint.url.href).toBe('https://states.eu-central-1.amazonaws.com/');
		expect(session.endpoint).toBe('https://states.eu-central-1.amazonaws.com');
		session.client.destroy();
	});

	it('adds the session token only with Temporary Credentials on', async () => {
		const withToken = await createSfnSession({ ...base, temporaryCredentials: true, sessionToken: 'session' });
		expect((await withToken.client.config.credentials()).sessionToken).toBe('session');
		const tokenIgnored = await createSfnSession({ ...base, temporaryCredentials: false, sessionToken: 'stale' });
		expect((await tokenIgnored.client.config.credentials()).sessionToken).toBeUndefined();
	});

	it('sends to a custom endpoint without the sync- host prefix', async () => {
		const session = await createSfnSession({ ...base, customEndpoint: true, endpoint: ' http://127.0.0.1:8083 ' });
		const endpoint = await session.client.config.endpoint?.();
		expect(endpoint).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 8083 });
		expect(session.client.config.disableHostPrefix).toBe(true);
		expect(session.endpoint).toBe('http://127.0.0.1:8083');
	});

	it('ignores a leftover endpoint when Custom Endpoint is off', () => {
		const agents = { http: new http.Agent(), https: new https.Agent() };
		const config = clientConfig({ ...base, customEndpoint: false, endpoint: 'http://127.0.0.1:1' }, undefined, agents, undefined);
		expect(config.endpoint).toBeUndefined();
		expect(config.disableHostPrefix).toBeUndefined();
	});

	it('applies the request options: timeout, keep-alive sockets for the concurrency, adaptive retries', async () => {
		const session = await createSfnSession(base, clientTuning({ maxConcurrency: 16, retryAttempts: 4, timeoutSeconds: 12 }));
		expect(await session.client.config.maxAttempts()).toBe(5);
		expect(session.client.config.retryMode).toBe('adaptive');
		// The SDK keeps the handler's settings in a private promise; read them as the handler will use them.
		const handler = await (session.client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> })
			.configProvider as { requestTimeout: number; throwOnRequestTimeout: boolean; httpAgentProvider(): Promise<http.Agent>; httpsAgent: https.Agent };
		expect(handler.requestTimeout).toBe(12_000);
		expect(handler.throwOnRequestTimeout).toBe(true);
		for (const agent of [await handler.httpAgentProvider(), handler.httpsAgent]) {
			expect(agent.maxSockets).toBe(16);
			expect((agent as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
		}
	});

	it('gives long polls (Get Activity Task, up to 60 s) time to answer whatever the timeout says', () => {
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 10 }, true).requestTimeoutMs).toBe(70_000);
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 90 }, true).requestTimeoutMs).toBe(90_000);
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 10 }).requestTimeoutMs).toBe(10_000);
	});

	it.each([
		['cn-north-1', 'https://states.cn-north-1.amazonaws.com.cn'],
		['us-gov-west-1', 'https://states.us-gov-west-1.amazonaws.com'],
		['eusc-de-east-1', 'https://states.eusc-de-east-1.amazonaws.eu'],
	])('names the endpoint of %s as the SDK resolves it', async (region, expected) => {
		const session = await createSfnSession({ ...base, region });
		const resolved = await session.client.config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false });
		expect(resolved.url.href).toBe(`${expected}/`);
		expect(endpointLabel({ ...base, region })).toBe(expected);
	});
});
