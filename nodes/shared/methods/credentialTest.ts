import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { signAwsRequest } from '../aws/authenticate';
import type { N8nHttp } from '../aws/client';
import { authenticationOf, credentialProblem, text } from '../aws/credentialFields';
import { LISTINGS, stateMachinesPage } from '../aws/listings';
import { createSession, requestContext } from '../aws/session';
import { describeError } from '../errors/aws';

const TEST_ACTION = LISTINGS.stateMachine.action;

/**
 * n8n gives a credential test only its `request` helper (no httpRequestWithAuthentication): the request is
 * signed by the same function n8n calls as the credential's authenticate(), then sent by n8n.
 */
function testHttp(ctx: ICredentialTestFunctions): N8nHttp {
	return async (options: IHttpRequestOptions, data: ICredentialDataDecryptedObject): Promise<IN8nHttpFullResponse> => {
		const signed = await signAwsRequest(data, options);
		const response = (await ctx.helpers.request({
			uri: signed.url,
			method: signed.method,
			headers: signed.headers,
			body: signed.body,
			timeout: signed.timeout,
			resolveWithFullResponse: true,
			simple: false,
		})) as { body: unknown; headers: IN8nHttpFullResponse['headers']; statusCode: number; statusMessage?: string };
		return { body: response.body as IN8nHttpFullResponse['body'], headers: response.headers, statusCode: response.statusCode, statusMessage: response.statusMessage };
	};
}

/**
 * The credential's "Test" button: for a role, first sts:AssumeRole, then one real, read-only Step Functions
 * call in the credential's region or endpoint. Its messages tell a wrong key, a wrong secret or clock, an
 * expired session token, a role that cannot be assumed and a missing permission apart.
 */
export async function awsStepFunctionsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const problem = credentialProblem(data);
	if (problem) return { status: 'Error', message: problem };

	const session = createSession(data, testHttp(this));
	const role = authenticationOf(data) === 'assumeRole' ? text(data.roleArn) : undefined;
	try {
		await stateMachinesPage(session, 1);
		const connected = `Connected to Step Functions at ${session.endpoint}`;
		return { status: 'OK', message: role ? `${connected} as the role ${role}` : connected };
	} catch (error) {
		const { info, identityFailed, message, description } = describeError(error, requestContext(session, TEST_ACTION));
		if (!identityFailed && info.code === 'AccessDeniedException') {
			const who = role ? 'The identity works, but it' : 'The keys are valid, but this identity';
			return {
				status: 'Error',
				message: `${who} may not call states:${TEST_ACTION}, which only this test uses. Add it to the IAM policy, or save the credential anyway: the task callbacks need only states:SendTaskSuccess, states:SendTaskFailure and states:SendTaskHeartbeat.`,
			};
		}
		return { status: 'Error', message: `${message}. ${description}` };
	}
}
