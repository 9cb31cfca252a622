import type { SFNClient, SFNClientConfig } from '@aws-sdk/client-sfn';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { credentialsError, isThrottling, proxySettingError, requestNeverLeft } from '../helpers/errors';
import type { RequestContext } from '../helpers/errors';
import { secretScrubber } from '../helpers/scrub';
import type { Scrub } from '../helpers/scrub';
import { createLimiter } from '../helpers/concurrency';
import { pause } from '../helpers/wait';

import { authenticationOf, identityFor, identityProblem, isHttpUrl, regionalEndpoint, withoutUserInfo } from './credentials';
import type { StepFunctionsCredentials } from './credentials';
import { ProxySettingError, routeTo } from './proxy';
import type { Route } from './proxy';
import { loadSdk } from './sdk';
import type { SfnSdk } from './sdk';

export type { SfnSdk } from './sdk';
export type { StepFunctionsCredentials } from './credentials';

/** One client per node run, shared by every item of that run. */
export interface SfnSession {
	client: SFNClient;
	sdk: SfnSdk;
	region: string;
	/** Where requests go, for error messages: never holds a secret */
	endpoint: string;
	/** Whether requests go to the credential's custom endpoint rather than AWS's own */
	customEndpoint: boolean;
	/** The proxy requests go through (from the n8n process's HTTPS_PROXY and friends), without user info */
	proxy?: string;
	/** Where the signing keys come from, for error wording */
	keysFrom: RequestContext['keysFrom'];
	/** Look-ups made once per run (a state machine's type, a name's ARN), keyed by what was looked up */
	lookups: Map<string, Promise<unknown>>;
	/** Fires when the user cancels the workflow run: requests, polls and waits end at once */
	cancelSignal?: AbortSignal;
	/** Sends a command with the run's cancel signal; the SDK retries as the Request Options say */
	send: SFNClient['send'];
	/**
	 * Sends a command that must not reach AWS twice (a start without name idempotency): retried only after
	 * throttling or a connection that never opened, never after a timeout or a lost answer.
	 */
	sendUnrepeatable: SFNClient['send'];
	/** Removes the credential's secrets and credential-bearing header values from a text from outside */
	scrub: Scrub;
	/** Ends the session's connections */
	close(): void;
}

const CONNECTION_TIMEOUT_MS = 10_000;

/** How the client sends: set per node run from the Request Options. */
export interface ClientTuning {
	maxConcurrency: number;
	retryAttempts: number;
	requestTimeoutMs: number;
}

// An activity worker's long poll (Get Activity Task) lasts up to 60 s, so such a request may take over 65 s.
export const LONG_POLL_TIMEOUT_MS = 70_000;

/**
 * Five requests in flight: at AWS's usual 20-50 ms per call that is about 100-250 requests per second, under
 * the SendTask* refill of 300/s in every region and about StartExecution's 150/s in the smaller ones, where
 * adaptive retry slows the client down on throttling. One at a time would leave most of that unused.
 */
export const DEFAULT_MAX_CONCURRENCY = 5;
/** The SDK's own standard: three attempts in all. */
export const DEFAULT_RETRY_ATTEMPTS = 2;
export const DEFAULT_TIMEOUT_SECONDS = 30;

export const DEFAULT_TUNING: ClientTuning = {
	maxConcurrency: DEFAULT_MAX_CONCURRENCY,
	retryAttempts: DEFAULT_RETRY_ATTEMPTS,
	requestTimeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
};

/**
 * AWS region names: partition prefix, area, number (us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1).
 * Anything else would be sent to a host that does not exist; a custom endpoint may take any region name
 * (Step Functions Local, LocalStack).
 */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** What the SDK takes as a region at all (it becomes part of a host name and of the signature's scope). */
const ANY_REGION = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** Returns the problem with the credential's fields, or undefined when they are usable. */
export function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (typeof credentials.region !== 'string' || credentials.region.trim() === '') return 'Region is empty';
	if (credentials.customEndpoint !== true && !REGION_SHAPE.test(credentials.region.trim())) {
		return `Region "${credentials.region.trim()}" is not an AWS region name such as us-east-1 or eu-central-1`;
	}
	if (!ANY_REGION.test(credentials.region.trim())) {
		return `Region "${credentials.region.trim()}" may hold only letters, digits and inner hyphens, e.g. us-east-1`;
	}
	const identity = identityProblem(credentials);
	if (identity) return identity;
	if (credentials.customEndpoint === true && !isHttpUrl(credentials.endpoint)) {
		return `Endpoint "${withoutUserInfo(String(credentials.endpoint ?? ''))}" is not an http:// or https:// URL`;
	}
	return undefined;
}

