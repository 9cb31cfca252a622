import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { describeError } from '../../nodes/shared/errors/aws';
import { AwsError } from '../../nodes/shared/aws/awsError';
import type { StepFunctionsCredentials } from '../../nodes/shared/aws/credentialFields';
import { forgetRoles, roleOf } from '../../nodes/shared/aws/roles';
import { createSession, n8nHttp, requestContext } from '../../nodes/shared/aws/session';
import { startSignedSfnStub, startStsStub } from '../helpers/awsStandIns';
import type { SfnStub, StsAnswer, StsStub } from '../helpers/awsStandIns';
import { executeContext, rejection } from '../helpers/executeContext';

/**
 * Assume Role (nodes/shared/aws/roles.ts) against a loopback STS that answers as the real one (XML, keys with an
 * Expiration) and a loopback Step Functions that records which key signed each request.
 */

const ROLE_ARN = 'arn:aws:iam::123456789012:role/StepFunctionsCaller';
const CALLER_KEY = 'AKIACALLER0000000001';

let sts: StsStub;
let sfn: SfnStub;
let clockOffset = 0;
const realNow = Date.now.bind(Date);

beforeAll(async () => {
	sts = await startStsStub();
	sfn = await startSignedSfnStub();
});

afterAll(async () => {
	await sts.stop();
	await sfn.stop();
});

beforeEach(() => {
	forgetRoles();
	sts.calls.length = 0;
	sts.issued.length = 0;
	sts.answerWith({});
	sfn.requests.length = 0;
	clockOffset = 0;
	// The machine's clock, moved forward by the tests (the stubs run in this process and move with it).
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
});

afterEach(() => jest.restoreAllMocks());

function roleCredential(extra: Record<string, unknown> = {}): ICredentialDataDecryptedObject {
	return {
		authentication: 'assumeRole',
		region: 'eu-west-1',
		accessKeyId: CALLER_KEY,
		secretAccessKey: 'caller-secret-0123456789',
		temporaryCredentials: false,
		roleArn: ROLE_ARN,
		customEndpoint: true,
		endpoint: sfn.endpoint,
		stsEndpoint: sts.endpoint,
		...extra,
	};
}

function session(credentials: ICredentialDataDecryptedObject) {
	return createSession(credentials, n8nHttp(executeContext({ items: [{}], credentials })), { maxConcurrency: 5, retryAttempts: 0, requestTimeoutMs: 5000 });
}

const list = (s: ReturnType<typeof session>) => s.call('ListStateMachines', { maxResults: 1 });

