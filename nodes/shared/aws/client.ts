import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { pause } from '../helpers/wait';

import { AwsError } from './awsError';
import { amzDate } from './signer';
import { backoffMs, isThrottling, learnClockSkew, mayRepeat, pacerFor, skewedNow } from './retry';

/**
 * One way to AWS for every action: a request is signed by the credential and sent by n8n
 * (httpRequestWithAuthentication, which also applies n8n's proxy and SSRF settings), and its answer read as
 * the service's JSON or error. Attempts are repeated as aws/retry.ts says.
 */

/** n8n's authenticated HTTP helper for our credential type, bound to the node's context. */
export type N8nHttp = (options: IHttpRequestOptions, credentialData: ICredentialDataDecryptedObject) => Promise<IN8nHttpFullResponse>;

/** A request to one AWS endpoint, before it is signed. */
export interface AwsRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** How one call is sent. */
export interface CallSettings {
	http: N8nHttp;
	/** The credential data the request is signed with (a role's keys added in memory) */
	credentialData: ICredentialDataDecryptedObject;
	/** Tries in all, the first included */
	attempts: number;
	/** Longest wait for one attempt's answer */
	timeoutMs: number;
	/** Ends the call at once (the workflow run was cancelled, the trigger was stopped) */
	cancelSignal?: AbortSignal;
	/** Must not reach AWS twice: repeated only after throttling or a connection that never opened */
	unrepeatable?: boolean;
	/** Whose quota the call counts against, for adaptive pacing: endpoint and identity */
	paceKey: string;
}

/** Leeway past the HTTP timeout before an attempt is given up on: n8n's own timeout normally ends it first. */
const DEADLINE_LEEWAY_MS = 2_000;

function cancelled(): AwsError {
	return new AwsError('AbortError', 'Request aborted');
}