function customEndpoint(credentials: StepFunctionsCredentials): string | undefined {
	return credentials.customEndpoint === true && credentials.endpoint ? credentials.endpoint.trim() : undefined;
}

/** The custom endpoint, or the region's AWS endpoint as the SDK resolves it. */
function endpointUrl(credentials: StepFunctionsCredentials): string {
	const custom = customEndpoint(credentials);
	if (custom) return custom;
	return regionalEndpoint('states', credentials.region.trim());
}

/** Where requests go, for messages only: never shows user info. */
export function endpointLabel(credentials: StepFunctionsCredentials): string {
	return withoutUserInfo(endpointUrl(credentials));
}

export function clientConfig(
	credentials: StepFunctionsCredentials,
	tuning: ClientTuning = DEFAULT_TUNING,
	agents: Pick<Route, 'http' | 'https'>,
	signWith: SFNClientConfig['credentials'],
): SFNClientConfig {
	const endpoint = customEndpoint(credentials);
	return {
		region: credentials.region.trim(),
		credentials: signWith,
		...(endpoint
			? {
					endpoint,
					// StartSyncExecution carries a "sync-" host prefix that only AWS's own hosts resolve.
					disableHostPrefix: true,
				}
			: {}),
		requestHandler: {
			requestTimeout: tuning.requestTimeoutMs,
			// Without this the SDK's HTTP handler only logs a warning when a request runs over its timeout.
			throwOnRequestTimeout: true,
			connectionTimeout: connectionTimeout(tuning),
			httpAgent: agents.http,
			httpsAgent: agents.https,
		},
		// Adaptive: standard retries with backoff, plus client-side rate limiting once AWS throttles.
		retryMode: 'adaptive',
		maxAttempts: tuning.retryAttempts + 1,
	};
}

/** A command as the client's send() takes it. */
type SfnCommand = Parameters<SFNClient['send']>[0];

const KEYS_FROM = { accessKeys: 'credential', assumeRole: 'role', system: 'system' } as const;

/** The SDK's longest pause between two attempts. */
const MAX_BACKOFF_MS = 20_000;

/** Opening a connection may take the request's own timeout, at most 10 s. */
function connectionTimeout(tuning: ClientTuning): number {
	return Math.min(CONNECTION_TIMEOUT_MS, tuning.requestTimeoutMs);
}