describe('Assume Role', () => {
	it('assumes the role once for many requests, and signs them with its keys and session token', async () => {
		const s = session(roleCredential());
		for (let i = 0; i < 5; i++) await list(s);
		await Promise.all(Array.from({ length: 10 }, () => list(s)));
		expect(sts.calls).toHaveLength(1);
		expect(sfn.requests).toHaveLength(15);
		for (const request of sfn.requests) {
			expect(request.signedBy).toBe(sts.issued[0].accessKeyId);
			expect(request.sessionToken).toBe(sts.issued[0].sessionToken);
		}
	});

	it('two sessions of the same credential at once (two node runs) share one AssumeRole', async () => {
		const [first, second] = [session(roleCredential()), session(roleCredential())];
		await Promise.all([...Array.from({ length: 5 }, () => list(first)), ...Array.from({ length: 5 }, () => list(second))]);
		expect(sts.calls).toHaveLength(1);
		// A later run reuses the keys as well.
		await list(session(roleCredential()));
		expect(sts.calls).toHaveLength(1);
		// Another role (or another caller) is assumed on its own.
		await list(session(roleCredential({ roleArn: 'arn:aws:iam::123456789012:role/Other' })));
		await list(session(roleCredential({ accessKeyId: 'AKIACALLER0000000002' })));
		expect(sts.calls).toHaveLength(3);
	});

	it('sends RoleArn, RoleSessionName and ExternalId in the form, signed with the credential\'s own keys', async () => {
		await list(session(roleCredential({ roleSessionName: ' nightly-batch ', externalId: 'shared:secret/42' })));
		expect(sts.calls).toHaveLength(1);
		expect(sts.calls[0]).toMatchObject({
			action: 'AssumeRole',
			params: { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 'nightly-batch', ExternalId: 'shared:secret/42' },
			signedBy: CALLER_KEY,
			region: 'eu-west-1',
		});
		expect(sts.calls[0].sessionToken).toBeUndefined();
	});

	it('without External ID and Role Session Name: no ExternalId, the session named n8n; a caller\'s session token goes along', async () => {
		await list(session(roleCredential({ temporaryCredentials: true, sessionToken: 'caller-session-token' })));
		expect(sts.calls[0].params).toEqual({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 'n8n' });
		expect(sts.calls[0].sessionToken).toBe('caller-session-token');
	});

	it('renews the keys once they are within 5 minutes of their Expiration, not before', async () => {
		sts.answerWith({ validForMs: 6 * 60_000 });
		const s = session(roleCredential());
		await list(s);
		clockOffset = 50_000;
		await list(s);
		expect(sts.calls).toHaveLength(1);
		// 4 min 50 s left (the stub states expirations to the second): renewed.
		clockOffset = 70_000;
		await list(s);
		await list(s);
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual([
			sts.issued[0].accessKeyId,
			sts.issued[0].accessKeyId,
			sts.issued[1].accessKeyId,
			sts.issued[1].accessKeyId,
		]);
	});

	it('keys valid for an hour are used for 55 minutes', async () => {
		const s = session(roleCredential());
		await list(s);
		clockOffset = 54 * 60_000;
		await list(s);
		expect(sts.calls).toHaveLength(1);
		clockOffset = 56 * 60_000;
		await list(s);
		expect(sts.calls).toHaveLength(2);
	});

	it('keys whose Expiration is already past (a clock far off STS\'s) are still used for 60 s: no AssumeRole storm', async () => {
		sts.answerWith({ validForMs: -3_600_000 });
		const s = session(roleCredential());
		await Promise.all(Array.from({ length: 10 }, () => list(s)));
		clockOffset = 50_000;
		for (let i = 0; i < 10; i++) await list(s);
		expect(sts.calls).toHaveLength(1);
		clockOffset = 61_000;
		await list(s);
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests).toHaveLength(21);
	});

	it("an STS refusal is worded as the role's (identity failed), and Step Functions is never called", async () => {
		sts.answerWith({ error: 'AccessDenied', message: `User: arn:aws:iam::123456789012:user/caller is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}` });
		const s = session(roleCredential());
		const error = await rejection(list(s));
		expect(sts.calls).toHaveLength(1);
		expect(sfn.requests).toHaveLength(0);
		const worded = describeError(error, requestContext(s, 'ListStateMachines'));
		expect(worded.identityFailed).toBe(true);
		expect(worded.info).toMatchObject({ code: 'AccessDenied', httpStatusCode: 403 });
		expect(worded.info.requestId).toMatch(/^req-1-/);
		expect(worded.message).toBe(`AWS refused to let the caller assume the role ${ROLE_ARN}`);
		expect(worded.description).toMatch(/requires an External ID/);
		// A failure is not kept: the next request asks STS again, and works once STS agrees.
		sts.answerWith({});
		await list(s);
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests).toHaveLength(1);
	});

	it('an STS that throttles is asked again within the same AssumeRole', async () => {
		let calls = 0;
		sts.answerWith((): StsAnswer => (++calls === 1 ? { error: 'Throttling', message: 'Rate exceeded', status: 400 } : {}));
		// A role of its own: the pacing STS's throttle starts is kept per role for the life of the process.
		await list(session(roleCredential({ roleArn: 'arn:aws:iam::123456789012:role/Throttled' })));
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests[0].signedBy).toBe(sts.issued[0].accessKeyId);
	});

	it("the role's keys stay in memory: never written to the credential, and scrubbed from messages", async () => {
		const credentials = roleCredential();
		const before = JSON.stringify(credentials);
		const s = session(credentials);
		await list(s);
		expect(JSON.stringify(credentials)).toBe(before);
		const { secretAccessKey, sessionToken } = sts.issued[0];
		expect(s.scrub(`AWS said ${secretAccessKey} and ${sessionToken}`)).not.toMatch(new RegExp(`${secretAccessKey}|${sessionToken}`));
		expect(s.keysFrom).toBe('role');
	});
});

describe('a shared AssumeRole and a cancelled run', () => {
	const ROLE_XML = (expiration: string) =>
		`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret-0123456789</SecretAccessKey><SessionToken>role-token-0123456789</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
	const credentials = {
		region: 'eu-west-1',
		authentication: 'assumeRole',
		roleArn: 'arn:aws:iam::123456789012:role/Shared',
		accessKeyId: 'AKIACALLER',
		secretAccessKey: 'caller-secret-0123456789',
	} as unknown as StepFunctionsCredentials;

	it("the run that asked is cancelled: another run waiting on the same AssumeRole asks again with its own, and gets the keys", async () => {
		forgetRoles();
		let cancelFirst: () => void = () => undefined;
		const first = roleOf(credentials, () => new Promise((_resolve, reject) => (cancelFirst = () => reject(new AwsError('AbortError', 'Request aborted')))));
		let secondAsked = 0;
		const second = roleOf(credentials, async () => {
			secondAsked++;
			return ROLE_XML(new Date(Date.now() + 3_600_000).toISOString());
		});
		const firstKeys = first.keys();
		const secondKeys = second.keys();
		cancelFirst();
		await expect(firstKeys).rejects.toMatchObject({ code: 'AbortError' });
		await expect(secondKeys).resolves.toMatchObject({ accessKeyId: 'ASIAROLE' });
		expect(secondAsked).toBe(1);
	});

	it('a run whose own signal fired does not ask again', async () => {
		forgetRoles();
		const cancelled = new AbortController();
		cancelled.abort();
		let asked = 0;
		const run = roleOf(
			credentials,
			async () => {
				asked++;
				throw new AwsError('AbortError', 'Request aborted');
			},
			cancelled.signal,
		);
		await expect(run.keys()).rejects.toMatchObject({ code: 'AbortError' });
		expect(asked).toBe(1);
	});
});
