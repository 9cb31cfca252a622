import type { IAllExecuteFunctions, ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import type { RequestContext } from '../errors/aws';
import { credentialsError } from '../errors/input';
import { createLimiter } from '../helpers/concurrency';
import { secretScrubber } from '../helpers/scrub';
import { settle } from '../helpers/settle';
import type { Scrub } from '../helpers/scrub';

import { callAws, readJsonAnswer } from './client';
import type { N8nHttp } from './client';
import { authenticationOf, credentialProblem, credentialSecrets, text } from './credentialFields';
import type { StepFunctionsCredentials } from './credentialFields';
import { stepFunctionsLabel, stepFunctionsUrl, usesCustomEndpoint } from './endpoints';
import { roleOf } from './roles';
import type { RoleHandle } from './roles';
import type { SfnAction, SfnInput, SfnOutput } from './sfnActions';

export const CREDENTIAL_TYPE = 'awsStepFunctionsApi';

/** One session per node run (or trigger activation, or editor look-up), shared by all its items. */
export interface SfnSession {
	region: string;
	/** Where requests go, for error messages: never holds a secret */
	endpoint: string;
	/** Whether requests go to the credential's custom endpoint rather than AWS's own */
	customEndpoint: boolean;
	/** Where the signing keys come from, for error wording */
	keysFrom: RequestContext['keysFrom'];
	/** Look-ups made once per run (a state machine's type, a name's ARN), keyed by what was looked up */
	lookups: Map<string, Promise<unknown>>;
	/** Fires when the user cancels the workflow run: requests, polls and waits end at once */
	cancelSignal?: AbortSignal;
	/** Sends an action; attempts are repeated as the Request Options say */
	call<A extends SfnAction>(action: A, input: SfnInput<A>): Promise<SfnOutput<A>>;
	/**
	 * Sends an action that must not reach AWS twice (a start without name idempotency): repeated only after
	 * throttling or a connection that never opened, never after a timeout or a lost answer.
	 */
	callUnrepeatable<A extends SfnAction>(action: A, input: SfnInput<A>): Promise<SfnOutput<A>>;
	/** Removes the credential's secrets and credential-bearing header values from a text from outside */
	scrub: Scrub;
}

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
 * adaptive pacing slows the client down on throttling. One at a time would leave most of that unused.
 */
export const DEFAULT_MAX_CONCURRENCY = 5;
/** The AWS SDKs' standard: three attempts in all. */
export const DEFAULT_RETRY_ATTEMPTS = 2;
export const DEFAULT_TIMEOUT_SECONDS = 30;

export const DEFAULT_TUNING: ClientTuning = {
	maxConcurrency: DEFAULT_MAX_CONCURRENCY,
	retryAttempts: DEFAULT_RETRY_ATTEMPTS,
	requestTimeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
};

/** STS calls are rare (about one an hour per credential): a short timeout, the standard attempts. */
const STS_TIMEOUT_MS = 10_000;
const STS_ATTEMPTS = 3;

/** What a session needs of n8n's context: the node, its credential and the authenticated HTTP helper. */
export interface N8nContext {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	helpers: { httpRequestWithAuthentication: IAllExecuteFunctions['helpers']['httpRequestWithAuthentication'] };
}

/**
 * n8n's helper, handed the credential's data the node already holds: n8n then neither looks the credential up
 * nor decrypts it again for each request (a database query each), and a role's keys ride along in memory.
 */
export function n8nHttp(context: N8nContext): N8nHttp {
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	const call = context.helpers.httpRequestWithAuthentication;
	return async (options: IHttpRequestOptions, data: ICredentialDataDecryptedObject) =>
		await call.call(context as unknown as IAllExecuteFunctions, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data },
		});
}

/** Signing data for each request: the credential's own, or with the role's current keys added. */
function signingDataSource(
	data: ICredentialDataDecryptedObject,
	role: RoleHandle | undefined,
): () => Promise<ICredentialDataDecryptedObject> {
	if (!role) return async () => data;
	let last: { keys: unknown; data: ICredentialDataDecryptedObject } | undefined;
	return async () => {
		const keys = await role.keys();
		if (last?.keys !== keys) last = { keys, data: { ...data, assumedRoleKeys: { ...keys } } };
		return last.data;
	};
}

