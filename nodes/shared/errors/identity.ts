import { interceptionWording, networkFailure } from './network';
import type { Wording } from './network';

/**
 * Messages for the step before any Step Functions call when the credential assumes a role: sts:AssumeRole,
 * called with the credential's access keys. Such an error carries an `identity` property (attached here, read
 * by aws.ts) so that it is never worded as if Step Functions had refused the request.
 */

export interface RoleContext {
	roleArn: string;
	externalIdGiven: boolean;
	/** Where STS calls went, for messages */
	stsEndpoint: string;
}

/** Marks an error of sts:AssumeRole; the original error (code, request id) is kept. */
export function roleError(error: unknown, context: RoleContext): unknown {
	const target = typeof error === 'object' && error !== null ? error : new Error(String(error));
	Object.assign(target, { identity: context });
	return target;
}

export function identityFailureOf(error: unknown): RoleContext | undefined {
	return typeof error === 'object' && error !== null ? (error as { identity?: RoleContext }).identity : undefined;
}

const NETWORK = /^(E[A-Z]{4,}|TimeoutError|RequestTimeout)$/;

const CALLER = "the credential's Access Key ID and Secret Access Key";

function stsUnreachable(code: string, stsEndpoint: string): Wording {
	return {
		message: `Could not reach STS at ${stsEndpoint} to get temporary credentials: ${networkFailure(code)}`,
		description: 'Check the network path to STS (firewall, VPC endpoint). With a custom endpoint, enter the STS Endpoint in the credential.',
	};
}

function roleWording(code: string, awsMessage: string, context: RoleContext): Wording {
	const role = context.roleArn;
	switch (code) {
		case 'AccessDenied':
		case 'AccessDeniedException':
			return {
				message: `AWS refused to let the caller assume the role ${role}`,
				description: context.externalIdGiven
					? `AWS gives this one answer for four causes, and does not say which: the role does not exist (check the account and name in the Role ARN); its trust policy does not name the caller (${CALLER}) as a principal; the trust policy's sts:ExternalId condition does not match the External ID given (it must match exactly); or the caller's own IAM policy does not allow sts:AssumeRole on this role.`
					: `AWS gives this one answer for four causes, and does not say which: the role does not exist (check the account and name in the Role ARN); its trust policy does not name the caller (${CALLER}) as a principal; the trust policy requires an External ID (an sts:ExternalId condition, usual for roles shared with another account) and none is given: enter it in the credential; or the caller's own IAM policy does not allow sts:AssumeRole on this role.`,
			};
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
			return {
				message: 'The caller of sts:AssumeRole is not known to AWS: its Access Key ID is wrong or deleted',
				description: `STS did not recognise ${CALLER}. Check the Access Key ID, and that the key is active in IAM.`,
			};
		case 'SignatureDoesNotMatch':
		case 'InvalidSignatureException':
			return {
				message: "The caller's signature for sts:AssumeRole does not match: the Secret Access Key is wrong",
				description: "Enter the Secret Access Key again. If it is right, check that this machine's clock is within 5 minutes of real time.",
			};
		case 'ExpiredToken':
		case 'ExpiredTokenException':
			return {
				message: "The caller's session token has expired",
				description: 'Temporary keys last hours at most. Get new keys (and session token) and enter them in the credential, or use long-term keys as the caller.',
			};
		case 'RegionDisabledException':
			return {
				message: 'STS is not activated in this region for the account',
				description: `Activate the region's STS endpoint in IAM (Account settings), or use another region. STS endpoint: ${context.stsEndpoint}.`,
			};
		case 'ValidationError':
			return {
				message: `AWS refused the AssumeRole parameters: ${awsMessage || code}`,
				description: 'Check the Role ARN, the Role Session Name and the External ID of the credential.',
			};
		default:
			return NETWORK.test(code)
				? stsUnreachable(code, context.stsEndpoint)
				: {
						message: `Could not assume the role ${role}: ${awsMessage || code}`,
						description: `STS answered ${code}.`,
					};
	}
}

/** The wording of a failed sts:AssumeRole, from its (scrubbed) code and message, and the answer's HTTP status. */
export function describeIdentityFailure(identity: RoleContext, code: string, awsMessage: string, httpStatusCode?: number): Wording {
	return (
		interceptionWording({ service: 'STS', endpoint: identity.stsEndpoint }, code, httpStatusCode) ??
		roleWording(code, awsMessage, identity)
	);
}
