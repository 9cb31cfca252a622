import { endpointProblem } from './endpoints';
import type { SigningKeys } from './signer';

/** The credential's fields (credentials/AwsStepFunctionsApi.credentials.ts). */
export interface StepFunctionsCredentials {
	/** Missing in credentials saved before roles came: those are access keys */
	authentication?: string;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	temporaryCredentials?: boolean;
	sessionToken?: string;
	roleArn?: string;
	externalId?: string;
	roleSessionName?: string;
	customEndpoint?: boolean;
	endpoint?: string;
	stsEndpoint?: string;
	/**
	 * A role's temporary keys, added in memory by the node (aws/roles.ts) to the credential data it hands n8n
	 * for one request; never a field of the form, never saved.
	 */
	assumedRoleKeys?: SigningKeys;
}

export type Authentication = 'accessKeys' | 'assumeRole';

export const DEFAULT_ROLE_SESSION_NAME = 'n8n';

/** IAM role ARNs of every partition (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc), path included. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** sts:AssumeRole's own rules for RoleSessionName and ExternalId. */
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export function authenticationOf(credentials: { authentication?: unknown }): Authentication {
	return credentials.authentication === 'assumeRole' ? 'assumeRole' : 'accessKeys';
}

export function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** The keys the credential's fields hold: they sign Step Functions requests, or call sts:AssumeRole for a role. */
export function ownKeys(credentials: StepFunctionsCredentials): SigningKeys {
	return {
		accessKeyId: text(credentials.accessKeyId),
		secretAccessKey: credentials.secretAccessKey ?? '',
		...(credentials.temporaryCredentials === true && credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
	};
}

export function roleSessionNameOf(credentials: StepFunctionsCredentials): string {
	return text(credentials.roleSessionName) || DEFAULT_ROLE_SESSION_NAME;
}

/**
 * System Credentials read the n8n process's environment and files, which n8n's verification of community
 * packages forbids; a credential saved with them before says what to use instead.
 */
const SYSTEM_CREDENTIALS_REMOVED =
	"System Credentials are no longer offered: n8n's verified community nodes may not read the n8n process's environment or files. Choose Access Keys, or Assume Role with the keys of an IAM user that may only assume that role; n8n's external secrets keep keys out of n8n's database";

/** The problem with the credential's identity fields, or undefined; checked before anything is sent. */
function identityProblem(credentials: Record<string, unknown>): string | undefined {
	const authentication = credentials.authentication;
	if (authentication === 'system') return SYSTEM_CREDENTIALS_REMOVED;
	if (authentication !== undefined && authentication !== 'accessKeys' && authentication !== 'assumeRole') {
		return `Authentication "${String(authentication)}" is not one of Access Keys, Assume Role`;
	}
	if (authentication === 'assumeRole' && credentials.sourceCredentials === 'system') return SYSTEM_CREDENTIALS_REMOVED;
	if (text(credentials.accessKeyId) === '') return 'Access Key ID is empty';
	if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') return 'Secret Access Key is empty';
	if (credentials.temporaryCredentials === true && !credentials.sessionToken) {
		return 'Temporary Credentials is on but the Session Token is empty';
	}
	if (authentication === 'assumeRole') {
		const roleArn = text(credentials.roleArn);
		if (!ROLE_ARN.test(roleArn)) {
			return `Role ARN "${roleArn}" is not an IAM role ARN such as arn:aws:iam::123456789012:role/StepFunctionsCaller`;
		}
		const sessionName = text(credentials.roleSessionName) || DEFAULT_ROLE_SESSION_NAME;
		if (!ROLE_SESSION_NAME.test(sessionName)) {
			return `Role Session Name "${sessionName}" must be 2 to 64 characters of letters, digits and + = , . @ _ -`;
		}
		const externalId = typeof credentials.externalId === 'string' ? credentials.externalId : '';
		if (externalId !== '' && !EXTERNAL_ID.test(externalId)) {
			return 'External ID must be 2 to 1,224 characters of letters, digits and + = , . @ : / _ -';
		}
	}
	return undefined;
}

/** Returns the problem with the credential's fields, or undefined when they are usable. */
export function credentialProblem(credentials: Record<string, unknown>): string | undefined {
	return endpointProblem(credentials) ?? identityProblem(credentials);
}

/** The credential's own secrets, to keep out of every message. */
export function credentialSecrets(credentials: StepFunctionsCredentials): string[] {
	return [credentials.secretAccessKey, credentials.sessionToken, credentials.externalId].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}
