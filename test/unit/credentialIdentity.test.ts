import { credentialProblem } from '../../nodes/shared/aws/credentialFields';
import { stsLabel } from '../../nodes/shared/aws/endpoints';
import { sessionFromCredential } from '../../nodes/shared/aws/session';
import { setEnv } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

/** The identity fields of the credential: where STS is said to be, and which choices are refused before sending. */

const ROLE_ARN = 'arn:aws:iam::123456789012:role/StepFunctionsCaller';
const keys = { region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key' };

describe('the STS endpoint named in messages', () => {
	it.each([
		['us-east-1', 'https://sts.us-east-1.amazonaws.com'],
		['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com'],
		['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn'],
		['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu'],
	])('%s: the regional endpoint of its partition', (region, expected) => {
		expect(stsLabel({ region })).toBe(expected);
	});

	it("the STS Endpoint field (Custom Endpoint on), user info never shown; the process's AWS_ENDPOINT_URL_STS is not read", () => {
		const restore = setEnv({ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' });
		try {
			expect(stsLabel({ region: 'us-east-1' })).toBe('https://sts.us-east-1.amazonaws.com');
			expect(stsLabel({ region: 'us-east-1', customEndpoint: true, stsEndpoint: ' http://user:pa@ss@127.0.0.1:5000 ' })).toBe('http://127.0.0.1:5000');
			// Without Custom Endpoint the field is not used
			expect(stsLabel({ region: 'us-east-1', customEndpoint: false, stsEndpoint: 'http://127.0.0.1:5000' })).toBe('https://sts.us-east-1.amazonaws.com');
		} finally {
			restore();
		}
	});
});

describe('System Credentials, removed', () => {
	it.each([
		['System Credentials', { authentication: 'system' }],
		['a role assumed with the system credentials', { authentication: 'assumeRole', sourceCredentials: 'system', roleArn: ROLE_ARN }],
	])('%s: refused, whatever N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED says', (_what, fields) => {
		const restore = setEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: 'true' });
		try {
			expect(credentialProblem({ ...keys, ...fields })).toMatch(/^System Credentials are no longer offered: .*Choose Access Keys, or Assume Role/);
		} finally {
			restore();
		}
	});

	it('the node and the Test button say so and send nothing', async () => {
		const sfn = mockStepFunctions();
		try {
			const credentials = { region: 'us-east-1', authentication: 'system' };
			const error = await rejection(sessionFromCredential(executeContext({ items: [{}], credentials })));
			expect(error.message).toMatch(/^The AWS Step Functions credential is not usable: System Credentials are no longer offered/);
			const tested = await credentialTest(credentials);
			expect(tested.status).toBe('Error');
			expect(tested.message).toMatch(/^System Credentials are no longer offered/);
			expect(sfn.calls()).toHaveLength(0);
		} finally {
			sfn.restore();
		}
	});
});

describe('the other identity checks', () => {
	it('a credential saved before roles came (no Authentication) is Access Keys', () => {
		expect(credentialProblem(keys)).toBeUndefined();
		expect(credentialProblem({ ...keys, accessKeyId: '' })).toBe('Access Key ID is empty');
		expect(credentialProblem({ ...keys, secretAccessKey: '' })).toBe('Secret Access Key is empty');
	});

	it.each([
		[{ authentication: 'webIdentity' }, 'Authentication "webIdentity" is not one of Access Keys, Assume Role'],
		[{ temporaryCredentials: true, sessionToken: '' }, 'Temporary Credentials is on but the Session Token is empty'],
		[{ authentication: 'assumeRole', roleArn: 'StepFunctionsCaller' }, 'Role ARN "StepFunctionsCaller" is not an IAM role ARN such as arn:aws:iam::123456789012:role/StepFunctionsCaller'],
		[{ authentication: 'assumeRole', roleArn: ROLE_ARN, roleSessionName: 'has space' }, 'Role Session Name "has space" must be 2 to 64 characters of letters, digits and + = , . @ _ -'],
		[{ authentication: 'assumeRole', roleArn: ROLE_ARN, externalId: 'x' }, 'External ID must be 2 to 1,224 characters of letters, digits and + = , . @ : / _ -'],
	])('%j: %s', (fields, problem) => {
		expect(credentialProblem({ ...keys, ...fields })).toBe(problem);
	});

	it.each([
		[{ authentication: 'assumeRole', roleArn: ROLE_ARN }],
		[{ authentication: 'assumeRole', roleArn: 'arn:aws-cn:iam::123456789012:role/path/to/Role', roleSessionName: 'n8n@prod', externalId: 'shared:secret/42' }],
		[{ authentication: 'assumeRole', roleArn: 'arn:aws-us-gov:iam::123456789012:role/R', roleSessionName: '' }],
	])('%j is usable', (fields) => {
		expect(credentialProblem({ ...keys, ...fields })).toBeUndefined();
	});
});
