import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { describeAwsError, readScrubbedAwsError } from '../helpers/errors';
import { LISTINGS, stateMachinesPage } from '../transport/listings';
import { createSfnSession, credentialProblem } from '../transport/sfnClient';
import type { StepFunctionsCredentials } from '../transport/sfnClient';

const TEST_ACTION = LISTINGS.stateMachine.action;

/**
 * The credential's "Test" button: one real, read-only call in the credential's region or endpoint.
 * Its messages tell a wrong key, a wrong secret or clock, an expired session token and a missing
 * permission apart.
 */
export async function awsStepFunctionsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const problem = credentialProblem(data);
	if (problem) return { status: 'Error', message: problem };

	const session = await createSfnSession(data as unknown as StepFunctionsCredentials);
	try {
		await stateMachinesPage(session, 1);
		return { status: 'OK', message: `Connected to Step Functions at ${session.endpoint}` };
	} catch (error) {
		const info = readScrubbedAwsError(error, session.scrub);
		if (info.code === 'AccessDeniedException') {
			return {
				status: 'Error',
				message: `The keys are valid, but this identity may not call states:${TEST_ACTION}, which only this test uses. Add it to the IAM policy, or save the credential anyway: the task callbacks need only states:SendTaskSuccess, states:SendTaskFailure and states:SendTaskHeartbeat.`,
			};
		}
		const { message, description } = describeAwsError(info, {
			action: TEST_ACTION,
			endpoint: session.endpoint,
			region: session.region,
			scrub: session.scrub,
		});
		return { status: 'Error', message: `${message}. ${description}` };
	} finally {
		session.close();
	}
}
