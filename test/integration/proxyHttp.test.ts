import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { forgetIdentities } from '../../nodes/shared/transport/credentials';
import { everyText, isolatedAwsEnv, setEnv, startCountingProxy, startSignedSfnStub, startStsStub } from '../helpers/awsStandIns';
import type { CountingProxy, SfnStub, StsStub } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';

/**
 * Proxies for http:// endpoints (Step Functions and STS on loopback): the requests go to the proxy of the n8n
 * process's HTTP_PROXY / http_proxy / ALL_PROXY in absolute form, over kept-alive connections, no more at a
 * time than Max Concurrent Requests; NO_PROXY exempts hosts. A counting proxy sees what passes.
 * (https:// endpoints through CONNECT: proxyTunnel.test.ts.)
 */
const KEYS = { accessKeyId: 'AKIAPROXYTEST0000001', secretAccessKey: 'proxy-test-secret-key' };
const PROXY_USER = 'n8n-proxy-user';
const PROXY_PASSWORD = 'pr0xy-P@ss/word';

let sfn: SfnStub;
let sts: StsStub;
let proxy: CountingProxy;
let restoreEnv: () => void;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
	restoreEnv = setEnv(isolatedAwsEnv(await closedLoopbackPort()));
	forgetIdentities();
	[sfn, sts] = await Promise.all([startSignedSfnStub({ delayMs: 40 }), startStsStub()]);
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	restoreEnv();
	forgetIdentities();
	await Promise.all([sfn.stop(), sts.stop(), proxy?.stop()]);
});

function useEnv(values: Record<string, string | undefined>) {
	cleanups.push(setEnv(values));
}

function keyCredentials(overrides: Record<string, unknown> = {}): ICredentialDataDecryptedObject {
	return { region: 'us-east-1', ...KEYS, customEndpoint: true, endpoint: sfn.endpoint, ...overrides } as ICredentialDataDecryptedObject;
}

function heartbeats(count: number, maxConcurrency = 5) {
	return Array.from({ length: count }, (_, index) => ({
		resource: 'task',
		operation: 'sendTaskHeartbeat',
		taskToken: `token-${index}`,
		requestOptions: { maxConcurrency, retryAttempts: 0 },
	}));
}

