import { createHash } from 'crypto';

import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { roleError, systemCredentialsError } from '../helpers/identityErrors';

import { routeTo } from './proxy';
import { loadCredentialProviders } from './sdk';

/** The credential's fields (credentials/AwsStepFunctionsApi.credentials.ts). */
export interface StepFunctionsCredentials {
	/** Missing in credentials saved before roles came: those are access keys */
	authentication?: Authentication;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	temporaryCredentials?: boolean;
	sessionToken?: string;
	roleArn?: string;
	externalId?: string;
	roleSessionName?: string;
	sourceCredentials?: 'accessKeys' | 'system';
	customEndpoint?: boolean;
	endpoint?: string;
	stsEndpoint?: string;
}

export type Authentication = 'accessKeys' | 'assumeRole' | 'system';

/**
 * The variable n8n's own AWS credentials use for the same gate: the process's credentials (an instance or
 * pod role) are open to every user of the n8n instance only when its administrator says so.
 */
const SYSTEM_CREDENTIALS_VARIABLE = 'N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED';

const DEFAULT_ROLE_SESSION_NAME = 'n8n';

/** IAM role ARNs of every partition (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc), path included. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** sts:AssumeRole's own rules for RoleSessionName and ExternalId. */
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export function authenticationOf(credentials: { authentication?: unknown }): Authentication {
	const value = credentials.authentication;
	return value === 'assumeRole' || value === 'system' ? value : 'accessKeys';
}

/** Whether the credential's keys (Access Key ID, Secret Access Key, Session Token) are used. */
function usesKeys(credentials: ICredentialDataDecryptedObject | StepFunctionsCredentials): boolean {
	const authentication = authenticationOf(credentials);
	return authentication === 'accessKeys' || (authentication === 'assumeRole' && credentials.sourceCredentials !== 'system');
}

/** Whether the n8n process's own credentials (the SDK's default chain) are used. */
function usesSystem(credentials: ICredentialDataDecryptedObject | StepFunctionsCredentials): boolean {
	return !usesKeys(credentials);
}

/** Read as n8n reads its own boolean settings (@n8n/config): "true" or "1", in any case. */
function systemCredentialsAllowed(): boolean {
	return ['true', '1'].includes((process.env[SYSTEM_CREDENTIALS_VARIABLE] ?? '').toLowerCase());
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value.trim());
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** The problem with the credential's identity fields, or undefined; checked before anything is sent. */
export function identityProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	const authentication = credentials.authentication;
	if (authentication !== undefined && authentication !== 'accessKeys' && authentication !== 'assumeRole' && authentication !== 'system') {
		return `Authentication "${String(authentication)}" is not one of Access Keys, Assume Role, System Credentials`;
	}
	if (usesSystem(credentials) && !systemCredentialsAllowed()) {
		return `${authenticationOf(credentials) === 'system' ? 'System Credentials are' : 'A role assumed with the system credentials is'} switched off on this n8n instance. Its administrator can allow them by starting n8n with the environment variable ${SYSTEM_CREDENTIALS_VARIABLE}=true: then every user of this instance can act as the n8n process's own AWS identity`;
	}
	if (usesKeys(credentials)) {
		if (text(credentials.accessKeyId) === '') return 'Access Key ID is empty';
		if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') return 'Secret Access Key is empty';
		if (credentials.temporaryCredentials === true && !credentials.sessionToken) {
			return 'Temporary Credentials is on but the Session Token is empty';
		}
	}
	if (authenticationOf(credentials) === 'assumeRole') {
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
	if (credentials.customEndpoint === true && text(credentials.stsEndpoint) !== '' && !isHttpUrl(credentials.stsEndpoint)) {
		return 'STS Endpoint is not an http:// or https:// URL';
	}
	return undefined;
}

/** The STS endpoint the credential names (Custom Endpoint on), else undefined: the SDK's own choice. */
function stsEndpointOf(credentials: StepFunctionsCredentials): string | undefined {
	return credentials.customEndpoint === true && text(credentials.stsEndpoint) !== '' ? text(credentials.stsEndpoint) : undefined;
}

/**
 * An endpoint as messages show it: a user:password in it is never shown. Everything up to the LAST "@" is
 * user info, as URL parsing takes it, even when the password holds "@" or "/".
 */
export function withoutUserInfo(endpoint: string): string {
	return endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^?#]*@/i, '$1');
}

/** A service's regional AWS endpoint as the SDK resolves it (China and the European Sovereign Cloud have their own domains). */
export function regionalEndpoint(service: 'states' | 'sts', region: string): string {
	const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : region.startsWith('eusc-') ? 'amazonaws.eu' : 'amazonaws.com';
	return `https://${service}.${region}.${domain}`;
}

/** Where STS calls go, for messages: never holds user info. */
export function stsEndpointLabel(credentials: StepFunctionsCredentials): string {
	const configured = stsEndpointOf(credentials) ?? text(process.env.AWS_ENDPOINT_URL_STS);
	return configured ? withoutUserInfo(configured) : regionalEndpoint('sts', credentials.region.trim());
}

