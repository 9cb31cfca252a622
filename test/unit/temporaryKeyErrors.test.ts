import { describeAwsError } from '../../nodes/shared/helpers/errors';
import type { AwsErrorInfo } from '../../nodes/shared/helpers/errors';
import { createSfnSession, requestContext } from '../../nodes/shared/transport/sfnClient';

const refused = (code: string): AwsErrorInfo => ({ code, awsMessage: 'The security token included in the request is invalid.', httpStatusCode: 400 });
const keys = { region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key' };

describe('a Step Functions refusal of the signing keys', () => {
	it('points at the key fields only when the credential holds the keys', async () => {
		const session = await createSfnSession(keys);
		const wording = describeAwsError(refused('UnrecognizedClientException'), requestContext(session, 'SendTaskSuccess'));
		expect(wording.message).toBe('AWS does not recognize the Access Key ID');
		session.close();
	});

	it.each([
		['assumeRole', { roleArn: 'arn:aws:iam::123456789012:role/StepFunctionsCaller' }, 'the role'],
		['system', {}, "the n8n process's own AWS credentials"],
	])('names the keys of %s as temporary keys it cannot fix in the credential', async (authentication, extra, source) => {
		process.env.N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED = 'true';
		try {
			// Building the session sends nothing: the identity is fetched on the first request.
			const session = await createSfnSession({ ...keys, ...extra, authentication: authentication as 'assumeRole' | 'system' });
			for (const code of ['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']) {
				const wording = describeAwsError(refused(code), requestContext(session, 'SendTaskSuccess'));
				expect(wording.message).toBe(`Step Functions refused the temporary keys from ${source} (${code})`);
				expect(wording.description).not.toContain('Access Key ID');
			}
			session.close();
		} finally {
			delete process.env.N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED;
		}
	});
});