/** A request ended by the run's cancel, worded like the SDK's own abort (helpers/errors.ts). */
function cancelledRequestError(): Error {
	return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

/** A request that outlived its deadline, worded like the SDK's own timeouts (helpers/errors.ts). */
function deadlineError(deadlineMs: number): Error {
	return Object.assign(new Error(`No answer within ${Math.round(deadlineMs / 1000)} s, all attempts included`), { name: 'TimeoutError' });
}

/** The first retry of an unrepeatable request waits about this long, doubling each time, at most 20 s. */
const UNREPEATABLE_BACKOFF_MS = 200;

export async function createSfnSession(
	credentials: StepFunctionsCredentials,
	tuning: ClientTuning = DEFAULT_TUNING,
	cancelSignal?: AbortSignal,
): Promise<SfnSession> {
	const sdk = await loadSdk();
	// Keep-alive connections, one per request in flight, reused by every item of the run; through the
	// environment's proxy when it names one for this endpoint.
	const agents = await routeTo(endpointUrl(credentials), { keepAlive: true, maxSockets: tuning.maxConcurrency });
	const identity = await identityFor(credentials);
	const client = new sdk.SFNClient(clientConfig(credentials, tuning, agents, identity.credentials));
	// However a request stalls, it ends, and a cancel ends it at once. The SDK's abort signal alone does not
	// do it: once an answer's headers are in, the SDK waits for the body without listening to the signal, and a
	// proxy that refuses a CONNECT with a page cut short leaves it waiting forever on a socket with no timeout.
	// The deadline allows every attempt its full timeouts and the backoff between them.
	const deadlineMs =
		(tuning.retryAttempts + 1) * (tuning.requestTimeoutMs + connectionTimeout(tuning)) + tuning.retryAttempts * MAX_BACKOFF_MS;
	const withDeadline = async <T>(call: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> => {
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		let onCancel: (() => void) | undefined;
		const ended = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => {
				controller.abort();
				// Still waiting for STS or the system chain: worded as theirs, not as Step Functions'.
				reject(identity.stalled(deadlineError(deadlineMs)));
			}, deadlineMs);
			onCancel = () => {
				controller.abort();
				reject(cancelledRequestError());
			};
			if (cancelSignal?.aborted) onCancel();
			else cancelSignal?.addEventListener('abort', onCancel, { once: true });
		});
		try {
			return await Promise.race([call({ abortSignal: controller.signal }), ended]);
		} finally {
			clearTimeout(timer);
			if (onCancel) cancelSignal?.removeEventListener('abort', onCancel);
		}
	};
	// At most "Max Concurrent Requests" on the wire, however many items the router has in progress.
	const limit = createLimiter(tuning.maxConcurrency, cancelSignal);
	// Built on first use (only starts of EXPRESS machines need it), sharing the connections.
	let singleAttemptClient: SFNClient | undefined;
	const sendOnce = (command: SfnCommand) => {
		singleAttemptClient ??= new sdk.SFNClient({ ...clientConfig(credentials, tuning, agents, identity.credentials), maxAttempts: 1 });
		const once = singleAttemptClient;
		return withDeadline((options) => once.send(command, options));
	};
	const sendUnrepeatable = async (command: SfnCommand) => {
		for (let attempt = 0; ; attempt++) {
			try {
				return await sendOnce(command);
			} catch (error) {
				const safeToRepeat = isThrottling(error) || requestNeverLeft(error);
				const backoff = Math.random() * Math.min(MAX_BACKOFF_MS, UNREPEATABLE_BACKOFF_MS * 2 ** attempt);
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the router turns every error into a NodeApiError with its wording and secrets scrubbed, in one place (helpers/errors.ts)
				if (!safeToRepeat || attempt >= tuning.retryAttempts || !(await pause(backoff, cancelSignal))) throw error;
			}
		}
	};
	// Temporary identities (roles, the process's own) add their secrets as they are fetched: the scrubber is
	// rebuilt only when the secrets changed.
	let scrubber: { secrets: string; scrub: Scrub } | undefined;
	const currentScrubber = (): Scrub => {
		const secrets = [...identity.secrets(), ...agents.proxySecrets];
		const key = JSON.stringify(secrets);
		if (scrubber?.secrets !== key) scrubber = { secrets: key, scrub: secretScrubber(secrets) };
		return scrubber.scrub;
	};
	return {
		client,
		sdk,
		region: credentials.region.trim(),
		endpoint: endpointLabel(credentials),
		customEndpoint: customEndpoint(credentials) !== undefined,
		proxy: agents.proxy,
		keysFrom: KEYS_FROM[authenticationOf(credentials)],
		lookups: new Map(),
		cancelSignal,
		send: ((command: SfnCommand) => limit(() => withDeadline((options) => client.send(command, options)))) as SFNClient['send'],
		sendUnrepeatable: ((command: SfnCommand) => limit(() => sendUnrepeatable(command))) as SFNClient['send'],
		scrub: (text: string) => currentScrubber()(text),
		close() {
			client.destroy();
			singleAttemptClient?.destroy();
			agents.http.destroy();
			agents.https.destroy();
		},
	};
}

/** What n8n offers both execute() and the editor's list methods: the node and its credential. */
interface CredentialSource {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getNode(): INode;
}

/** The node's credential, checked, turned into a session; an unusable credential is a NodeOperationError. */
export async function sessionFromCredential(
	source: CredentialSource,
	tuning: ClientTuning = DEFAULT_TUNING,
	cancelSignal?: AbortSignal,
): Promise<SfnSession> {
	const credentials = await source.getCredentials('awsStepFunctionsApi');
	const problem = credentialProblem(credentials);
	if (problem) throw credentialsError(source.getNode(), problem);
	try {
		return await createSfnSession(credentials as unknown as StepFunctionsCredentials, tuning, cancelSignal);
	} catch (error) {
		// Anything else is the router's to word (helpers/errors.ts).
		throw error instanceof ProxySettingError ? proxySettingError(source.getNode(), error.message) : error;
	}
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
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the router turns every error into a NodeApiError with its wording and secrets scrubbed, in one place (helpers/errors.ts)
		throw error;
	}
}

/** What error wording needs to know about a request of this session: the action, where it went, the scrubber. */
export function requestContext(session: SfnSession, action: string): RequestContext {
	return {
		action,
		endpoint: session.endpoint,
		region: session.region,
		scrub: session.scrub,
		proxy: session.proxy,
		keysFrom: session.keysFrom,
	};
}
