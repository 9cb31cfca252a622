import * as http from 'http';
import * as net from 'net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { forgetRoles, roleOf } from '../../nodes/shared/aws/roles';
import type { StepFunctionsCredentials } from '../../nodes/shared/aws/credentialFields';
import { sessionFromCredential } from '../../nodes/shared/aws/session';
import { everyText, startSignedSfnStub, startStsStub } from '../helpers/awsStandIns';
import type { SfnStub, StsAnswer, StsStub } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';

/**
 * Assume Role under odd values, concurrency, expiry and memory pressure, as a user of a production n8n would meet
 * it: sts:AssumeRole goes to a loopback STS through n8n's HTTP helper, and the role's keys sign Step Functions.
 * Everything on 127.0.0.1. (Proxies are n8n's own now and proven in the e2e suite; System Credentials are gone.)
 */
const ROLE_ARN = 'arn:aws:iam::210987654321:role/StepFunctionsCaller';
const CALLER_KEY = 'AKIACALLER0000000001';
const CALLER_SECRET = 'caller-Secret-Key/+adversarial-0123456789';
const EXTERNAL_ID = 'ext-id-Adversarial-4711';
const MACHINE = 'arn:aws:states:us-east-1:210987654321:stateMachine:Orders';
const describeMachine = { resource: 'stateMachine', operation: 'describe', stateMachine: { __rl: true, mode: 'arn', value: MACHINE } };

let sts: StsStub;
let sfn: SfnStub;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
	forgetRoles();
	[sts, sfn] = await Promise.all([startStsStub(), startSignedSfnStub()]);
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	forgetRoles();
	await Promise.all([sts.stop(), sfn.stop()]);
});

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

/**
 * STS on loopback answering every AssumeRole with the given <Credentials> members (the rest of a valid answer
 * around them): for expirations STS could write oddly, or an answer without keys.
 */
async function startOddSts(credentialsXml: string): Promise<{ endpoint: string; calls: () => number }> {
	let calls = 0;
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			calls++;
			response.writeHead(200, { 'content-type': 'text/xml' });
			response.end(
				`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>${credentialsXml}</Credentials><AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/StepFunctionsCaller/n8n</Arn><AssumedRoleId>AROA0000000000EXAMPLE:n8n</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>req-odd</RequestId></ResponseMetadata></AssumeRoleResponse>`,
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
	return { endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, calls: () => calls };
}

const ODD_SECRET = 'odd-expiry-role-secret-0123456789';
const ODD_TOKEN = 'odd-expiry-role-session-token-0123456789';

/** Moves the n8n process's clock (Date.now) on by what `later` says; restored after the test. */
function movableClock(): { set(ms: number): void } {
	const realNow = Date.now.bind(Date);
	let later = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + later);
	cleanups.push(() => jest.restoreAllMocks());
	return { set: (ms) => (later = ms) };
}

/** The role's temporary secrets STS handed out must never show in what the node returns or throws. */
function expectNoRoleSecrets(text: string) {
	expect(sts.issued.length).toBeGreaterThan(0);
	for (const keys of sts.issued) {
		expect(text).not.toContain(keys.secretAccessKey);
		expect(text).not.toContain(keys.sessionToken);
	}
	expect(text).not.toContain(CALLER_SECRET);
}

