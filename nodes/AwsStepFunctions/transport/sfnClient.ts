import type { SFNClient, SFNClientConfig } from '@aws-sdk/client-sfn';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The SDK module, loaded on first use so that n8n's start-up does not pay for it. */
export type SfnSdk = typeof import('@aws-sdk/client-sfn');

/** One client per node run, shared by every item of that run. */
export interface SfnSession {
	client: SFNClient;
	sdk: SfnSdk;
	region: string;
	/** Where requests go, for error messages: never holds a secret */
	endpoint: string;
	/** Look-ups made once per run (a state machine's type, a name's ARN), keyed by what was looked up */
	lookups: Map<string, Promise<unknown>>;
	/** Fires when the user cancels the workflow run, so that waits end early */
	cancelSignal?: AbortSignal;
}

/** The credential's fields (credentials/AwsStepFunctionsApi.credentials.ts). */
export interface StepFunctionsCredentials {
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	temporaryCredentials?: boolean;
	sessionToken?: string;
	customEndpoint?: boolean;
	endpoint?: string;
}

// An activity worker's long poll (Get Activity Task) lasts up to 60 s, so a request may take over 65 s.
const REQUEST_TIMEOUT_MS = 70_000;
const CONNECTION_TIMEOUT_MS = 10_000;

/** Returns the problem with the credential's fields, or undefined when they are usable. */
export function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (typeof credentials.region !== 'string' || credentials.region.trim() === '') return 'Region is empty';
	if (typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId.trim() === '') return 'Access Key ID is empty';
	if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') return 'Secret Access Key is empty';
	if (credentials.temporaryCredentials === true && !credentials.sessionToken) {
		return 'Temporary Credentials is on but the Session Token is empty';
	}
	if (credentials.customEndpoint === true && !isHttpUrl(credentials.endpoint)) {
		return `Endpoint "${String(credentials.endpoint ?? '')}" is not an http:// or https:// URL`;
	}
	return undefined;
}

function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value.trim());
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function customEndpoint(credentials: StepFunctionsCredentials): string | undefined {
	return credentials.customEndpoint === true && credentials.endpoint ? credentials.endpoint.trim() : undefined;
}

/** The AWS endpoint of the region, as the SDK resolves it, for messages only. */
export function endpointLabel(credentials: StepFunctionsCredentials): string {
	const custom = customEndpoint(credentials);
	if (custom) return custom;
	const domain = credentials.region.startsWith('cn-')
		? 'amazonaws.com.cn'
		: credentials.region.startsWith('eusc-')
			? 'amazonaws.eu'
			: 'amazonaws.com';
	return `https://states.${credentials.region}.${domain}`;
}

export function clientConfig(credentials: StepFunctionsCredentials): SFNClientConfig {
	const endpoint = customEndpoint(credentials);
	return {
		region: credentials.region.trim(),
		credentials: {
			accessKeyId: credentials.accessKeyId.trim(),
			secretAccessKey: credentials.secretAccessKey,
			...(credentials.temporaryCredentials === true && credentials.sessionToken
				? { sessionToken: credentials.sessionToken }
				: {}),
		},
		...(endpoint
			? {
					endpoint,
					// StartSyncExecution carries a "sync-" host prefix that only AWS's own hosts resolve.
					disableHostPrefix: true,
				}
			: {}),
		requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
	};
}

export async function createSfnSession(
	credentials: StepFunctionsCredentials,
	cancelSignal?: AbortSignal,
): Promise<SfnSession> {
	const sdk = await import('@aws-sdk/client-sfn');
	return {
		client: new sdk.SFNClient(clientConfig(credentials)),
		sdk,
		region: credentials.region.trim(),
		endpoint: endpointLabel(credentials),
		lookups: new Map(),
		cancelSignal,
	};
}

/** Runs a look-up once per session; later calls with the same key share its result. */
export function lookupOnce<T>(session: SfnSession, key: string, lookup: () => Promise<T>): Promise<T> {
	let pending = session.lookups.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = lookup();
		// A failed look-up is not kept: the next item may succeed (e.g. after throttling).
		pending.catch(() => session.lookups.delete(key));
		session.lookups.set(key, pending);
	}
	return pending;
}

/**
 * Marks errors of a call that is not the operation's main action (a look-up, a poll), so that messages name
 * the IAM action that really failed, e.g. states:DescribeExecution rather than states:StartExecution.
 */
export async function asAction<T>(action: string, call: Promise<T>): Promise<T> {
	try {
		return await call;
	} catch (error) {
		if (typeof error === 'object' && error !== null) Object.assign(error, { sfnAction: action });
		throw error;
	}
}
