import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { describeError } from '../helpers/errors';
import { authenticationOf, systemSourceOf } from '../transport/credentials';
import { LISTINGS, stateMachinesPage } from '../transport/listings';
import { ProxySettingError } from '../transport/proxy';
import { createSfnSession, credentialProblem, requestContext } from '../transport/sfnClient';
import type { SfnSession, StepFunctionsCredentials } from '../transport/sfnClient';

const TEST_ACTION = LISTINGS.stateMachine.action;

/** Who the test acted as, for its success message; nothing for the credential's own keys. */
async function identityInWords(session: SfnSession, credentials: StepFunctionsCredentials): Promise<string | undefined> {
	const authentication = authenticationOf(credentials);
	if (authentication === 'accessKeys') return undefined;
	// Fetching the identity first tells a role or system problem apart from a Step Functions one.
	const identity = await session.client.config.credentials();
	if (authentication === 'assumeRole') return `the role ${String(credentials.roleArn).trim()}`;
	return `the n8n process's own credentials, from ${systemSourceOf(identity) ?? "the AWS SDK's default chain"}`;
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

	const credentials = data as unknown as StepFunctionsCredentials;
	let session: SfnSession;
	try {
		session = await createSfnSession(credentials);
	} catch (error) {
		// A proxy setting of the n8n process that cannot be used: nothing was sent.
		if (error instanceof ProxySettingError) return { status: 'Error', message: error.message };
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- n8n shows a test's thrown error as its message; only a proxy setting is expected here
		throw error;
	}
	try {
		const actingAs = await identityInWords(session, credentials);
		await stateMachinesPage(session, 1);
		const connected = `Connected to Step Functions at ${session.endpoint}`;
		return { status: 'OK', message: actingAs ? `${connected} as ${actingAs}` : connected };
	} catch (error) {
		const { info, identityFailed, message, description } = describeError(error, requestContext(session, TEST_ACTION));
		if (!identityFailed && info.code === 'AccessDeniedException') {
			const who = authenticationOf(credentials) === 'accessKeys' ? 'The keys are valid, but this identity' : 'The identity works, but it';
			return {
				status: 'Error',
				message: `${who} may not call states:${TEST_ACTION}, which only this test uses. Add it to the IAM policy, or save the credential anyway: the task callbacks need only states:SendTaskSuccess, states:SendTaskFailure and states:SendTaskHeartbeat.`,
			};
		}
		return { status: 'Error', message: `${message}. ${description}` };
	} finally {
		session.close();
	}
}
