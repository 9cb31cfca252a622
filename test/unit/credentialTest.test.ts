import { ListStateMachinesCommand, SFNClient, SFNServiceException } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS } from '../helpers/executeContext';

const sfnMock = mockClient(SFNClient);
const credentialTest = new AwsStepFunctions().methods.credentialTest.awsStepFunctionsApiTest;

function test(data: Record<string, unknown> = AWS_CREDENTIALS) {
	const credential: ICredentialsDecrypted = { id: '1', name: 'AWS', type: 'awsStepFunctionsApi', data: data as ICredentialsDecrypted['data'] };
	return credentialTest.call({} as ICredentialTestFunctions, credential);
}

function rejectWith(name: string, message: string) {
	sfnMock.on(ListStateMachinesCommand).rejects(
		new SFNServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: 400 } }),
	);
}

beforeEach(() => sfnMock.reset());

describe('credential test ("Test" button)', () => {
	it('makes one read-only call and reports success with the endpoint', async () => {
		sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
		await expect(test()).resolves.toEqual({
			status: 'OK',
			message: 'Connected to Step Functions at https://states.eu-west-1.amazonaws.com',
		});
		expect(sfnMock.commandCalls(ListStateMachinesCommand)[0].args[0].input).toEqual({ maxResults: 1 });
	});

	it.each([
		['UnrecognizedClientException', 'The security token included in the request is invalid.', /Access Key ID/],
		['InvalidSignatureException', 'The request signature we calculated does not match', /Secret Access Key is wrong/],
		['InvalidSignatureException', 'Signature expired: 20261122T000000Z is now earlier than 20261122T001000Z', /clock is off/],
		['ExpiredTokenException', 'The security token included in the request is expired', /session token has expired/],
		['AccessDeniedException', 'not authorized to perform: states:ListStateMachines', /keys are valid.*states:ListStateMachines.*only this test/],
	])('%s: tells the cause apart (%s)', async (code, awsMessage, expected) => {
		rejectWith(code, awsMessage);
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
	});

	it('checks the fields before calling AWS', async () => {
		const result = await test({ ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: '' });
		expect(result).toEqual({ status: 'Error', message: 'Temporary Credentials is on but the Session Token is empty' });
		expect(sfnMock.calls()).toHaveLength(0);
	});

	it('never echoes the secret', async () => {
		rejectWith('InvalidSignatureException', 'The request signature we calculated does not match');
		const result = await test();
		expect(JSON.stringify(result)).not.toContain(AWS_CREDENTIALS.secretAccessKey);
	});
});
