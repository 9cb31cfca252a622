import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { forgetRoles } from '../../nodes/shared/aws/roles';
import { everyText, setEnv, signingKeyOf, signingScopeOf, startSignedSfnStub, startStsStub } from '../helpers/awsStandIns';
import type { SfnStub, StsStub } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { sentRequests } from '../helpers/n8nHttp';
import { closedLoopbackPort, startRawStub } from '../helpers/stubStepFunctions';

/**
 * Assume Role: the credential's keys call sts:AssumeRole on an STS stand-in (XML answers as the real STS), sent
 * through n8n's HTTP helper like every other request, and Step Functions requests are signed with the role's
 * temporary keys. Everything is read off the wire: the AssumeRole parameters, which key signed which request,
 * the session token header, how often STS is asked.
 */
const ROLE_ARN = 'arn:aws:iam::210987654321:role/StepFunctionsCaller';
const CALLER_KEY = 'AKIACALLER0000000001';
const CALLER_SECRET = 'caller-Secret-Key/+never-shown-0123456789';
const CALLER_TOKEN = 'caller-session-token-IQoJb3JpZ2luX2VjE-never-shown';
const EXTERNAL_ID = 'ext-id-Confused-Deputy-4711';
const MACHINE = 'arn:aws:states:us-east-1:210987654321:stateMachine:Orders';
const describeMachine = { resource: 'stateMachine', operation: 'describe', stateMachine: { __rl: true, mode: 'arn', value: MACHINE } };

let sts: StsStub;
let sfn: SfnStub;

beforeEach(async () => {
	forgetRoles();
	sts = await startStsStub();
	sfn = await startSignedSfnStub();
});
afterEach(async () => {
	forgetRoles();
	await sts.stop();
	await sfn.stop();
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
		roleSessionName: 'n8n-orders',
		sourceCredentials: 'accessKeys',
		customEndpoint: true,
		endpoint: sfn.endpoint,
		stsEndpoint: sts.endpoint,
		...overrides,
	} as ICredentialDataDecryptedObject;
}

