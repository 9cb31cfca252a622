import * as http from 'http';
import * as net from 'net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { forgetIdentities, identityFor } from '../../nodes/shared/transport/credentials';
import type { StepFunctionsCredentials } from '../../nodes/shared/transport/credentials';
import { routeTo } from '../../nodes/shared/transport/proxy';
import { createSfnSession } from '../../nodes/shared/transport/sfnClient';
import { everyText, isolatedAwsEnv, setEnv, startContainerCredentials, startCountingProxy, startSignedSfnStub, startStsStub } from '../helpers/awsStandIns';
import type { SfnStub, StsAnswer, StsStub } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';

/**
 * The production access paths (roles, the process's own credentials, proxies) under odd values, concurrency,
 * expiry, the gate and secrets, as a user of a production n8n would meet them. Everything on 127.0.0.1.
 */
const ROLE_ARN = 'arn:aws:iam::210987654321:role/StepFunctionsCaller';
const CALLER_KEY = 'AKIACALLER0000000001';
const CALLER_SECRET = 'caller-Secret-Key/+adversarial-0123456789';
const EXTERNAL_ID = 'ext-id-Adversarial-4711';
const MACHINE = 'arn:aws:states:us-east-1:210987654321:stateMachine:Orders';
const describeMachine = { resource: 'stateMachine', operation: 'describe', stateMachine: { __rl: true, mode: 'arn', value: MACHINE } };

let sts: StsStub;
let sfn: SfnStub;
let restoreEnv: () => void;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
	restoreEnv = setEnv(isolatedAwsEnv(await closedLoopbackPort()));
	forgetIdentities();
	[sts, sfn] = await Promise.all([startStsStub(), startSignedSfnStub()]);
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	restoreEnv();
	forgetIdentities();
	await Promise.all([sts.stop(), sfn.stop()]);
});

function useEnv(values: Record<string, string | undefined>) {
	cleanups.push(setEnv(values));
}

function roleCredentials(overrides: Record<string, unknown> = {}): ICredentialDataDecryptedObject {
	return {
		authentication: 'assumeRole',
		region: 'us-east-1',
		accessKeyId: CALLER_KEY,
		secretAccessKey: CALLER_SECRET,
		temporaryCredentials: false,
		roleArn: ROLE_ARN,
		externalId: EXTERNAL_ID,
		roleSessionName: 'n8n-adversarial',
		sourceCredentials: 'accessKeys',
		customEndpoint: true,
		endpoint: sfn.endpoint,
		stsEndpoint: sts.endpoint,
		...overrides,
	} as ICredentialDataDecryptedObject;
}

function items(count: number, requestOptions: Record<string, unknown> = { retryAttempts: 0 }) {
	return Array.from({ length: count }, () => ({ ...describeMachine, requestOptions }));
}

function runNode(credentials: ICredentialDataDecryptedObject, onError: OnError = 'stopWorkflow', input = items(1)) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items: input, onError }));
}

/** A loopback server that accepts connections and never answers: an STS endpoint that hangs. */
async function startSilentServer(): Promise<string> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(
		() =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	);
	return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** STS on loopback answering AssumeRole with the given XML for <Expiration>, valid otherwise. */
