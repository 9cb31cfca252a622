import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { describeAwsError } from '../../nodes/shared/errors/aws';
import type { AwsErrorInfo } from '../../nodes/shared/errors/aws';
import type { N8nHttp } from '../../nodes/shared/aws/client';
import { createSession, requestContext } from '../../nodes/shared/aws/session';

const refused = (code: string): AwsErrorInfo => ({ code, awsMessage: 'The security token included in the request is invalid.', httpStatusCode: 400 });
const keys = { region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key' };

/** A session that must not send anything while it is built and worded. */
function quietSession(credentials: ICredentialDataDecryptedObject) {
	const http: N8nHttp = async () => {
		throw new Error('nothing should be sent');
	};
	return createSession(credentials, http);
}

describe('a Step Functions refusal of the signing keys', () => {
	it('points at the key fields only when the credential holds the keys', () => {
		const session = quietSession(keys);
		const wording = describeAwsError(refused('UnrecognizedClientException'), requestContext(session, 'SendTaskSuccess'));
		expect(wording.message).toBe('AWS does not recognize the Access Key ID');
	});

	it('names the keys of a role as temporary keys it cannot fix in the credential', () => {
		// Building the session sends nothing: the role is assumed on the first request.
		const session = quietSession({ ...keys, authentication: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/StepFunctionsCaller' });
		for (const code of ['UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException']) {
			const wording = describeAwsError(refused(code), requestContext(session, 'SendTaskSuccess'));
			expect(wording.message).toBe(`Step Functions refused the temporary keys from the role (${code})`);
			expect(wording.description).not.toContain('Access Key ID');
		}
	});
});