/** What the client signs with, and the secrets that must never show. */
export interface Identity {
	credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
	/** Known secrets: the credential's own, the proxy's, and those of the temporary identities in use */
	secrets(): string[];
	/**
	 * A request's deadline error, marked as the role's or system chain's failure when the identity was still
	 * being fetched (STS or the chain hung, not Step Functions); otherwise the error itself.
	 */
	stalled(error: unknown): unknown;
}

/** Temporary credentials are renewed this long before they expire (the SDK's own margin). */
const RENEW_BEFORE_MS = 5 * 60_000;
/** STS calls are rare (about one an hour per credential): a short timeout, the SDK's standard retries. */
const STS_TIMEOUT_MS = 10_000;
/** Enough for every credential of a busy instance; the least recently used is dropped first. */
const CACHE_LIMIT = 500;
/**
 * An identity is used at least this long after it was fetched, whatever its expiration says: with a clock
 * ahead of STS's by an hour, every answer looks expired already, and each request would assume the role again.
 */
const MIN_REUSE_MS = 60_000;
/** The secrets of this many identities are kept for scrubbing: the current one and the one before (requests may still be in flight with it). */
const IDENTITIES_SCRUBBED = 2;

interface CachedIdentity {
	provider: AwsCredentialIdentityProvider;
	/** Secret parts of the identities in use and the proxy's, for scrubbing */
	secrets(): string[];
	/** Whether a fetch is in flight */
	fetching(): boolean;
	/** Marks an error as this identity's failure (a role or the system chain) */
	describe(error: unknown): unknown;
}

/**
 * Role and system identities, kept for the life of the n8n process, keyed by a hash of the credential's
 * fields (never the secrets themselves): items and node runs reuse one AssumeRole until shortly before it
 * expires. Nothing is written to disk.
 */
const identities = new Map<string, Promise<CachedIdentity>>();

