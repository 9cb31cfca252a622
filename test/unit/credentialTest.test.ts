
import { forgetRoles } from '../../nodes/shared/aws/roles';
import { startStsStub } from '../helpers/awsStandIns';
import type { StsStub } from '../helpers/awsStandIns';
import { AWS_CREDENTIALS, credentialTest } from '../helpers/executeContext';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';


const sfnMock = mockStepFunctionsInSuite();

beforeEach(() => sfnMock.reset());

describe('credential test ("Test" button)', () => {
	it('makes one read-only call and reports success with the endpoint', async () => {
		sfnMock.on('ListStateMachines').resolves({ stateMachines: [] });
		await expect(credentialTest(AWS_CREDENTIALS)).resolves.toEqual({
			status: 'OK',
			message: 'Connected to Step Functions at https://states.eu-west-1.amazonaws.com',
		});
		expect(sfnMock.commandCalls('ListStateMachines')).toEqual([{ maxResults: 1 }]);
		// Signed with the credential's keys, as n8n's request helper sends it.
		expect(String(sfnMock.calls()[0].headers.authorization)).toContain(`Credential=${AWS_CREDENTIALS.accessKeyId}/`);
	});

	it.each([
		['UnrecognizedClientException', 'The security token included in the request is invalid.', /Access Key ID/],
		['InvalidSignatureException', 'The request signature we calculated does not match', /Secret Access Key is wrong/],
		['InvalidSignatureException', 'Signature expired: 20261122T000000Z is now earlier than 20261122T001000Z', /clock is off/],
		['ExpiredTokenException', 'The security token included in the request is expired', /session token has expired/],
		['AccessDeniedException', 'not authorized to perform: states:ListStateMachines', /keys are valid.*states:ListStateMachines.*only this test/],
	])('%s: tells the cause apart (%s)', async (code, awsMessage, expected) => {
		sfnMock.on('ListStateMachines').rejects(code, awsMessage);
		const result = await credentialTest(AWS_CREDENTIALS);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
	});

	it('checks the fields before calling AWS', async () => {
		const result = await credentialTest({ ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: '' });
		expect(result).toEqual({ status: 'Error', message: 'Temporary Credentials is on but the Session Token is empty' });
		expect(sfnMock.calls()).toHaveLength(0);
	});

	it('never echoes the secret', async () => {
		sfnMock.on('ListStateMachines').rejects('InvalidSignatureException', `The request signature we calculated does not match ${AWS_CREDENTIALS.secretAccessKey}`);
		const result = await credentialTest(AWS_CREDENTIALS);
		expect(JSON.stringify(result)).not.toContain(AWS_CREDENTIALS.secretAccessKey);
	});
});

describe('credential test of a role', () => {
	const ROLE_ARN = 'arn:aws:iam::123456789012:role/StepFunctionsCaller';
	let sts: StsStub;
	let stub: StubStepFunctions;
	const role = () => ({
		...AWS_CREDENTIALS,
		authentication: 'assumeRole',
		roleArn: ROLE_ARN,
		customEndpoint: true,
		endpoint: stub.endpoint,
		stsEndpoint: sts.endpoint,
	});

	beforeAll(async () => {
		sts = await startStsStub();
		stub = await startStubStepFunctions();
	});
	afterAll(async () => {
		await sts.stop();
		await stub.stop();
	});
	beforeEach(() => {
		forgetRoles();
		sts.calls.length = 0;
		sts.answerWith({});
		stub.requests.length = 0;
	});

	it('assumes the role, then lists as the role', async () => {
		stub.answer('ListStateMachines', { body: { stateMachines: [] } });
		await expect(credentialTest(role())).resolves.toEqual({ status: 'OK', message: `Connected to Step Functions at ${stub.endpoint} as the role ${ROLE_ARN}` });
		expect(sts.calls.map((call) => call.signedBy)).toEqual([AWS_CREDENTIALS.accessKeyId]);
		expect(stub.requests.map((request) => request.action)).toEqual(['ListStateMachines']);
	});

	it("words STS's refusal as the role's, without calling Step Functions", async () => {
		sts.answerWith({ error: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole' });
		const result = await credentialTest(role());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(new RegExp(`^AWS refused to let the caller assume the role ${ROLE_ARN}\\. AWS gives this one answer for four causes`));
		expect(stub.requests).toHaveLength(0);
	});

	it('a role that may not list state machines: the identity works, the permission is missing', async () => {
		stub.answer('ListStateMachines', { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized' } });
		const result = await credentialTest(role());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The identity works, but it may not call states:ListStateMachines, which only this test uses/);
	});
});