describe('concurrency on a cold cache', () => {
	it('100 items of one run assume the role once; the role keys show nowhere in the output', async () => {
		const [output] = await runNode(roleCredentials(), 'stopWorkflow', items(100, { retryAttempts: 0, maxConcurrency: 20 }));
		expect(output).toHaveLength(100);
		expect(sts.calls).toHaveLength(1);
		expect(new Set(sfn.requests.map((request) => request.signedBy))).toEqual(new Set([sts.issued[0].accessKeyId]));
		expectNoRoleSecrets(everyText(output));
	});

	it('five runs of the same credential started at once assume the role once', async () => {
		const runs = await Promise.all(Array.from({ length: 5 }, () => runNode(roleCredentials(), 'stopWorkflow', items(4))));
		expect(runs.map(([output]) => output.length)).toEqual([4, 4, 4, 4, 4]);
		expect(sts.calls).toHaveLength(1);
		expect(new Set(sfn.requests.map((request) => request.signedBy))).toEqual(new Set([sts.issued[0].accessKeyId]));
		expect(new Set(sfn.requests.map((request) => request.sessionToken))).toEqual(new Set([sts.issued[0].sessionToken]));
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
	// STS calls have their own bound (aws/session.ts: 3 attempts of 10 s, whatever the node's Request Options say).
	const STS_BOUND_MS = 3 * (10_000 + 2_000) + 1_000;

	it('the node run and the credential test both end within STS\'s own bound, worded as STS out of reach', async () => {
		const stsEndpoint = await startSilentServer();
		const started = Date.now();
		const [error, tested] = await Promise.all([
			rejection<{ message: string }>(runNode(roleCredentials({ stsEndpoint }), 'stopWorkflow', items(1, { retryAttempts: 0, timeoutSeconds: 1 }))),
			credentialTest(roleCredentials({ stsEndpoint })),
		]);
		const elapsed = Date.now() - started;
		console.log(`A silent STS ended the node run and the credential test after ${elapsed} ms`);
		expect(elapsed).toBeLessThan(STS_BOUND_MS);
		expect(error.message).toBe(`Could not reach STS at ${stsEndpoint} to get temporary credentials: no answer in time`);
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(`Could not reach STS at ${stsEndpoint}`);
		expect(sfn.requests).toHaveLength(0);
	}, 60_000);
	it('a cancel of the run while STS hangs ends the run at once, as cancelled', async () => {
		const stsEndpoint = await startSilentServer();
		const cancel = new AbortController();
		const running = rejection<{ message: string }>(
			new AwsStepFunctions().execute.call(executeContext({ credentials: roleCredentials({ stsEndpoint }), items: items(2), onError: 'continueErrorOutput', cancelSignal: cancel.signal })),
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const cancelledAt = Date.now();
		cancel.abort();
		const error = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1_000);
		expect(error.message).toBe('The workflow run was cancelled');
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('expiry', () => {
	it('role keys that expire during a long run are renewed inside the run', async () => {
		const clock = movableClock();
		const session = await sessionFromCredential(executeContext({ credentials: roleCredentials(), items: [] }));
		await session.call('ListStateMachines', {});
		clock.set(56 * 60_000);
		await session.call('ListStateMachines', {});
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual([sts.issued[0].accessKeyId, sts.issued[1].accessKeyId]);
		expect(sfn.requests.map((request) => request.sessionToken)).toEqual([sts.issued[0].sessionToken, sts.issued[1].sessionToken]);
	});

	it('an Expiration already past (a clock ahead of STS) does not make every request assume the role again', async () => {
		sts.answerWith({ validForMs: -10 * 60_000 });
		const [output] = await runNode(roleCredentials(), 'stopWorkflow', items(20, { retryAttempts: 0, maxConcurrency: 2 }));
		expect(output).toHaveLength(20);
		expect(sts.calls.length).toBeLessThanOrEqual(2);
	});

	it('an Expiration STS wrote unreadably: the keys serve for a minute only, then the role is assumed again', async () => {
		const odd = await startOddSts(
			`<AccessKeyId>ASIAODDEXPIRY0000001</AccessKeyId><SecretAccessKey>${ODD_SECRET}</SecretAccessKey><SessionToken>${ODD_TOKEN}</SessionToken><Expiration>next tuesday</Expiration>`,
		);
		const clock = movableClock();
		const credentials = roleCredentials({ stsEndpoint: odd.endpoint });
		const [first] = await runNode(credentials, 'stopWorkflow', items(3));
		await runNode(credentials);
		expect(odd.calls()).toBe(1);
		clock.set(61_000);
		await runNode(credentials);
		expect(odd.calls()).toBe(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual(Array.from({ length: 5 }, () => 'ASIAODDEXPIRY0000001'));
		expect(everyText(first)).not.toContain(ODD_SECRET);
		expect(everyText(first)).not.toContain(ODD_TOKEN);
	});

	it('an STS answer without the session token: a role error in every mode, nothing of the answer shows, nothing sent on', async () => {
		const odd = await startOddSts(`<AccessKeyId>ASIAODDEXPIRY0000001</AccessKeyId><SecretAccessKey>${ODD_SECRET}</SecretAccessKey><Expiration>2099-01-01T00:00:00Z</Expiration>`);
		const credentials = roleCredentials({ stsEndpoint: odd.endpoint });
		const error = await rejection<{ message: string }>(runNode(credentials));
		const [output] = await runNode(credentials, 'continueRegularOutput');
		const tested = await credentialTest(credentials);
		expect(error.message).toBe(`Could not assume the role ${ROLE_ARN}: STS answered without temporary credentials`);
		expect(output[0].json.error).toBe(error.message);
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(error.message);
		for (const text of [everyText(error), everyText(output), everyText(tested)]) {
			expect(text).not.toContain(ODD_SECRET);
			expect(text).not.toContain(CALLER_SECRET);
			expect(text).not.toContain(EXTERNAL_ID);
		}
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('odd credential values', () => {
	it('a role ARN and region pasted with spaces and line breaks around them work', async () => {
		await runNode(roleCredentials({ roleArn: `  ${ROLE_ARN}\n`, region: ' us-east-1 ' }));
		expect(sts.calls[0].params.RoleArn).toBe(ROLE_ARN);
		expect(sts.calls[0].region).toBe('us-east-1');
		expect(sfn.requests[0].signedBy).toBe(sts.issued[0].accessKeyId);
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

	it('an STS Endpoint with user:password: refused before sending (n8n would send it as Basic instead of the signature), never printed', async () => {
		const port = await closedLoopbackPort();
		const stsEndpoint = `http://sts-user:Sts-P4ss-w0rd@127.0.0.1:${port}`;
		const error = await rejection(runNode(roleCredentials({ stsEndpoint })));
		const [output] = await runNode(roleCredentials({ stsEndpoint }), 'continueErrorOutput');
		const tested = await credentialTest(roleCredentials({ stsEndpoint }));
		expect(sts.calls).toHaveLength(0);
		for (const text of [everyText(error), everyText(output), everyText(tested)]) {
			expect(text).toContain('STS Endpoint may not hold a user name or password');
			expect(text).not.toContain('Sts-P4ss-w0rd');
			expect(text).not.toContain(Buffer.from('sts-user:Sts-P4ss-w0rd').toString('base64'));
		}
	});
});

describe('memory', () => {
	it('10,000 distinct credentials keep a bounded number of roles: the oldest is dropped, the most recent stay cached', async () => {
		// tenant-0's role is assumed and cached first.
		await runNode(roleCredentials({ externalId: 'tenant-0' }));
		await runNode(roleCredentials({ externalId: 'tenant-0' }));
		expect(sts.calls).toHaveLength(1);
		// 10,000 other credentials come after it (each as a node run opens it; none needs STS yet).
		const send = () => Promise.reject(new Error('not called'));
		for (let index = 1; index < 10_000; index++) roleOf(roleCredentials({ externalId: `tenant-${index}` }) as unknown as StepFunctionsCredentials, send);
		// The most recent is still cached: its first use assumes the role, its second does not.
		await runNode(roleCredentials({ externalId: 'tenant-9999' }));
		await runNode(roleCredentials({ externalId: 'tenant-9999' }));
		expect(sts.calls).toHaveLength(2);
		// The first was dropped long ago: its keys are gone, and the role is assumed afresh.
		await runNode(roleCredentials({ externalId: 'tenant-0' }));
		expect(sts.calls).toHaveLength(3);
		expect(sts.calls.map((call) => call.params.ExternalId)).toEqual(['tenant-0', 'tenant-9999', 'tenant-0']);
	}, 60_000);

	it('a credential renewed all day long does not pile up the secrets of its expired keys', async () => {
		const clock = movableClock();
		for (let hour = 0; hour < 24; hour++) {
			clock.set(hour * 60 * 60_000);
			await runNode(roleCredentials());
		}
		expect(sts.calls).toHaveLength(24);
		const role = roleOf(roleCredentials() as unknown as StepFunctionsCredentials, () => Promise.reject(new Error('not called')));
		// The current and the previous keys' secrets (requests may still be in flight with them), no more
		expect(role.secrets().length).toBeLessThanOrEqual(4);
		const [previous, last] = sts.issued.slice(-2);
		expect(role.secrets()).toEqual(expect.arrayContaining([last.secretAccessKey, last.sessionToken, previous.secretAccessKey, previous.sessionToken]));
		expect(role.secrets()).not.toContain(sts.issued[0].secretAccessKey);
	});
});