function cacheKey(credentials: StepFunctionsCredentials): string {
	const fields = [
		authenticationOf(credentials),
		credentials.region.trim(),
		text(credentials.roleArn),
		credentials.externalId ?? '',
		text(credentials.roleSessionName) || DEFAULT_ROLE_SESSION_NAME,
		credentials.sourceCredentials ?? 'accessKeys',
		usesKeys(credentials) ? text(credentials.accessKeyId) : '',
		usesKeys(credentials) ? (credentials.secretAccessKey ?? '') : '',
		usesKeys(credentials) && credentials.temporaryCredentials === true ? (credentials.sessionToken ?? '') : '',
		stsEndpointOf(credentials) ?? '',
	];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Empties the cache: for tests that count AssumeRole calls. */
export function forgetIdentities(): void {
	identities.clear();
}

function staticKeys(credentials: StepFunctionsCredentials): AwsCredentialIdentity {
	return {
		accessKeyId: text(credentials.accessKeyId),
		secretAccessKey: credentials.secretAccessKey ?? '',
		...(credentials.temporaryCredentials === true && credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
	};
}

/**
 * Reuses what the provider returned until RENEW_BEFORE_MS before it expires (and for MIN_REUSE_MS at least);
 * one fetch at a time.
 */
function renewing(
	fetch: AwsCredentialIdentityProvider,
	fixedSecrets: string[],
	describe: (error: unknown) => unknown,
): CachedIdentity {
	let current: AwsCredentialIdentity | undefined;
	let fetchedAt = 0;
	let pending: Promise<AwsCredentialIdentity> | undefined;
	const recentSecrets: string[][] = [];
	const fresh = (identity: AwsCredentialIdentity) =>
		identity.expiration === undefined ||
		identity.expiration.getTime() - Date.now() > RENEW_BEFORE_MS ||
		Date.now() - fetchedAt < MIN_REUSE_MS;
	const provider: AwsCredentialIdentityProvider = async () => {
		if (current && fresh(current)) return current;
		pending ??= fetch()
			.then((identity) => {
				recentSecrets.push([identity.secretAccessKey, identity.sessionToken ?? ''].filter((secret) => secret !== ''));
				recentSecrets.splice(0, recentSecrets.length - IDENTITIES_SCRUBBED);
				current = identity;
				fetchedAt = Date.now();
				return identity;
			})
			.catch((error: unknown) => {
				throw describe(error);
			})
			.finally(() => {
				pending = undefined;
			});
		return await pending;
	};
	return {
		provider,
		secrets: () => [...fixedSecrets, ...recentSecrets.flat()],
		fetching: () => pending !== undefined,
		describe,
	};
}

async function stsClientConfig(credentials: StepFunctionsCredentials) {
	const endpoint = stsEndpointOf(credentials);
	const route = await routeTo(endpoint ?? stsEndpointLabel(credentials), { keepAlive: false });
	return {
		config: {
			region: credentials.region.trim(),
			...(endpoint ? { endpoint } : {}),
			requestHandler: {
				requestTimeout: STS_TIMEOUT_MS,
				throwOnRequestTimeout: true,
				connectionTimeout: STS_TIMEOUT_MS,
				httpAgent: route.http,
				httpsAgent: route.https,
			},
		},
		proxySecrets: route.proxySecrets,
		proxy: route.proxy,
	};
}

async function buildIdentity(credentials: StepFunctionsCredentials): Promise<CachedIdentity> {
	const { fromNodeProviderChain, fromTemporaryCredentials } = await loadCredentialProviders();
	const { config, proxySecrets, proxy } = await stsClientConfig(credentials);
	const authentication = authenticationOf(credentials);
	const stsEndpoint = stsEndpointLabel(credentials);
	const system = (): AwsCredentialIdentityProvider => {
		const chain = fromNodeProviderChain({ clientConfig: config });
		return async () => {
			try {
				return await chain();
			} catch (error) {
				throw systemCredentialsError(error, stsEndpoint, proxy);
			}
		};
	};
	if (authentication === 'system') {
		return renewing(system(), proxySecrets, (error) => systemCredentialsError(error, stsEndpoint, proxy));
	}
	const roleArn = text(credentials.roleArn);
	const externalId = credentials.externalId ? credentials.externalId : undefined;
	const caller = credentials.sourceCredentials === 'system' ? 'system' : 'accessKeys';
	const assume = fromTemporaryCredentials({
		params: {
			RoleArn: roleArn,
			RoleSessionName: text(credentials.roleSessionName) || DEFAULT_ROLE_SESSION_NAME,
			...(externalId ? { ExternalId: externalId } : {}),
		},
		masterCredentials: caller === 'system' ? system() : staticKeys(credentials),
		clientConfig: config,
	});
	const context = { roleArn, externalIdGiven: externalId !== undefined, stsEndpoint, caller, proxy } as const;
	return renewing(assume, proxySecrets, (error) => roleError(error, context));
}

/** The identity the Step Functions client signs with: the keys themselves, or a cached role or system identity. */
export async function identityFor(credentials: StepFunctionsCredentials): Promise<Identity> {
	const own = [credentials.secretAccessKey, credentials.sessionToken, credentials.externalId].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	if (authenticationOf(credentials) === 'accessKeys') return { credentials: staticKeys(credentials), secrets: () => own, stalled: (error) => error };
	const key = cacheKey(credentials);
	// The promise is kept at once, so that runs started together on a cold cache share one AssumeRole.
	let building = identities.get(key);
	if (building) {
		// Most recently used last, so that the oldest is dropped first.
		identities.delete(key);
	} else {
		building = buildIdentity(credentials);
		const built = building;
		// A build that failed (a proxy setting the node cannot use) is not kept.
		built.catch(() => {
			if (identities.get(key) === built) identities.delete(key);
		});
		if (identities.size >= CACHE_LIMIT) identities.delete(identities.keys().next().value as string);
	}
	identities.set(key, building);
	const cached = await building;
	return {
		credentials: cached.provider,
		secrets: () => [...own, ...cached.secrets()],
		stalled: (error) => (cached.fetching() ? cached.describe(error) : error),
	};
}

/** The SDK's names for where the default chain found credentials ($source of the identity), for the credential test. */
const SYSTEM_SOURCES: Record<string, string> = {
	CREDENTIALS_ENV_VARS: 'the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
	CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, e.g. EKS IRSA)',
	CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'a web identity token (AssumeRoleWithWebIdentity)',
	CREDENTIALS_HTTP: 'the container credentials endpoint (ECS task role or EKS Pod Identity)',
	CREDENTIALS_IMDS: 'the EC2 instance metadata service (instance profile)',
	CREDENTIALS_PROFILE: 'a profile of the shared AWS config files',
	CREDENTIALS_PROFILE_SOURCE_PROFILE: 'a profile of the shared AWS config files',
	CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: 'a web identity profile of the shared AWS config files',
	CREDENTIALS_PROFILE_SSO: 'an SSO profile of the shared AWS config files',
	CREDENTIALS_SSO: 'AWS IAM Identity Center (SSO)',
	CREDENTIALS_PROFILE_PROCESS: 'a credential_process of the shared AWS config files',
	CREDENTIALS_PROCESS: 'a credential_process',
};

/** Where the SDK's default chain found the identity, in words; undefined when the SDK did not say. */
export function systemSourceOf(identity: AwsCredentialIdentity): string | undefined {
	const features = (identity as { $source?: Record<string, string> }).$source ?? {};
	// Web identity and profile sources record their STS step too; the most specific one is named.
	const known = Object.keys(features).filter((feature) => feature in SYSTEM_SOURCES);
	const preferred = known.find((feature) => feature !== 'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID') ?? known[0];
	if (preferred) return SYSTEM_SOURCES[preferred];
	// The chain's last step records no source for instance metadata (nor for its older container provider):
	// like the chain, it is the container endpoint when its variables are set, else instance metadata.
	const container = text(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) || text(process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
	return Object.keys(features).length === 0 ? SYSTEM_SOURCES[container ? 'CREDENTIALS_HTTP' : 'CREDENTIALS_IMDS'] : undefined;
}