function runNode(credentials: ICredentialDataDecryptedObject, onError: OnError = 'stopWorkflow', count = 1) {
	const items = Array.from({ length: count }, () => ({ ...describeMachine, requestOptions: { retryAttempts: 0 } }));
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

describe('assume role with access keys', () => {
	it('calls AssumeRole with the role ARN, external id and session name, signed by the caller; the role keys sign Step Functions', async () => {
		const [items] = await runNode(roleCredentials(), 'stopWorkflow', 3);
		expect(items.map((item) => item.json.stateMachineArn)).toEqual([MACHINE, MACHINE, MACHINE]);

		expect(sts.calls).toHaveLength(1);
		const [call] = sts.calls;
		expect(call.params).toMatchObject({
			Action: 'AssumeRole',
			Version: '2011-06-15',
			RoleArn: ROLE_ARN,
			ExternalId: EXTERNAL_ID,
			RoleSessionName: 'n8n-orders',
		});
		expect(call.signedBy).toBe(CALLER_KEY);
		expect(call.sessionToken).toBeUndefined();
		expect(call.region).toBe('us-east-1');

		const [role] = sts.issued;
		expect(sfn.requests.map((request) => request.action)).toEqual(['DescribeStateMachine', 'DescribeStateMachine', 'DescribeStateMachine']);
		for (const request of sfn.requests) {
			expect(request.signedBy).toBe(role.accessKeyId);
			expect(request.sessionToken).toBe(role.sessionToken);
		}
	});

	it('a caller with temporary keys sends its session token to STS; without External ID and Role Session Name, none and "n8n"', async () => {
		await runNode(roleCredentials({ temporaryCredentials: true, sessionToken: CALLER_TOKEN, externalId: '', roleSessionName: '' }));
		const [call] = sts.calls;
		expect(call.sessionToken).toBe(CALLER_TOKEN);
		expect(call.params.RoleSessionName).toBe('n8n');
		expect(call.params).not.toHaveProperty('ExternalId');
	});

	it("without an STS Endpoint the role is assumed at the region's STS host; the process's AWS_ENDPOINT_URL_STS is not read", async () => {
		// AWS's regional STS host, faked at the HTTP level: nothing leaves the machine.
		const calls: Array<{ body: string; authorization: string }> = [];
		const regional = nock('https://sts.us-east-1.amazonaws.com')
			.post('/')
			.reply(function (_uri, body) {
				calls.push({ body: String(body), authorization: String(this.req.headers.authorization) });
				return [
					200,
					'<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAREGIONAL00000001</AccessKeyId><SecretAccessKey>regional-role-secret</SecretAccessKey><SessionToken>regional-role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>',
					{ 'content-type': 'text/xml' },
				];
			});
		// n8n's verified community nodes may not read the environment: a variable pointing elsewhere changes nothing.
		const restore = setEnv({ AWS_ENDPOINT_URL_STS: sts.endpoint });
		try {
			await runNode(roleCredentials({ stsEndpoint: '' }));
		} finally {
			restore();
			nock.cleanAll();
		}
		expect(regional.isDone()).toBe(true);
		expect(sts.calls).toHaveLength(0);
		expect(Object.fromEntries(new URLSearchParams(calls[0].body))).toMatchObject({ Action: 'AssumeRole', RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID });
		expect(signingKeyOf(calls[0].authorization)).toBe(CALLER_KEY);
		expect(signingScopeOf(calls[0].authorization)).toEqual({ region: 'us-east-1', service: 'sts' });
		expect(sfn.requests.map((request) => [request.signedBy, request.sessionToken])).toEqual([['ASIAREGIONAL00000001', 'regional-role-token']]);
	});
});

describe('the role identity cache', () => {
	it('two node runs (two sessions through the router) share one AssumeRole', async () => {
		await runNode(roleCredentials(), 'stopWorkflow', 2);
		await runNode(roleCredentials(), 'stopWorkflow', 2);
		expect(sts.calls).toHaveLength(1);
		expect(new Set(sfn.requests.map((request) => request.signedBy))).toEqual(new Set([sts.issued[0].accessKeyId]));
		expect(sfn.requests).toHaveLength(4);
	});

	it('another credential (another external id, session name or caller key) gets a role session of its own', async () => {
		await runNode(roleCredentials());
		await runNode(roleCredentials({ externalId: 'another-external-id' }));
		await runNode(roleCredentials({ roleSessionName: 'other-session' }));
		await runNode(roleCredentials({ accessKeyId: 'AKIACALLER0000000002' }));
		await runNode(roleCredentials());
		expect(sts.calls.map((call) => [call.params.ExternalId, call.params.RoleSessionName, call.signedBy])).toEqual([
			[EXTERNAL_ID, 'n8n-orders', CALLER_KEY],
			['another-external-id', 'n8n-orders', CALLER_KEY],
			[EXTERNAL_ID, 'other-session', CALLER_KEY],
			[EXTERNAL_ID, 'n8n-orders', 'AKIACALLER0000000002'],
		]);
	});

	it('role keys are reused until five minutes before they expire, then the next run assumes the role again', async () => {
		// The clock of the n8n process moves on; STS hands out keys valid for an hour.
		const realNow = Date.now.bind(Date);
		let later = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + later);
		try {
			await runNode(roleCredentials());
			later = 54 * 60_000;
			await runNode(roleCredentials());
			expect(sts.calls).toHaveLength(1);
			later = 56 * 60_000;
			await runNode(roleCredentials());
			expect(sts.calls).toHaveLength(2);
			later = 100 * 60_000;
			await runNode(roleCredentials());
		} finally {
			jest.restoreAllMocks();
		}
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual([
			sts.issued[0].accessKeyId,
			sts.issued[0].accessKeyId,
			sts.issued[1].accessKeyId,
			sts.issued[1].accessKeyId,
		]);
		expect(sfn.requests.map((request) => request.sessionToken)).toEqual([
			sts.issued[0].sessionToken,
			sts.issued[0].sessionToken,
			sts.issued[1].sessionToken,
			sts.issued[1].sessionToken,
		]);
	});

	it('a failed AssumeRole is not cached: the next run asks again', async () => {
		sts.answerWith({ error: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole', status: 403 });
		await rejection(runNode(roleCredentials()));
		sts.answerWith({});
		await runNode(roleCredentials());
		expect(sts.calls).toHaveLength(2);
		expect(sfn.requests.map((request) => request.signedBy)).toEqual([sts.issued[0].accessKeyId]);
	});
});

describe('STS refusals are worded for the role step, and nothing reaches Step Functions', () => {
	const cases: Array<[string, string, number, Record<string, unknown>, RegExp, RegExp]> = [
		[
			'AccessDenied',
			`User: arn:aws:iam::123456789012:user/n8n is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
			403,
			{},
			/AWS refused to let the caller assume the role arn:aws:iam::210987654321:role\/StepFunctionsCaller/,
			/sts:ExternalId condition does not match the External ID given/,
		],
		[
			'AccessDenied',
			'not authorized to perform: sts:AssumeRole',
			403,
			{ externalId: '' },
			/AWS refused to let the caller assume the role/,
			/requires an External ID .* and none is given/,
		],
		['InvalidClientTokenId', 'The security token included in the request is invalid.', 403, {}, /Access Key ID is wrong or deleted/, /Check the Access Key ID/],
		['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403, {}, /Secret Access Key is wrong/, /clock/],
		['ExpiredToken', 'The security token included in the request is expired', 400, { temporaryCredentials: true, sessionToken: CALLER_TOKEN }, /session token has expired/, /Get new keys/],
		['RegionDisabledException', 'STS is not activated in this region for account:123456789012.', 403, {}, /STS is not activated in this region/, /STS endpoint: http:\/\/127\.0\.0\.1:\d+/],
	];

	it.each(cases)('%s (%s)', async (code, awsMessage, status, overrides, message, description) => {
		sts.answerWith({ error: code, message: awsMessage, status });
		const error = await rejection<{ message: string; description?: string }>(runNode(roleCredentials(overrides)));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
		expect(error.description).toContain(code);
		expect(error.message).not.toMatch(/Step Functions/);
		expect(sfn.requests).toHaveLength(0);

		// continue-on-fail: one error item per input item, with the same words
		const [items] = await runNode(roleCredentials(overrides), 'continueRegularOutput', 2);
		expect(items).toHaveLength(2);
		for (const item of items) expect(item.json.error).toMatch(message);

		const tested = await credentialTest(roleCredentials(overrides));
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(message);
		expect(sfn.requests).toHaveLength(0);
	});

	it('STS that cannot be reached is named with its address', async () => {
		const stsEndpoint = `http://127.0.0.1:${await closedLoopbackPort()}`;
		const error = await rejection<{ message: string; description?: string }>(runNode(roleCredentials({ stsEndpoint })));
		expect(error.message).toBe(`Could not reach STS at ${stsEndpoint} to get temporary credentials: connection refused`);
		expect(error.description).toMatch(/STS Endpoint|AWS_ENDPOINT_URL_STS/);
		const tested = await credentialTest(roleCredentials({ stsEndpoint }));
		expect(tested.message).toContain(`Could not reach STS at ${stsEndpoint}`);
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('credential checks before anything is sent', () => {
	it.each([
		[{ roleArn: 'arn:aws:iam::123:role/x' }, /Role ARN "arn:aws:iam::123:role\/x" is not an IAM role ARN/],
		[{ roleArn: 'arn:aws:iam::123456789012:user/bob' }, /is not an IAM role ARN/],
		[{ roleSessionName: 'has space' }, /Role Session Name "has space" must be 2 to 64 characters/],
		[{ externalId: 'x' }, /External ID must be 2 to 1,224 characters/],
		[{ accessKeyId: '' }, /Access Key ID is empty/],
		[{ stsEndpoint: 'ftp://127.0.0.1:1' }, /STS Endpoint is not an http:\/\/ or https:\/\/ URL/],
		[{ authentication: 'oauth' }, /Authentication "oauth" is not one of/],
	])('%o is refused', async (overrides, expected) => {
		const error = await rejection(runNode(roleCredentials(overrides)));
		expect(error.message).toMatch(expected);
		const tested = await credentialTest(roleCredentials(overrides));
		expect(tested).toEqual({ status: 'Error', message: expect.stringMatching(expected) });
		expect(sts.calls).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});

	it('role ARNs of every partition and with a path are accepted', async () => {
		for (const roleArn of [
			'arn:aws-cn:iam::123456789012:role/cn-role',
			'arn:aws-us-gov:iam::123456789012:role/ops/gov-role',
			'arn:aws-eusc:iam::123456789012:role/eu.sovereign@team',
		]) {
			await runNode(roleCredentials({ roleArn }));
		}
		expect(sts.calls.map((call) => call.params.RoleArn)).toEqual([
			'arn:aws-cn:iam::123456789012:role/cn-role',
			'arn:aws-us-gov:iam::123456789012:role/ops/gov-role',
			'arn:aws-eusc:iam::123456789012:role/eu.sovereign@team',
		]);
	});
});

describe('System Credentials, saved before they were removed', () => {
	// The n8n process's own identity (environment, container or instance credentials) may no longer be read by a
	// verified community node: such a credential must say so and what to choose instead, and send nothing.
	it.each([
		['Authentication: System Credentials', { authentication: 'system', accessKeyId: '', secretAccessKey: '', roleArn: '' }],
		['Assume Role with the System Credentials as the caller', { authentication: 'assumeRole', sourceCredentials: 'system', accessKeyId: '', secretAccessKey: '' }],
	])('%s is refused before anything is sent (both On Error modes and the Test button), naming the alternatives', async (_label, overrides) => {
		const credentials = roleCredentials(overrides);
		const sentBefore = sentRequests.length;
		const refused = /^The AWS Step Functions credential is not usable: System Credentials are no longer offered/;

		const error = await rejection<{ message: string; description?: string }>(runNode(credentials, 'stopWorkflow', 2));
		expect(error.message).toMatch(refused);
		expect(error.message).toContain('Access Keys');
		expect(error.message).toContain('Assume Role');
		expect(error.description).toMatch(/Nothing was sent/);

		const [items] = await runNode(credentials, 'continueRegularOutput', 2);
		expect(items).toHaveLength(2);
		for (const item of items) expect(item.json.error).toMatch(refused);

		const tested = await credentialTest(credentials);
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/^System Credentials are no longer offered.*Access Keys.*Assume Role/);

		expect(sentRequests.length).toBe(sentBefore);
		expect(sts.calls).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('the credential test for a role', () => {
	it('assumes the role first, then lists state machines as the role, and says so', async () => {
		const tested = await credentialTest(roleCredentials());
		expect(tested).toEqual({ status: 'OK', message: `Connected to Step Functions at ${sfn.endpoint} as the role ${ROLE_ARN}` });
		expect(sts.calls.map((call) => call.params.Action)).toEqual(['AssumeRole']);
		expect(sfn.requests).toEqual([{ action: 'ListStateMachines', signedBy: sts.issued[0].accessKeyId, sessionToken: sts.issued[0].sessionToken }]);
	});
});

describe('secrets never show', () => {
	it('STS echoing the secret key, session token and external id: no trace in the error, its items or the test', async () => {
		sts.answerWith((call) => ({
			error: 'AccessDenied',
			message: `Denied. Caller token ${String(call.sessionToken)}, external id ${call.params.ExternalId}, secret ${CALLER_SECRET}, ${encodeURIComponent(CALLER_SECRET)}`,
			status: 403,
		}));
		const credentials = roleCredentials({ temporaryCredentials: true, sessionToken: CALLER_TOKEN });
		const secrets = [CALLER_SECRET, CALLER_TOKEN, EXTERNAL_ID];
		const error = await rejection(runNode(credentials));
		const [items] = await runNode(credentials, 'continueErrorOutput');
		const tested = await credentialTest(credentials);
		// The stub did quote them: the request carried the token and the external id.
		expect(sts.calls[0].sessionToken).toBe(CALLER_TOKEN);
		expect(sts.calls[0].params.ExternalId).toBe(EXTERNAL_ID);
		expect(everyText(error)).toContain('AccessDenied');
		for (const text of [everyText(error), everyText(items), everyText(tested)]) {
			for (const secret of secrets) expect(text).not.toContain(secret);
		}
		// n8n routes an item to the error output only with nothing but error, message, details
		expect(Object.keys(items[0].json).sort()).toEqual(['error', 'message']);
	});

	it("Step Functions echoing the role's secret key and session token: no trace of them", async () => {
		const echo = await startRawStub((request) => ({
			status: 400,
			body: JSON.stringify({
				__type: 'InvalidSignatureException',
				// The role's keys, as a careless endpoint could quote them back: the token sent and the secret issued
				message: `Canonical request had x-amz-security-token:${String(request.headers['x-amz-security-token'])}; Authorization: ${String(request.headers.authorization)}; key ${sts.issued.at(-1)?.secretAccessKey ?? ''}`,
			}),
		}));
		try {
			const credentials = roleCredentials({ endpoint: echo.endpoint });
			const [items] = await runNode(credentials, 'continueErrorOutput');
			const error = await rejection(runNode(credentials));
			const tested = await credentialTest(credentials);
			const role = sts.issued[0];
			expect(sts.issued).toHaveLength(1);
			expect(echo.requests).toHaveLength(3);
			for (const request of echo.requests) {
				expect(signingKeyOf(String(request.headers.authorization))).toBe(role.accessKeyId);
				expect(request.headers['x-amz-security-token']).toBe(role.sessionToken);
			}
			for (const text of [everyText(items), everyText(error), everyText(tested)]) {
				expect(text).toMatch(/InvalidSignatureException|Secret Access Key/);
				expect(text).not.toContain(role.sessionToken);
				expect(text).not.toContain(role.secretAccessKey);
				expect(text).not.toContain(CALLER_SECRET);
				expect(text).not.toContain(EXTERNAL_ID);
			}
		} finally {
			await echo.stop();
		}
	});
});