function header(headers: IN8nHttpFullResponse['headers'], name: string): string | undefined {
	const value = (headers as Record<string, unknown> | undefined)?.[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** Node's and axios's codes: ECONNREFUSED, ETIMEDOUT, ERR_CANCELED, DEPTH_ZERO_SELF_SIGNED_CERT... */
const ERROR_CODE = /^(E[A-Z]{3,}|ERR_[A-Z_]+|[A-Z]+(?:_[A-Z]+)+)$/;
const CODE_IN_TEXT = /\b(E[A-Z]{4,}|ERR_[A-Z_]{3,}|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+|CERT_[A-Z_]+)\b/;

type Thrown = { code?: unknown; httpCode?: unknown; cause?: unknown; errors?: Array<{ code?: unknown }>; messages?: unknown; message?: unknown };

/**
 * The code of a failure n8n's HTTP layer threw: a NodeApiError around axios's error, which keeps the code in
 * different places across n8n versions (its own code or httpCode, the cause, an AggregateError's parts, the
 * messages). Only the code is read: the rest carries the signed request (Authorization, X-Amz-Security-Token).
 */
function networkCode(error: unknown): string {
	const seen = new Set<unknown>();
	const texts: string[] = [];
	for (let e = error as Thrown | undefined; e && typeof e === 'object' && !seen.has(e); e = e.cause as Thrown | undefined) {
		seen.add(e);
		const candidates = [e.code, e.httpCode, ...(e.errors ?? []).map((part) => part.code)];
		const code = candidates.find((candidate): candidate is string => typeof candidate === 'string' && ERROR_CODE.test(candidate));
		if (code) return code;
		if (Array.isArray(e.messages)) texts.push(...e.messages.filter((text): text is string => typeof text === 'string'));
		if (typeof e.message === 'string') texts.push(e.message);
	}
	// n8n 2.x's SSRF protection refuses private addresses (a local emulator behind a custom endpoint) before sending.
	if (texts.some((text) => /blocked because it resolves to a restricted IP address/i.test(text))) return 'SsrfBlocked';
	return texts.map((text) => CODE_IN_TEXT.exec(text)?.[1]).find((code) => code !== undefined) ?? 'NetworkError';
}

/** axios's names for its own timeout and abort, as the wording knows them. */
function knownCode(code: string): string {
	return code === 'ECONNABORTED' || code === 'ERR_CANCELED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' ? 'TimeoutError' : code;
}

function failureOf(error: unknown, cancelSignal: AbortSignal | undefined): AwsError {
	if (cancelSignal?.aborted) return cancelled();
	if (error instanceof AwsError) return error;
	const code = knownCode(networkCode(error));
	// Only the code is kept: n8n's error holds the signed request (Authorization, X-Amz-Security-Token).
	return new AwsError(code, code === 'TimeoutError' ? 'No answer in time' : `Network error ${code}`);
}

/** AWS's error code from an answer: JSON `__type` ("prefix#Code" or "Code:uri"), STS's XML <Code>, or a header. */
function errorFromAnswer(response: IN8nHttpFullResponse): AwsError {
	const body = jsonIfJson(response.body);
	const details = {
		httpStatusCode: response.statusCode,
		requestId: header(response.headers, 'x-amzn-requestid') ?? header(response.headers, 'x-amz-request-id'),
		serverDate: header(response.headers, 'date'),
	};
	if (typeof body === 'object' && body !== null) {
		const answer = body as { __type?: unknown; code?: unknown; message?: unknown; Message?: unknown };
		const type = typeof answer.__type === 'string' ? answer.__type : typeof answer.code === 'string' ? answer.code : header(response.headers, 'x-amzn-errortype');
		const code = type ? type.replace(/^.*#/, '').replace(/:.*$/, '') : 'UnknownError';
		const message = answer.message ?? answer.Message;
		return new AwsError(code, typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message), details);
	}
	const textBody = typeof body === 'string' ? body : '';
	const xmlCode = /<Code>([^<]*)<\/Code>/.exec(textBody)?.[1];
	if (xmlCode) {
		const requestId = /<RequestId>([^<]*)<\/RequestId>/.exec(textBody)?.[1];
		return new AwsError(xmlCode, unescapeXml(/<Message>([^<]*)<\/Message>/.exec(textBody)?.[1] ?? ''), { ...details, requestId: details.requestId ?? requestId });
	}
	// Not the service's answer (a proxy's or gateway's page): its text is never quoted.
	return new AwsError('UnknownError', `HTTP ${response.statusCode} with an answer that is not AWS's`, details);
}

/** A text answer that is JSON, parsed (n8n leaves some answers as text); anything else as it is. */
function jsonIfJson(body: unknown): unknown {
	if (typeof body !== 'string' || !/^\s*[{[]/.test(body)) return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

export function unescapeXml(value: string): string {
	return value.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity] ?? '');
}

/** One attempt: its answer (any status), or an AwsError for a failure on the way. */
async function attempt(request: AwsRequest, settings: CallSettings, endpoint: string): Promise<IN8nHttpFullResponse> {
	// Ends the wait when n8n's HTTP layer outlives its own timeout (an answer whose body never ends). A timeout
	// signal costs nothing until it fires, unlike a sleep that must be cut short after every request.
	const deadline = AbortSignal.timeout(settings.timeoutMs + DEADLINE_LEEWAY_MS);
	// The request's own signal, ended by the cancel or the deadline; its listeners leave the long-lived cancel
	// signal when the attempt ends (AbortSignal.any would leave an entry there for every request).
	const ending = new AbortController();
	const end = () => ending.abort();
	settings.cancelSignal?.addEventListener('abort', end, { once: true });
	let onDeadline: (() => void) | undefined;
	const overdue = new Promise<never>((_resolve, reject) => {
		onDeadline = () => {
			end();
			reject(new AwsError('TimeoutError', `No answer within ${Math.round(settings.timeoutMs / 1000)} s`));
		};
		deadline.addEventListener('abort', onDeadline, { once: true });
	});
	// Signed at AWS's time once AWS said this machine's clock is off (the credential reads X-Amz-Date).
	const skewed = skewedNow(endpoint);
	try {
		const sending = settings.http(
			{
				method: 'POST',
				url: request.url,
				headers: skewed ? { ...request.headers, 'X-Amz-Date': amzDate(skewed) } : request.headers,
				body: request.body,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: settings.timeoutMs,
				// A cancel ends the request through this signal (n8n aborts it), so an answer that was complete
				// before the cancel still counts: a task an Activity Trigger received while stopping is handed back.
				// The deadline ends n8n's request too where n8n honours the node's signal (triggers, the editor's
				// look-ups); in a workflow run n8n puts the run's cancel signal in its place.
				abortSignal: ending.signal,
				// A redirect would resend the signed request, Authorization included, to wherever it points.
				disableFollowRedirect: true,
			},
			settings.credentialData,
		);
		return await Promise.race([sending, overdue]);
	} catch (error) {
		throw failureOf(error, settings.cancelSignal);
	} finally {
		if (onDeadline) deadline.removeEventListener('abort', onDeadline);
		settings.cancelSignal?.removeEventListener('abort', end);
	}
}

/**
 * Sends a request until it is answered, fails for good, or runs out of attempts; returns the answer's body as
 * n8n read it (JSON parsed, or text). Throws an AwsError with the attempts counted.
 */
export async function callAws(request: AwsRequest, settings: CallSettings): Promise<unknown> {
	const endpoint = new URL(request.url).host;
	const pacer = pacerFor(settings.paceKey);
	let skewCorrected = false;
	for (let tried = 1; ; tried++) {
		if (settings.cancelSignal?.aborted) throw cancelled();
		for (let wait = pacer.reserve(); wait > 0; wait = pacer.reserve()) {
			if (!(await pause(wait, settings.cancelSignal))) throw cancelled();
		}
		let failure: AwsError;
		try {
			const response = await attempt(request, settings, endpoint);
			if (response.statusCode >= 200 && response.statusCode < 300) {
				pacer.record(false);
				return response.body;
			}
			failure = errorFromAnswer(response);
		} catch (error) {
			failure = error instanceof AwsError ? error : failureOf(error, settings.cancelSignal);
			if (failure.code === 'AbortError') throw failure;
		}
		pacer.record(isThrottling(failure));
		// A signature AWS refused for this machine's clock is signed again at AWS's time, once.
		if (!skewCorrected && learnClockSkew(endpoint, failure)) {
			skewCorrected = true;
			tried--;
			continue;
		}
		if (tried >= settings.attempts || !mayRepeat(failure, settings.unrepeatable === true)) throw failure.afterAttempts(tried);
		if (!(await pause(backoffMs(tried - 1, isThrottling(failure)), settings.cancelSignal))) throw cancelled();
	}
}

/** The API model's timestamp members: AWS JSON sends them as epoch seconds, the SDK's types as Date. */
const TIMESTAMP_FIELDS = new Set(['creationDate', 'redriveDate', 'startDate', 'stopDate', 'timestamp', 'updateDate']);

function withDates(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withDates);
	if (typeof value !== 'object' || value === null) return value;
	const object = value as IDataObject;
	for (const [key, member] of Object.entries(object)) {
		object[key] = TIMESTAMP_FIELDS.has(key) && typeof member === 'number' ? new Date(member * 1000) : (withDates(member) as IDataObject);
	}
	return object;
}

/** Reads a Step Functions (AWS JSON 1.0) answer: n8n has parsed it when it was JSON. */
export function readJsonAnswer(body: unknown): unknown {
	if (body === undefined || body === '') return {};
	const parsed = jsonIfJson(body);
	// Every Step Functions answer is a JSON object: anything else is not the service's answer.
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AwsError('SyntaxError', 'The answer is not a JSON object');
	return withDates(parsed);
}