export function createSession(
	data: ICredentialDataDecryptedObject,
	http: N8nHttp,
	tuning: ClientTuning = DEFAULT_TUNING,
	cancelSignal?: AbortSignal,
): SfnSession {
	const credentials = data as unknown as StepFunctionsCredentials;
	const region = credentials.region.trim();
	const endpoint = stepFunctionsLabel(credentials);
	const attempts = tuning.retryAttempts + 1;
	const role =
		authenticationOf(credentials) === 'assumeRole'
			? roleOf(
					credentials,
					async (request) =>
						await callAws(request, {
							http,
							credentialData: data,
							attempts: STS_ATTEMPTS,
							timeoutMs: STS_TIMEOUT_MS,
							// n8n ends this run's requests on its cancel anyway: said so, the failure reads as an abort.
							cancelSignal,
							paceKey: `sts ${text(credentials.roleArn)} ${text(credentials.accessKeyId)}`,
						}),
					cancelSignal,
				)
			: undefined;
	const signingData = signingDataSource(data, role);
	const paceKey = `${endpoint} ${role ? text(credentials.roleArn) : text(credentials.accessKeyId)}`;
	// At most "Max Concurrent Requests" on the wire, however many items the router has in progress.
	const limit = createLimiter(tuning.maxConcurrency, cancelSignal);
	const send = <A extends SfnAction>(action: A, input: SfnInput<A>, unrepeatable: boolean) =>
		limit(async () => {
			const answer = await callAws(
				{
					url: stepFunctionsUrl(credentials, action),
					headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${action}` },
					body: JSON.stringify(input),
				},
				{ http, credentialData: await signingData(), attempts, timeoutMs: tuning.requestTimeoutMs, cancelSignal, unrepeatable, paceKey },
			);
			return readJsonAnswer(answer) as SfnOutput<A>;
		});
	// A role's keys add their secrets as they come: the scrubber is rebuilt only when the secrets change.
	const ownSecrets = credentialSecrets(credentials);
	let scrubber: { secrets: string; scrub: Scrub } | undefined;
	const currentScrubber = (): Scrub => {
		const secrets = [...ownSecrets, ...(role?.secrets() ?? [])];
		const key = JSON.stringify(secrets);
		if (scrubber?.secrets !== key) scrubber = { secrets: key, scrub: secretScrubber(secrets) };
		return scrubber.scrub;
	};
	return {
		region,
		endpoint,
		customEndpoint: usesCustomEndpoint(credentials),
		keysFrom: role ? 'role' : 'credential',
		lookups: new Map(),
		cancelSignal,
		call: (action, input) => send(action, input, false),
		callUnrepeatable: (action, input) => send(action, input, true),
		scrub: (value: string) => currentScrubber()(value),
	};
}

/** The node's credential, checked, turned into a session; an unusable credential is a NodeOperationError. */
export async function sessionFromCredential(
	context: N8nContext,
	tuning: ClientTuning = DEFAULT_TUNING,
	cancelSignal?: AbortSignal,
): Promise<SfnSession> {
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const problem = credentialProblem(data);
	if (problem) throw credentialsError(context.getNode(), problem);
	return createSession(data, n8nHttp(context), tuning, cancelSignal);
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
	const outcome = await settle(call);
	if (outcome.ok) return outcome.value;
	if (typeof outcome.error === 'object' && outcome.error !== null) Object.assign(outcome.error, { sfnAction: action });
	throw outcome.error;
}

/** What error wording needs to know about a request of this session: the action, where it went, the scrubber. */
export function requestContext(session: SfnSession, action: string): RequestContext {
	return { action, endpoint: session.endpoint, region: session.region, scrub: session.scrub, keysFrom: session.keysFrom };
}