function runNode(credentials: ICredentialDataDecryptedObject, items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

describe('an http endpoint through the proxy (absolute-form requests)', () => {
	it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])(
		'%s: every request passes the proxy, on kept-alive connections, at most Max Concurrent Requests at a time',
		async (variable) => {
			proxy = await startCountingProxy();
			useEnv({ [variable]: proxy.url });
			const [items] = await runNode(keyCredentials(), heartbeats(12, 3));
			expect(items).toHaveLength(12);
			expect(sfn.requests).toHaveLength(12);
			expect(proxy.forwarded).toEqual(Array.from({ length: 12 }, () => `${sfn.endpoint}/`));
			// Three at a time, and the same three connections for all twelve requests
			expect(sfn.maxInFlight).toBe(3);
			expect(proxy.maxOpenConnections).toBeLessThanOrEqual(3);
			expect(proxy.connections).toBeLessThanOrEqual(3);
			for (const request of sfn.requests) expect(request.signedBy).toBe(KEYS.accessKeyId);
		},
	);

	it('NO_PROXY exempts the endpoint host (with or without its port); another host list does not', async () => {
		proxy = await startCountingProxy();
		useEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'internal.example,127.0.0.1' });
		await runNode(keyCredentials(), heartbeats(2));
		expect(proxy.forwarded).toHaveLength(0);
		expect(sfn.requests).toHaveLength(2);

		useEnv({ NO_PROXY: undefined, no_proxy: `127.0.0.1:${new URL(sfn.endpoint).port}` });
		await runNode(keyCredentials(), heartbeats(1));
		expect(proxy.forwarded).toHaveLength(0);

		useEnv({ no_proxy: 'internal.example' });
		await runNode(keyCredentials(), heartbeats(1));
		expect(proxy.forwarded).toHaveLength(1);
		expect(sfn.requests).toHaveLength(4);
	});

	it('STS calls of a role go through the proxy too, unless NO_PROXY exempts the STS host', async () => {
		proxy = await startCountingProxy();
		useEnv({ HTTP_PROXY: proxy.url });
		const role = keyCredentials({ authentication: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/ViaProxy', stsEndpoint: sts.endpoint });
		await runNode(role, heartbeats(1));
		expect(proxy.forwarded).toEqual([`${sts.endpoint}/`, `${sfn.endpoint}/`]);
		expect(sfn.requests[0].signedBy).toBe(sts.issued[0].accessKeyId);

		forgetIdentities();
		useEnv({ NO_PROXY: `127.0.0.1:${new URL(sts.endpoint).port}` });
		await runNode(role, heartbeats(1));
		expect(sts.calls).toHaveLength(2);
		expect(proxy.forwarded).toEqual([`${sts.endpoint}/`, `${sfn.endpoint}/`, `${sfn.endpoint}/`]);
	});

	it('with user and password in the proxy URL: the proxy gets them, the endpoint does not, no message shows them', async () => {
		proxy = await startCountingProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
		const proxyUrl = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${proxy.port}`;
		useEnv({ HTTP_PROXY: proxyUrl });
		await runNode(keyCredentials(), heartbeats(2));
		const basic = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`;
		expect(proxy.proxyAuthorizations).toEqual([basic, basic]);
		expect(sfn.requests.map((request) => request.proxyAuthorization)).toEqual([undefined, undefined]);

		// A wrong password: 407, worded with the proxy's address only
		const wrong = 'wr0ng-Pr0xy-Secret';
		useEnv({ HTTP_PROXY: `http://${PROXY_USER}:${wrong}@127.0.0.1:${proxy.port}` });
		const error = await rejection<{ message: string; description?: string }>(runNode(keyCredentials(), heartbeats(1)));
		expect(error.message).toBe(`The proxy http://127.0.0.1:${proxy.port} asks for a user name and password (HTTP 407)`);
		const [items] = await runNode(keyCredentials(), heartbeats(1), 'continueErrorOutput');
		const tested = await credentialTest(keyCredentials());
		expect(tested.message).toContain(`The proxy http://127.0.0.1:${proxy.port} asks for a user name and password (HTTP 407)`);
		for (const text of [everyText(error), everyText(items), everyText(tested)]) {
			expect(text).not.toContain(wrong);
			expect(text).not.toContain(PROXY_USER);
			expect(text).not.toContain(Buffer.from(`${PROXY_USER}:${wrong}`).toString('base64'));
		}
	});

	it('without credentials the 407 of the proxy is named as such', async () => {
		proxy = await startCountingProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
		useEnv({ HTTP_PROXY: proxy.url });
		const error = await rejection<{ message: string; description?: string }>(runNode(keyCredentials(), heartbeats(1)));
		expect(error.message).toBe(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
		expect(error.description).toMatch(/HTTPS_PROXY=http:\/\/user:password@proxy:3128/);
		expect(sfn.requests).toHaveLength(0);
	});

	it('a proxy that cannot be reached is named, for Step Functions and for STS', async () => {
		const port = await closedLoopbackPort();
		useEnv({ HTTP_PROXY: `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${port}` });
		const error = await rejection<{ message: string; description?: string }>(runNode(keyCredentials(), heartbeats(1)));
		expect(error.message).toBe(`Could not reach the proxy http://127.0.0.1:${port}: connection refused`);
		expect(error.description).toMatch(/NO_PROXY/);
		const tested = await credentialTest(keyCredentials());
		expect(tested.message).toContain(`Could not reach the proxy http://127.0.0.1:${port}`);

		const role = keyCredentials({ authentication: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/ViaProxy', stsEndpoint: sts.endpoint });
		const roleError = await rejection<{ message: string; description?: string }>(runNode(role, heartbeats(1)));
		expect(roleError.message).toBe(`Could not reach STS at ${sts.endpoint} through the proxy http://127.0.0.1:${port}: connection refused`);
		for (const text of [everyText(error), everyText(tested), everyText(roleError)]) {
			expect(text).not.toContain(PROXY_PASSWORD);
			expect(text).not.toContain(encodeURIComponent(PROXY_PASSWORD));
		}
		expect(sfn.requests).toHaveLength(0);
		expect(sts.calls).toHaveLength(0);
	});

	it('a proxy that refuses the host (403) is named, not taken for an answer of Step Functions', async () => {
		proxy = await startCountingProxy();
		useEnv({ HTTP_PROXY: proxy.url });
		// The proxy forwards to loopback only: another host is refused with its own HTML page (never looked up).
		const endpoint = sfn.endpoint.replace('127.0.0.1', 'sfn.internal.example');
		const error = await rejection<{ message: string; description?: string }>(runNode(keyCredentials({ endpoint }), heartbeats(1)));
		expect(error.message).toBe(`The proxy ${proxy.url} refused or could not forward the request (HTTP 403)`);
		expect(proxy.forwarded).toEqual([`${endpoint}/`]);
		expect(sfn.requests).toHaveLength(0);
	});
});
