import { networkFailure, proxyRefusal } from './proxyErrors';
import type { ProxyWording } from './proxyErrors';

/**
 * Messages for the step before any Step Functions call: getting the identity to sign with, by assuming a
 * role (sts:AssumeRole) or from the n8n process's own credentials (the SDK's default chain). Such an error
 * carries an `identity` property (attached here, read by errors.ts) so that it is never worded as if Step
 * Functions had refused the request.
 */

export interface RoleContext {
	roleArn: string;
	externalIdGiven: boolean;
	/** Where STS calls went, for messages */
	stsEndpoint: string;
	/** Who called sts:AssumeRole: the credential's keys or the n8n process's own credentials */
	caller: 'accessKeys' | 'system';
	/** The proxy STS calls went through, without user info */
	proxy?: string;
}

export type IdentityFailure = ({ kind: 'assumeRole' } & RoleContext) | { kind: 'system'; stsEndpoint: string; proxy?: string };

export type IdentityWording = ProxyWording;

/** Marks an error of sts:AssumeRole; the original error (code, request id) is kept. */
export function roleError(error: unknown, context: RoleContext): unknown {
	return markIdentityFailure(error, { kind: 'assumeRole', ...context });
}

/** Marks an error of the SDK's default credential chain. */
export function systemCredentialsError(error: unknown, stsEndpoint: string, proxy?: string): unknown {
	return markIdentityFailure(error, { kind: 'system', stsEndpoint, proxy });
}

function markIdentityFailure(error: unknown, identity: IdentityFailure): unknown {
	const target = typeof error === 'object' && error !== null ? error : new Error(String(error));
	// The innermost step names the failure: a system identity that fails while assuming a role is a caller problem.
	if (!('identity' in target)) Object.assign(target, { identity });
	return target;
}

export function identityFailureOf(error: unknown): IdentityFailure | undefined {
	return typeof error === 'object' && error !== null ? (error as { identity?: IdentityFailure }).identity : undefined;
}

const NETWORK = /^(E[A-Z]{4,}|TimeoutError|RequestTimeout)$/;

const SYSTEM_CHAIN =
	'The SDK looked, in this order, at: the environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, as EKS IRSA sets them), the shared config files (~/.aws), the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI, as ECS and EKS Pod Identity set them) and the EC2 instance metadata service.';

function callerWords(caller: RoleContext['caller']): string {
	return caller === 'system' ? "the n8n process's own AWS credentials" : "the credential's Access Key ID and Secret Access Key";
}

function roleWording(code: string, awsMessage: string, context: RoleContext): IdentityWording {
	const role = context.roleArn;
	const caller = callerWords(context.caller);
	switch (code) {
		case 'AccessDenied':
		case 'AccessDeniedException':
			return {
				message: `AWS refused to let the caller assume the role ${role}`,
				description: context.externalIdGiven
					? `AWS gives this one answer for four causes, and does not say which: the role does not exist (check the account and name in the Role ARN); its trust policy does not name the caller (${caller}) as a principal; the trust policy's sts:ExternalId condition does not match the External ID given (it must match exactly); or the caller's own IAM policy does not allow sts:AssumeRole on this role.`
					: `AWS gives this one answer for four causes, and does not say which: the role does not exist (check the account and name in the Role ARN); its trust policy does not name the caller (${caller}) as a principal; the trust policy requires an External ID (an sts:ExternalId condition, usual for roles shared with another account) and none is given: enter it in the credential; or the caller's own IAM policy does not allow sts:AssumeRole on this role.`,
			};
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
			return {
				message: 'The caller of sts:AssumeRole is not known to AWS: its Access Key ID is wrong or deleted',
				description: `STS did not recognise ${caller}. Check the Access Key ID, and that the key is active in IAM.`,
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
			return NETWORK.test(code) ? stsUnreachable(code, context.stsEndpoint, context.proxy) : {
				message: `Could not assume the role ${role}: ${awsMessage || code}`,
				description: `STS answered ${code}.`,
			};
	}
}

function stsUnreachable(code: string, stsEndpoint: string, proxy: string | undefined): IdentityWording {
	return {
		message: proxy
			? `Could not reach STS at ${stsEndpoint} through the proxy ${proxy}: ${networkFailure(code)}`
			: `Could not reach STS at ${stsEndpoint} to get temporary credentials: ${networkFailure(code)}`,
		description: proxy
			? "n8n's environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) sends STS requests through this proxy: check that it runs and lets them through, or exempt the STS host with NO_PROXY."
			: 'Check the network path to STS (firewall, VPC endpoint). With a custom endpoint, enter the STS Endpoint in the credential or set AWS_ENDPOINT_URL_STS for the n8n process.',
	};
}

/** A proxy that answered the STS request itself: it asked for a password (407) or refused to forward it. */
function stsProxyRefusal(code: string, stsEndpoint: string, proxy: string | undefined, httpStatusCode: number | undefined): IdentityWording | undefined {
	return proxy ? proxyRefusal({ name: 'STS', to: ' to STS', endpoint: stsEndpoint }, proxy, code, httpStatusCode) : undefined;
}

function systemWording(code: string, awsMessage: string, stsEndpoint: string, proxy: string | undefined): IdentityWording {
	if (NETWORK.test(code)) return stsUnreachable(code, stsEndpoint, proxy);
	if (code === 'CredentialsProviderError' || /could not load credentials/i.test(awsMessage)) {
		return {
			message: 'The n8n process has no AWS credentials of its own',
			description: `${SYSTEM_CHAIN} None gave credentials. Give the n8n process a role (EKS IRSA or Pod Identity, an ECS task role, an EC2 instance profile) or use Access Keys. (${awsMessage})`,
		};
	}
	// The SDK's text stays out of the message: n8n's NodeApiError replaces a message that mentions ENOENT,
	// EACCES and the like (a token file that cannot be read) with its own generic text.
	return {
		message: "Could not get the n8n process's own AWS credentials",
		description: `${SYSTEM_CHAIN} The source it found failed with ${code}: ${awsMessage || code}`,
	};
}

/** The wording of an identity failure, from its (scrubbed) code and message, and the answer's HTTP status. */
export function describeIdentityFailure(identity: IdentityFailure, code: string, awsMessage: string, httpStatusCode?: number): IdentityWording {
	const refusedByProxy = stsProxyRefusal(code, identity.stsEndpoint, identity.proxy, httpStatusCode);
	if (refusedByProxy) return refusedByProxy;
	return identity.kind === 'assumeRole'
		? roleWording(code, awsMessage, identity)
		: systemWording(code, awsMessage, identity.stsEndpoint, identity.proxy);
}