async function startStsWithExpiration(expiration: string): Promise<{ endpoint: string; calls: () => number; secret: string; token: string }> {
	let calls = 0;
	const secret = 'odd-expiry-role-secret-0123456789';
	const token = 'odd-expiry-role-session-token-0123456789';
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			calls++;
			response.writeHead(200, { 'content-type': 'text/xml' });
			response.end(
				`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAODDEXPIRY0000001</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/StepFunctionsCaller/n8n</Arn><AssumedRoleId>AROA0000000000EXAMPLE:n8n</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>req-odd</RequestId></ResponseMetadata></AssumeRoleResponse>`,
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(
		() =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	);
	return { endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, calls: () => calls, secret, token };
}

describe('concurrency on a cold cache', () => {
	it('100 items of one run assume the role once', async () => {
		const [output] = await runNode(roleCredentials(), 'stopWorkflow', items(100, { retryAttempts: 0, maxConcurrency: 20 }));
		expect(output).toHaveLength(100);
		expect(sts.calls).toHaveLength(1);
		expect(new Set(sfn.requests.map((request) => request.signedBy))).toEqual(new Set([sts.issued[0].accessKeyId]));
	});

	it('five runs of the same credential started at once assume the role once', async () => {
		const runs = await Promise.all(Array.from({ length: 5 }, () => runNode(roleCredentials(), 'stopWorkflow', items(4))));
		expect(runs.map(([output]) => output.length)).toEqual([4, 4, 4, 4, 4]);
		expect(sts.calls).toHaveLength(1);
		expect(new Set(sfn.requests.map((request) => request.signedBy))).toEqual(new Set([sts.issued[0].accessKeyId]));
	});

	it('two credentials that differ only in the external id, at once: one role session each, each run signed by its own', async () => {
		const [first, second] = await Promise.all([
			runNode(roleCredentials(), 'stopWorkflow', items(3)),
			runNode(roleCredentials({ externalId: 'ext-id-Other-Tenant-0815' }), 'stopWorkflow', items(3)),
		]);
		expect(first[0]).toHaveLength(3);
		expect(second[0]).toHaveLength(3);
		expect(sts.calls.map((call) => call.params.ExternalId).sort()).toEqual([EXTERNAL_ID, 'ext-id-Other-Tenant-0815'].sort());
		const keyOf = new Map(sts.calls.map((call, index) => [call.params.ExternalId, sts.issued[index].accessKeyId]));
		expect(sfn.requests).toHaveLength(6);
		const signers = sfn.requests.map((request) => request.signedBy);
		expect(signers.filter((key) => key === keyOf.get(EXTERNAL_ID))).toHaveLength(3);
		expect(signers.filter((key) => key === keyOf.get('ext-id-Other-Tenant-0815'))).toHaveLength(3);
	});

	it('an STS refusal inside a run is not kept: the next item of the same run assumes the role again', async () => {
		let answered = 0;
		sts.answerWith((): StsAnswer => (++answered === 1 ? { error: 'AccessDenied', message: 'not yet', status: 403 } : {}));
		const [output] = await runNode(roleCredentials(), 'continueRegularOutput', items(3, { retryAttempts: 0, maxConcurrency: 1 }));
		expect(output).toHaveLength(3);
		expect(output[0].json.error).toMatch(/refused to let the caller assume the role/);
		expect(output.slice(1).map((item) => item.json.stateMachineArn)).toEqual([MACHINE, MACHINE]);
		expect(sts.calls).toHaveLength(2);
		expect(sts.issued).toHaveLength(1);
	});
});

describe('an STS that never answers', () => {
	it('the node ends by its request deadline, worded as STS out of reach', async () => {
		const stsEndpoint = await startSilentServer();
		const started = Date.now();
		const error = await rejection<{ message: string }>(
			runNode(roleCredentials({ stsEndpoint }), 'stopWorkflow', items(1, { retryAttempts: 0, timeoutSeconds: 1 })),
		);
		expect(Date.now() - started).toBeLessThan(8_000);
		expect(error.message).toBe(`Could not reach STS at ${stsEndpoint} to get temporary credentials: no answer in time`);
		expect(sfn.requests).toHaveLength(0);
	}, 20_000);

	it("the credential test ends too, within STS's own bound (three attempts of 10 s), and says STS did not answer", async () => {
		const stsEndpoint = await startSilentServer();
		const started = Date.now();
		const tested = await credentialTest(roleCredentials({ stsEndpoint }));
		expect(Date.now() - started).toBeLessThan(40_000);
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(`Could not reach STS at ${stsEndpoint}`);
	}, 60_000);
});

describe('expiry', () => {
	it('role keys that expire during a long run are renewed inside the run', async () => {
		const realNow = Date.now.bind(Date);
		let later = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + later);
		cleanups.push(() => jest.restoreAllMocks());
		const session = await createSfnSession(roleCredentials() as unknown as StepFunctionsCredentials);
		cleanups.push(() => session.close());
		await session.send(new session.sdk.ListStateMachinesCommand({}));
		later = 56 * 60_000;
		await session.send(new session.sdk.ListStateMachinesCommand({}));
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual([sts.issued[0].accessKeyId, sts.issued[1].accessKeyId]);
	});

	it('an Expiration already past (a clock ahead of STS) does not make every request assume the role again', async () => {
		sts.answerWith({ validForMs: -10 * 60_000 });
		const [output] = await runNode(roleCredentials(), 'stopWorkflow', items(20, { retryAttempts: 0, maxConcurrency: 2 }));
		expect(output).toHaveLength(20);
		expect(sts.calls.length).toBeLessThanOrEqual(2);
	});

	it('an Expiration STS wrote unreadably: a role error, no secret of the answer anywhere', async () => {
		const odd = await startStsWithExpiration('next tuesday');
		const credentials = roleCredentials({ stsEndpoint: odd.endpoint });
		const error = await rejection(runNode(credentials));
		const [output] = await runNode(credentials, 'continueRegularOutput');
		const tested = await credentialTest(credentials);
		expect(tested.status).toBe('Error');
		for (const text of [everyText(error), everyText(output), everyText(tested)]) {
			expect(text).toMatch(/role/);
			expect(text).not.toContain(odd.secret);
			expect(text).not.toContain(odd.token);
			expect(text).not.toContain(CALLER_SECRET);
			expect(text).not.toContain(EXTERNAL_ID);
		}
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('the gate', () => {
	const systemCredentials = () => ({ region: 'us-east-1', authentication: 'system', customEndpoint: true, endpoint: sfn.endpoint }) as ICredentialDataDecryptedObject;

	// As n8n reads its own boolean settings: "true" or "1" in any case switch them on; nothing else, not even padded.
	it.each([' true', 'true ', 'yes', 'false', '0', ''])('%p leaves them off, and the message names the value to set: nothing is sent', async (value) => {
		const container = await startContainerCredentials();
		cleanups.push(() => container.stop());
		useEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: value, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		const error = await rejection(runNode(systemCredentials()));
		expect(error.message).toContain('N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true');
		const tested = await credentialTest(systemCredentials());
		expect(tested.message).toContain('N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true');
		expect(container.requests).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});

	it.each(['true', 'TRUE', 'True', '1'])('%p switches them on, as it does for n8n\'s own AWS credentials', async (value) => {
		const container = await startContainerCredentials();
		cleanups.push(() => container.stop());
		useEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: value, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		await runNode(systemCredentials());
		expect(container.requests.length).toBeGreaterThan(0);
		expect(sfn.requests).toHaveLength(1);
	});

	it('switched off after a run used the cached system identity: the next run is refused', async () => {
		const container = await startContainerCredentials();
		cleanups.push(() => container.stop());
		useEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: 'true', AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		await runNode(systemCredentials());
		useEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: undefined });
		const error = await rejection(runNode(systemCredentials()));
		expect(error.message).toContain('N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED');
		expect(sfn.requests).toHaveLength(1);
	});
});

describe('odd credential values', () => {
	it('a role ARN and region pasted with spaces and line breaks around them work', async () => {
		await runNode(roleCredentials({ roleArn: `  ${ROLE_ARN}\n`, region: ' us-east-1 ' }));
		expect(sts.calls[0].params.RoleArn).toBe(ROLE_ARN);
		expect(sts.calls[0].region).toBe('us-east-1');
	});

	it.each([
		[{ roleArn: `arn:aws:iam::210987654321:role/Step\nFunctions` }, /Role ARN .* is not an IAM role ARN/s],
		[{ roleArn: 'arn:aws:iam::210987654321:role/Step Functions' }, /Role ARN .* is not an IAM role ARN/],
		[{ roleSessionName: 'x'.repeat(65) }, /Role Session Name "x{65}" must be 2 to 64 characters/],
		[{ externalId: 'tenant-ü-4711' }, /External ID must be 2 to 1,224 characters/],
		[{ region: 'us east 1' }, /Region "us east 1"/],
	])('%o is refused before anything is sent', async (overrides, expected) => {
		const error = await rejection(runNode(roleCredentials(overrides)));
		expect(error.message).toMatch(expected);
		const tested = await credentialTest(roleCredentials(overrides));
		expect(tested).toEqual({ status: 'Error', message: expect.stringMatching(expected) });
		expect(sts.calls).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});

	it('an STS Endpoint with user:password: never printed, also when STS cannot be reached', async () => {
		const port = await closedLoopbackPort();
		const stsEndpoint = `http://sts-user:Sts-P4ss-w0rd@127.0.0.1:${port}`;
		const error = await rejection(runNode(roleCredentials({ stsEndpoint })));
		const tested = await credentialTest(roleCredentials({ stsEndpoint }));
		for (const text of [everyText(error), everyText(tested)]) {
			expect(text).toContain(`http://127.0.0.1:${port}`);
			expect(text).not.toContain('Sts-P4ss-w0rd');
		}
	});
});

describe('proxy URLs', () => {
	it('a password with @ : % / (URL-encoded) authenticates and never shows, also when the proxy echoes it', async () => {
		const password = 'p@ss:w%rd/x';
		const proxy = await startCountingProxy({ auth: { user: 'proxy-user', password } });
		cleanups.push(() => proxy.stop());
		useEnv({ HTTP_PROXY: `http://proxy-user:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}` });
		const [output] = await runNode(roleCredentials());
		expect(output[0].json.stateMachineArn).toBe(MACHINE);
		expect(proxy.refusedForAuth).toBe(0);
		expect(proxy.forwarded).toHaveLength(2);
	});

	it('a proxy that refuses with a page quoting the password, its URL-encoding and the Proxy-Authorization header: none of it shows', async () => {
		const password = 'Pr0xy:p@ss/w%rd';
		const pages: string[] = [];
		const server = http.createServer((request, response) => {
			const header = String(request.headers['proxy-authorization'] ?? '');
			const page = `<html>denied ${header} ${Buffer.from(header.replace(/^Basic /, ''), 'base64').toString()} ${password} ${encodeURIComponent(password)}</html>`;
			pages.push(page);
			request.resume();
			response.writeHead(403, { 'content-type': 'text/html' });
			response.end(page);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
		useEnv({ HTTP_PROXY: `http://proxy-user:${encodeURIComponent(password)}@127.0.0.1:${(server.address() as net.AddressInfo).port}` });
		const credentials = roleCredentials({ authentication: 'accessKeys' });
		const error = await rejection(runNode(credentials));
		const [output] = await runNode(credentials, 'continueRegularOutput');
		const tested = await credentialTest(credentials);
		const roleError = await rejection(runNode(roleCredentials()));
		expect(pages[0]).toContain(password);
		for (const text of [everyText(error), everyText(output), everyText(tested), everyText(roleError)]) {
			expect(text).toMatch(/proxy/i);
			expect(text).not.toContain(password);
			expect(text).not.toContain(encodeURIComponent(password));
			expect(text).not.toContain(Buffer.from(`proxy-user:${password}`).toString('base64'));
		}
	});

	it('a proxy that wants a password STS requests lack: named as the proxy asking for one, in the node and the test', async () => {
		const proxy = await startCountingProxy({ auth: { user: 'proxy-user', password: 'proxy-password' } });
		cleanups.push(() => proxy.stop());
		useEnv({ HTTP_PROXY: proxy.url });
		const error = await rejection<{ message: string }>(runNode(roleCredentials()));
		const tested = await credentialTest(roleCredentials());
		expect(error.message).toBe(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
		expect(tested.message).toContain(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
		expect(sts.calls).toHaveLength(0);
	});

	it('a proxy setting corrected in the environment is used by the next run: the refused one is not kept', async () => {
		useEnv({ HTTP_PROXY: 'socks5://127.0.0.1:1' });
		await rejection(runNode(roleCredentials()));
		const proxy = await startCountingProxy();
		cleanups.push(() => proxy.stop());
		useEnv({ HTTP_PROXY: proxy.url });
		const [output] = await runNode(roleCredentials());
		expect(output[0].json.stateMachineArn).toBe(MACHINE);
		expect(proxy.forwarded).toEqual([`${sts.endpoint}/`, `${sfn.endpoint}/`]);
	});

	it('a proxy URL with a malformed % escape: a clear error naming the proxy variable, no password', async () => {
		useEnv({ HTTP_PROXY: `http://proxy-user:50%off-Secret@127.0.0.1:${await closedLoopbackPort()}` });
		const error = await rejection(runNode(roleCredentials()));
		const [output] = await runNode(roleCredentials(), 'continueRegularOutput');
		const tested = await credentialTest(roleCredentials());
		expect(error.message).toMatch(/proxy/i);
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/proxy/i);
		for (const text of [everyText(error), everyText(output), everyText(tested)]) expect(text).not.toContain('off-Secret');
		expect(sts.calls).toHaveLength(0);
	});

	it('a proxy URL that does not parse (port out of range): a clear error, no password', async () => {
		useEnv({ HTTP_PROXY: 'http://proxy-user:Unparsable-Secret@127.0.0.1:99999' });
		const error = await rejection(runNode(roleCredentials()));
		const tested = await credentialTest(roleCredentials());
		expect(error.message).toMatch(/proxy/i);
		expect(tested.status).toBe('Error');
		for (const text of [everyText(error), everyText(tested)]) expect(text).not.toContain('Unparsable-Secret');
		expect(sts.calls).toHaveLength(0);
	});

	it('a socks5:// proxy is refused with a message that says so, before anything is sent', async () => {
		const proxy = await startCountingProxy();
		cleanups.push(() => proxy.stop());
		useEnv({ ALL_PROXY: `socks5://127.0.0.1:${proxy.port}` });
		const error = await rejection(runNode(roleCredentials()));
		expect(error.message).toMatch(/socks5/i);
		const tested = await credentialTest(roleCredentials());
		expect(tested.message).toMatch(/socks5/i);
		expect(proxy.connections).toBe(0);
		expect(sts.calls).toHaveLength(0);
	});

	it('a proxy URL without a scheme is taken as http:// (as curl does), also for https endpoints', async () => {
		const proxy = await startCountingProxy();
		cleanups.push(() => proxy.stop());
		useEnv({ HTTPS_PROXY: `127.0.0.1:${proxy.port}` });
		const route = await routeTo('https://states.us-east-1.amazonaws.com', { keepAlive: false });
		cleanups.push(() => {
			route.http.destroy();
			route.https.destroy();
		});
		expect(route.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
	});

	it.each([
		['127.0.0.1:PORT', 'http://127.0.0.1:PORT', false],
		['127.0.0.1:1', 'http://127.0.0.1:PORT', true],
		['*', 'https://states.us-east-1.amazonaws.com', false],
		['.amazonaws.com', 'https://states.us-east-1.amazonaws.com', false],
		['*.amazonaws.com', 'https://sts.us-east-1.amazonaws.com', false],
		['amazonaws.com.cn', 'https://states.us-east-1.amazonaws.com', true],
		['[::1]', 'http://[::1]:8083', false],
	])('NO_PROXY=%s, endpoint %s: through the proxy %s', async (noProxy, endpoint, proxied) => {
		const port = await closedLoopbackPort();
		useEnv({ HTTPS_PROXY: `http://127.0.0.1:${port}`, HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: noProxy.replace('PORT', '8083') });
		const route = await routeTo(endpoint.replace('PORT', '8083'), { keepAlive: false });
		cleanups.push(() => {
			route.http.destroy();
			route.https.destroy();
		});
		expect(route.proxy !== undefined).toBe(proxied);
	});
});

describe('memory', () => {
	it('10,000 distinct credentials keep at most a bounded number of identities; the most recent stay cached', async () => {
		for (let index = 0; index < 10_000; index++) {
			await identityFor(roleCredentials({ externalId: `tenant-${index}` }) as unknown as StepFunctionsCredentials);
		}
		// The most recent is still cached: its first use assumes the role, its second does not.
		await runNode(roleCredentials({ externalId: 'tenant-9999' }));
		await runNode(roleCredentials({ externalId: 'tenant-9999' }));
		expect(sts.calls).toHaveLength(1);
		// The first was dropped long ago and is built afresh.
		await runNode(roleCredentials({ externalId: 'tenant-0' }));
		expect(sts.calls).toHaveLength(2);
	}, 60_000);

	it('a credential renewed all day long does not pile up the secrets of its expired identities', async () => {
		const realNow = Date.now.bind(Date);
		let later = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + later);
		cleanups.push(() => jest.restoreAllMocks());
		const credentials = roleCredentials() as unknown as StepFunctionsCredentials;
		for (let hour = 0; hour < 24; hour++) {
			later = hour * 60 * 60_000;
			await runNode(roleCredentials());
		}
		expect(sts.calls).toHaveLength(24);
		const identity = await identityFor(credentials);
		// Its own secrets, and the current and previous role keys (requests may still be in flight with them)
		expect(identity.secrets().length).toBeLessThanOrEqual(2 + 4);
		const last = sts.issued[sts.issued.length - 1];
		expect(identity.secrets()).toEqual(expect.arrayContaining([last.secretAccessKey, last.sessionToken]));
	});
});
