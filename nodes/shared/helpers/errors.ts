import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { describeIdentityFailure, identityFailureOf } from './identityErrors';
import { proxyRefusal, viaProxy } from './proxyErrors';
import type { FieldLimit } from './limits';
import type { Scrub } from './scrub';

/**
 * Every message the node shows a person lives here: AWS error codes turned into what to do about them,
 * and the wording of input checks made before any request is sent.
 */

/** What the node knows about the request that failed, for wording. */
export interface RequestContext {
	/** API action, e.g. SendTaskFailure; the IAM action is states:<action> */
	action: string;
	/** Where the request went, for network errors: the custom endpoint or the region's AWS endpoint */
	endpoint: string;
	region: string;
	/** Removes secrets from texts of outside origin; every AWS or SDK message passes through it */
	scrub: Scrub;
	/** The proxy requests went through, without user info, when the n8n process names one */
	proxy?: string;
	/** Where the signing keys came from: the credential's key fields, or a role or the n8n process's own chain */
	keysFrom?: 'credential' | 'role' | 'system';
}

export interface AwsErrorInfo {
	code: string;
	/** What AWS or the SDK said, scrubbed of secrets when read through toNodeApiError */
	awsMessage: string;
	requestId?: string;
	httpStatusCode?: number;
	/** How many times the SDK sent the request (more than 1: it retried) */
	attempts?: number;
}

interface Wording {
	message: string;
	description: string;
}

type WordingFor = (info: AwsErrorInfo, context: RequestContext) => Wording;

const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Network failures that happen before a request is written: AWS cannot have received it. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Node's codes for a certificate it does not trust (self-signed, private CA, expired, wrong host name). */
const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
]);

/** Errors whose AWS message quotes the canonical request, security token included. */
const SIGNATURE_CODES = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignatureException']);

/** The throttling codes AWS services answer; the SDK retries them, with backoff. */
const THROTTLING_CODES = new Set([
	'ThrottlingException',
	'Throttling',
	'TooManyRequestsException',
	'RequestThrottled',
	'RequestThrottledException',
	'RequestLimitExceeded',
	'SlowDown',
]);

const TOKEN_ORIGIN =
	'Pass the token exactly as the state machine handed it over ($$.Task.Token in a .waitForTaskToken state, or the taskToken from Get Activity Task).';

const TASK_TOKEN_ACTIONS = new Set(['SendTaskFailure', 'SendTaskSuccess', 'SendTaskHeartbeat']);

const AWS_ERROR_WORDING: Record<string, WordingFor> = {
	InvalidToken: (_info, context) =>
		TASK_TOKEN_ACTIONS.has(context.action)
			? {
					message: 'The task token is malformed',
					description: `Step Functions could not read this token: it is cut short, or quotes, spaces or line breaks were added. ${TOKEN_ORIGIN}`,
				}
			: {
					message: 'Step Functions refused the page token of a listing',
					description: 'The listing changed or its page token expired (after 24 hours). Run the node again to list from the start.',
				},
	ExecutionLimitExceeded: () => ({
		message: 'Too many executions are running',
		description:
			'The account has reached its quota of open executions (1,000,000 by default) in this region. Wait for executions to finish, stop some, or ask AWS for a higher quota.',
	}),
	ExecutionAlreadyExists: () => ({
		message: 'An execution with this name already exists with other input',
		description:
			'Execution names are unique per state machine for 90 days. Leave Execution Name empty for a generated one, or make it unique, e.g. with {{ $execution.id }}.',
	}),
	InvalidArn: (info) => ({
		message: 'Step Functions refused the ARN',
		description: `Check that the ARN is copied whole and names the right kind of resource. AWS said: ${info.awsMessage}`,
	}),
	InvalidExecutionInput: () => ({
		message: 'Step Functions refused the execution input',
		description: 'The input must be one JSON value of at most 262,144 bytes.',
	}),
	InvalidName: (info) => ({
		message: 'Step Functions refused the name',
		description: `Names are 1-80 characters without whitespace or any of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /. AWS said: ${info.awsMessage}`,
	}),
	StateMachineDoesNotExist: (_info, context) => ({
		message: 'The state machine does not exist',
		description: `No state machine has this ARN in the credential's account and region (${context.region}). Check the ARN, or choose the state machine from the list.`,
	}),
	StateMachineDeleting: () => ({
		message: 'The state machine is being deleted',
		description: 'A state machine in DELETING status takes no new executions. Use another one.',
	}),
	StateMachineTypeNotSupported: () => ({
		message: 'This action does not support the type of this state machine',
		description:
			'Synchronous runs (StartSyncExecution) need an EXPRESS state machine, and listing or describing executions needs a STANDARD one. Set "State Machine Type" to match it, or to Detect Automatically.',
	}),
	ExecutionDoesNotExist: (_info, context) => ({
		message: 'The execution does not exist',
		description: `No execution has this ARN in the credential's account and region (${context.region}); STANDARD executions are kept 90 days after they close, EXPRESS executions are not kept at all.`,
	}),
	ExecutionNotRedrivable: (info) => ({
		message: 'This execution cannot be redriven',
		description: `Only FAILED, TIMED_OUT or ABORTED STANDARD executions of the last 14 days can be redriven, up to 1,000 times. AWS said: ${info.awsMessage}`,
	}),
	ActivityDoesNotExist: (_info, context) => ({
		message: 'The activity does not exist',
		description: `No activity has this ARN in the credential's account and region (${context.region}). Choose it from the list.`,
	}),
	ActivityWorkerLimitExceeded: () => ({
		message: 'Too many workers are polling this activity',
		description: 'Step Functions allows 1,000 open GetActivityTask polls per activity. Lower the number of workers or poll less often.',
	}),
	ResourceNotFound: (info) => ({
		message: 'The resource was not found',
		description: `AWS said: ${info.awsMessage}`,
	}),
	ValidationException: (info) => ({
		message: 'Step Functions refused the request as invalid',
		description: `AWS said: ${info.awsMessage}`,
	}),
	TaskDoesNotExist: (_info, context) => ({
		message: 'Step Functions does not know this task token',
		description: `The token is well-formed but no task has it. It may have been copied wrong, or belong to another AWS account or region than the credential's (${context.region}).`,
	}),
	TaskTimedOut: (info) => ({
		message: 'The task of this token has timed out or was already answered',
		description:
			(info.attempts ?? 1) > 1
				? `The node sent this answer ${info.attempts} times because an earlier attempt got no reply in time: that earlier attempt may have reached Step Functions and answered the task, which spends the token. Check the execution history to see how the task ended.`
				: 'Task tokens are single-use: once the task received Send Task Success or Send Task Failure, or ran past its TimeoutSeconds or HeartbeatSeconds, its token is spent. Check the execution history to see how the task ended.',
	}),
	InvalidOutput: () => ({
		message: 'Step Functions rejected the output',
		description: 'The output must be one JSON value (object, array, quoted string, number, true, false or null) of at most 262,144 bytes.',
	}),
	KmsAccessDeniedException: (_info, context) => ({
		message: "This AWS identity may not use the execution's KMS key",
		description:
			context.action === 'SendTaskFailure' || context.action === 'StopExecution'
				? 'The state machine encrypts its data with a customer managed KMS key. Grant kms:Decrypt and kms:GenerateDataKey on that key, or leave Error and Cause empty: without them Send Task Failure needs no KMS permission.'
				: 'The state machine encrypts its data with a customer managed KMS key. Grant kms:Decrypt and kms:GenerateDataKey on that key to the credential\'s IAM user or role.',
	}),
	KmsInvalidStateException: () => ({
		message: "The state machine's KMS key is disabled or pending deletion",
		description: 'Enable the key in AWS KMS, or cancel its scheduled deletion, then try again.',
	}),
	KmsThrottlingException: () => ({
		message: 'AWS KMS throttled the request',
		description:
			'Too many requests used the KMS key at once. The AWS SDK does not retry this error by itself: run the items again later, or fewer at a time.',
	}),
	AccessDeniedException: (_info, context) => ({
		message: `This AWS identity is not allowed to call states:${context.action}`,
		description: `Add "states:${context.action}" to the IAM policy of the credential's user or role (the README has a least-privilege policy).`,
	}),
	UnrecognizedClientException: (_info, context) => ({
		message: 'AWS does not recognize the Access Key ID',
		description: `Check the credential's Access Key ID: copied whole, still active, and from the same partition as the region ${context.region} (China and GovCloud keys work only there).`,
	}),
	InvalidSignatureException: (info) => signatureWording(info),
	SignatureDoesNotMatch: (info) => signatureWording(info),
	IncompleteSignatureException: () => ({
		message: 'AWS refused the request signature as incomplete',
		description:
			"Something between n8n and AWS (a proxy or gateway) changed or dropped the request's signing headers, or the Access Key ID is blank. Send the requests directly to the endpoint, or check the credential.",
	}),
	ExpiredTokenException: () => ({
		message: 'The session token has expired',
		description: 'Temporary credentials expire. Update the credential with a new key, secret and session token, or use long-term IAM keys.',
	}),
	ThrottlingException: (_info, context) => ({
		message: 'AWS throttled the request: too many requests',
		description: `Step Functions limits requests per second per account and region. The node already retried; run fewer items at a time, or ask AWS for a higher states:${context.action} quota.`,
	}),
	// The SDK could not read the answer as Step Functions JSON; its message quotes the start of the body.
	SyntaxError: (info) => ({
		message: 'The endpoint answered something that is not a Step Functions answer',
		description: `HTTP ${info.httpStatusCode ?? 'status unknown'}: not the JSON Step Functions sends. A proxy, gateway or captive portal may have answered instead; check the credential's Endpoint and the network path.`,
	}),
	AbortError: () => ({
		message: CANCELLED_MESSAGE,
		description: CANCELLED_DESCRIPTION,
	}),
};

/**
 * Signature errors: AWS's message quotes the canonical request (session token included), so it is neither
 * shown nor kept in the error's details (awsErrorDetails); only whether it speaks of time is read.
 */
function signatureWording(info: AwsErrorInfo): Wording {
	return /expired|clock|skew|signature not yet current|request time/i.test(info.awsMessage)
			? {
					message: "The request signature was refused: this machine's clock is off",
					description: "AWS accepts signatures up to 5 minutes off real time. Set this machine's clock right (NTP) and try again.",
				}
		: {
				message: 'The request signature does not match: the Secret Access Key is wrong',
				description:
					"Enter the credential's Secret Access Key again. If it is right, check that this machine's clock is within 5 minutes of real time.",
			};
}

export const CANCELLED_MESSAGE = 'The workflow run was cancelled';
const CANCELLED_DESCRIPTION =
	'The node stopped sending when the run was cancelled. Requests already answered took effect in AWS; items not yet sent were not sent.';

const SERVER_FAULT: WordingFor = (info) => ({
	message: 'Step Functions had an internal problem',
	description: `The service answered ${info.code}. It is usually temporary: try again in a moment.`,
});

const NETWORK_WORDING: Record<string, WordingFor> = {
	ECONNREFUSED: (_info, context) => ({
		message: `Could not connect to ${context.endpoint}: connection refused`,
		description: "Nothing is listening there. Check the credential's Endpoint and that the Step Functions server is running.",
	}),
	ENOTFOUND: (_info, context) => ({
		message: `Could not find the host of ${context.endpoint}`,
		description: "The host name does not resolve. Check the credential's Endpoint or Region, and this machine's DNS.",
	}),
	ECONNRESET: (_info, context) => ({
		message: `The connection to ${context.endpoint} was reset`,
		description:
			'The server or something on the way (proxy, load balancer, firewall) closed the connection in the middle of the request. The node already retried; check the network path to the endpoint and try again.',
	}),
	TIMEOUT: (_info, context) => ({
		message: `Step Functions at ${context.endpoint} did not answer in time`,
		description: 'The connection was lost or timed out. Check the network path to the endpoint (proxy, firewall, VPC endpoint) and try again.',
	}),
};

const TLS_WORDING: WordingFor = (info, context) => ({
	message: `The TLS certificate of ${context.endpoint} is not trusted (${info.code})`,
	description:
		'The endpoint presents a certificate Node.js cannot verify: self-signed, from a private CA, expired or for another host name. Give n8n the CA certificate through the environment variable NODE_EXTRA_CA_CERTS=/path/to/ca.pem and restart n8n, or use the endpoint\'s proper host name.',
});

function networkWording(code: string): WordingFor {
	if (code === 'ECONNREFUSED') return NETWORK_WORDING.ECONNREFUSED;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return NETWORK_WORDING.ENOTFOUND;
	if (code === 'ECONNRESET' || code === 'EPIPE') return NETWORK_WORDING.ECONNRESET;
	return NETWORK_WORDING.TIMEOUT;
}

function isNetworkCode(code: string): boolean {
	return NETWORK_CODES.has(code) || code === 'TimeoutError';
}

/** Reads code, message and request id from an AWS SDK v3 error (or a Node network error). */
export function readAwsError(error: unknown): AwsErrorInfo {
	const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
		name?: string;
		code?: string;
		message?: unknown;
		errors?: Array<{ code?: string }>;
		$metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
	};
	// Node reports a refused dual-stack connection as an AggregateError whose parts carry the code, and the
	// SDK wraps a thrown value it does not see as an Error, keeping the code only in its message text.
	// A server may send a message that is not text (an object, a number): it is still read as text.
	const message = typeof e.message === 'string' ? e.message : e.message === undefined ? '' : (JSON.stringify(e.message) ?? '');
	const networkCode = e.code ?? e.errors?.find((part) => part.code)?.code ?? /\b(E[A-Z]{4,}|TimeoutError)\b/.exec(message)?.[1];
	const code =
		networkCode && (isNetworkCode(networkCode) || TLS_CODES.has(networkCode)) ? networkCode : (e.name ?? 'Error');
	return {
		code,
		awsMessage: message,
		requestId: e.$metadata?.requestId,
		httpStatusCode: e.$metadata?.httpStatusCode,
		attempts: e.$metadata?.attempts,
	};
}

/** Whether AWS throttled the request: the SDK, and our own retries of unrepeatable requests, retry it. */
export function isThrottling(error: unknown): boolean {
	const e = error as { name?: string; $retryable?: { throttling?: boolean } } | null;
	return THROTTLING_CODES.has(e?.name ?? '') || e?.$retryable?.throttling === true;
}

/** Whether the request failed before it was written to a connection, so AWS cannot have received it. */
export function requestNeverLeft(error: unknown): boolean {
	const { code, awsMessage } = readAwsError(error);
	return NEVER_SENT_CODES.has(code) || (code === 'TimeoutError' && /did not establish a connection/.test(awsMessage));
}

/**
 * Failures that, with a proxy in the way, are the proxy's: it could not be reached, wants a password, or
 * answered the request (or the CONNECT) itself with something that is not Step Functions JSON.
 */
function proxyWording(info: AwsErrorInfo, context: RequestContext & { proxy: string }): Wording | undefined {
	const via = viaProxy(context.endpoint, context.proxy);
	if (NEVER_SENT_CODES.has(info.code)) {
		return {
			message: `Could not reach the proxy ${context.proxy}: ${info.code === 'ECONNREFUSED' ? 'connection refused' : 'host not found or unreachable'}`,
			description: `${via} Check that the proxy runs at that address, or exempt the endpoint's host with NO_PROXY.`,
		};
	}
	if (info.code === 'TimeoutError') {
		return {
			message: `Step Functions at ${context.endpoint} did not answer in time through the proxy ${context.proxy}`,
			description: `${via} The proxy or the endpoint stopped answering (a stalled tunnel, a refusal cut short). Check the proxy's log, or exempt the endpoint's host with NO_PROXY.`,
		};
	}
	return proxyRefusal({ name: 'Step Functions', to: '', endpoint: context.endpoint }, context.proxy, info.code, info.httpStatusCode);
}

/** The key codes, for keys a role or the n8n process's own chain gave: the credential has no key fields to fix. */
const TEMPORARY_KEY_CODES = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException']);

function temporaryKeyWording(info: AwsErrorInfo, keysFrom: 'role' | 'system'): Wording {
	const source = keysFrom === 'role' ? 'the role' : "the n8n process's own AWS credentials";
	return {
		message: `Step Functions refused the temporary keys from ${source} (${info.code})`,
		description:
			keysFrom === 'role'
				? "The role's keys were refused: check that the role is in the same partition as the region (China and GovCloud are separate), and that this machine's clock is within 5 minutes of real time. Editing and saving the credential makes the node assume the role afresh."
				: "Keys from the environment, a web identity, the container endpoint or the instance profile were refused: check that they belong to this region's partition, that they have not expired (restart n8n after rotating keys passed in environment variables), and that this machine's clock is within 5 minutes of real time.",
	};
}

export function describeAwsError(info: AwsErrorInfo, context: RequestContext): Wording {
	const viaProxy = context.proxy ? proxyWording(info, { ...context, proxy: context.proxy }) : undefined;
	if (viaProxy) return viaProxy;
	if (context.keysFrom && context.keysFrom !== 'credential' && TEMPORARY_KEY_CODES.has(info.code)) {
		return temporaryKeyWording(info, context.keysFrom);
	}
	const wording = AWS_ERROR_WORDING[info.code];
	if (wording) return wording(info, context);
	if (isNetworkCode(info.code)) return networkWording(info.code)(info, context);
	if (TLS_CODES.has(info.code)) return TLS_WORDING(info, context);
	if ((info.httpStatusCode ?? 0) >= 500 || info.code === 'ServiceUnavailable' || info.code === 'InternalFailure') {
		return SERVER_FAULT(info, context);
	}
	return {
		message: `Step Functions refused ${context.action}: ${info.awsMessage || info.code}`,
		description: `AWS answered ${info.code}.`,
	};
}

/** The AWS details kept with every API error: code and request id, for a support case or CloudTrail. */
export function awsErrorDetails(info: AwsErrorInfo): JsonObject {
	const details: JsonObject = { awsErrorCode: info.code };
	// Signature errors quote the whole signed request: even scrubbed, that is not kept with the execution.
	if (!SIGNATURE_CODES.has(info.code)) details.awsMessage = info.awsMessage;
	if (info.requestId) details.awsRequestId = info.requestId;
	if (info.httpStatusCode) details.httpStatusCode = info.httpStatusCode;
	return details;
}

/** Code, message and request id of an error, its message scrubbed of secrets (never the raw SDK error). */
function readScrubbedAwsError(error: unknown, scrub: Scrub): AwsErrorInfo {
	const info = readAwsError(error);
	// The code comes from the answer too (__type): a server that echoes a secret there is scrubbed as well.
	return { ...info, code: scrub(info.code), awsMessage: scrub(info.awsMessage) };
}

/** An error from sending, read (scrubbed) and worded: the node's errors and the credential test share this. */
export function describeError(error: unknown, context: RequestContext): Wording & { info: AwsErrorInfo; identityFailed: boolean } {
	const info = readScrubbedAwsError(error, context.scrub);
	// A look-up or poll inside an operation names its own action (transport/sfnClient.ts, asAction).
	const action = (error as { sfnAction?: string } | null)?.sfnAction ?? context.action;
	// A role or the process's own credentials failed before Step Functions was asked anything.
	const identity = identityFailureOf(error);
	const wording = identity
		? describeIdentityFailure(identity, info.code, info.awsMessage, info.httpStatusCode)
		: describeAwsError(info, { ...context, action });
	return { ...wording, info, identityFailed: identity !== undefined };
}

export function toNodeApiError(node: INode, error: unknown, context: RequestContext, itemIndex?: number): NodeApiError {
	const { info, message, description } = describeError(error, context);
	// An error the service answered is an "AWS error"; a network failure never reached it.
	const source = info.httpStatusCode ? 'AWS error' : 'error';
	const reference = info.requestId ? `${source} ${info.code}, request ID ${info.requestId}` : `${source} ${info.code}`;
	return new NodeApiError(node, awsErrorDetails(info), {
		message,
		description: `${description} (${reference})`,
		httpCode: info.httpStatusCode ? String(info.httpStatusCode) : undefined,
		itemIndex,
	});
}

export function limitViolationError(node: INode, itemIndex: number, limit: FieldLimit, size: number): NodeOperationError {
	const problem =
		size < limit.min
			? `"${limit.label}" is empty`
			: `"${limit.label}" is ${size.toLocaleString('en-US')} ${limit.unit} long, over the limit of ${limit.max.toLocaleString('en-US')} ${limit.unit}`;
	return new NodeOperationError(node, `Item ${itemIndex}: ${problem}`, {
		itemIndex,
		description:
			size < limit.min
				? `Step Functions needs a ${limit.label} of at least ${limit.min} ${limit.unit}. Nothing was sent for this item.`
				: `Step Functions accepts at most ${limit.max.toLocaleString('en-US')} ${limit.unit} here. Shorten it; nothing was sent for this item.`,
	});
}

export function invalidJsonError(node: INode, itemIndex: number, label: string, reason: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" is not valid JSON: ${reason}`, {
		itemIndex,
		description:
			'Give one JSON value, e.g. {"approved": true}. Plain text must be in double quotes ("done"). Nothing was sent for this item.',
	});
}

/** What is wrong with the proxy URL of the n8n process's environment (never quoted: it may hold a password). */
export type ProxySettingFault = { kind: 'notUrl' } | { kind: 'scheme'; scheme: string } | { kind: 'escape' };

export function proxySettingProblem(variable: string, fault: ProxySettingFault): string {
	const start = `The proxy in the n8n process's ${variable}`;
	if (fault.kind === 'scheme') {
		return `${start} is a ${fault.scheme}:// proxy: only http:// and https:// proxies (HTTP CONNECT) are supported. Name an HTTP proxy, or exempt the AWS hosts with NO_PROXY`;
	}
	if (fault.kind === 'escape') {
		return `${start} has a "%" in its user name or password that starts no escape: write "%" as %25 (URL-encode special characters)`;
	}
	return `${start} is not a URL such as http://proxy.internal:3128: check its host name and port`;
}

/** A proxy setting of the n8n process that cannot be used: refused before anything is sent. */
export function proxySettingError(node: INode, problem: string): NodeOperationError {
	return new NodeOperationError(node, problem, {
		description: "Correct the variable in the n8n process's environment and restart n8n. Nothing was sent.",
	});
}

export function credentialsError(node: INode, problem: string): NodeOperationError {
	return new NodeOperationError(node, `The AWS Step Functions credential is not usable: ${problem}`, {
		description: 'Open the credential and correct it. Nothing was sent.',
	});
}

export function invalidArnError(node: INode, itemIndex: number, label: string, value: string, example: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${value}" is not a valid ${label}`, {
		itemIndex,
		description: `A ${label} looks like ${example}. Choose it from the list or copy it from the AWS console. Nothing was sent for this item.`,
	});
}

export function executionNameError(node: INode, itemIndex: number, name: string, character: string): NodeOperationError {
	// eslint-disable-next-line no-control-regex -- naming the control character class the API forbids
	const shown = /\s/.test(character) ? 'whitespace' : /[\u0000-\u001f\u007f-\u009f]/u.test(character) ? 'a control character' : `"${character}"`;
	return new NodeOperationError(node, `Item ${itemIndex}: "Execution Name" may not contain ${shown}`, {
		itemIndex,
		description: `"${name}" breaks the naming rules: no whitespace, no control characters and none of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /. Nothing was sent for this item.`,
	});
}

/** A started execution that ended in FAILED, TIMED_OUT or ABORTED, with what Step Functions said about it. */
export function executionEndedError(
	node: INode,
	itemIndex: number,
	ended: { status: string; executionArn: string; error?: string; cause?: string },
): NodeOperationError {
	const reason = ended.error ? `: ${ended.error}` : '';
	const cause = ended.cause ? `Cause: ${ended.cause}. ` : '';
	return new NodeOperationError(node, `The execution ended ${ended.status}${reason}`, {
		itemIndex,
		description: `${cause}Execution: ${ended.executionArn}`,
	});
}

/** A start whose answer was lost, and whose execution the look-up could not confirm or rule out. */
export function lateStartError(node: INode, itemIndex: number, executionArn: string): NodeOperationError {
	return new NodeOperationError(node, 'Step Functions did not answer the start in time, and whether the execution started cannot be told', {
		itemIndex,
		description: `Look for the execution ${executionArn} (Get Execution, or the Step Functions console) before running this item again: a second start could run the work twice. Its name is the one this node chose for this item.`,
	});
}

export function waitTimedOutError(node: INode, itemIndex: number, executionArn: string, seconds: number): NodeOperationError {
	return new NodeOperationError(node, `The execution is still running after ${seconds} seconds`, {
		itemIndex,
		description: `It goes on in Step Functions; this node stopped waiting. Follow it with Describe Execution: ${executionArn}. Raise "Max Wait (Seconds)" to wait longer.`,
	});
}

/** The user cancelled the workflow run: never worded as a timeout. */
export function cancelledError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, CANCELLED_MESSAGE, { itemIndex, description: CANCELLED_DESCRIPTION });
}

/** A listing whose pages never end: the server repeated a page token, or sent more pages than any real listing has. */
export function endlessListingError(node: INode, itemIndex: number, action: string, reason: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: ${action} did not come to an end: ${reason}`, {
		itemIndex,
		description: `The node stopped following ${action}'s page tokens so that the run ends. Set a Limit, or check the endpoint: AWS never repeats a page token.`,
	});
}

export function nameNotFoundError(
	node: INode,
	itemIndex: number,
	kind: string,
	name: string,
	region: string,
): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: no ${kind} is named "${name}" in ${region}`, {
		itemIndex,
		description: `Names are case-sensitive. Check the credential's region, or choose the ${kind} from the list.`,
	});
}

export function invalidNumberError(
	node: INode,
	itemIndex: number,
	label: string,
	value: unknown,
	min = 1,
	max?: number,
): NodeOperationError {
	const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be a whole number ${range}, not ${shownNumber(value)}`, {
		itemIndex,
		description: `Correct "${label}". Nothing was sent for this item.`,
	});
}

/** How a person would name what an expression produced, for the errors below. */
function describeReceived(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return `the number ${String(value)}`;
	if (typeof value === 'bigint') return 'a BigInt';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

export function notTextError(node: INode, itemIndex: number, label: string, value: unknown): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be text, but the expression gave ${describeReceived(value)}`, {
		itemIndex,
		description: `"${label}" takes text, a number or true/false. Point the expression at the one value to send, e.g. {{ $json.order.id }} rather than {{ $json.order }}. Nothing was sent for this item.`,
	});
}

/** What stops an expression's value from becoming JSON: a value JSON has no form for, or a circle. */
export type JsonProblem =
	| { kind: 'value'; value: unknown; path: string }
	| { kind: 'circular' }
	| { kind: 'failed'; reason: string };

export function notJsonValueError(node: INode, itemIndex: number, label: string, problem: JsonProblem): NodeOperationError {
	const where = problem.kind === 'value' && problem.path !== '' ? ` at ${problem.path}` : '';
	const reason =
		problem.kind === 'value'
			? `the expression gave ${describeReceived(problem.value)}${where}`
			: problem.kind === 'circular'
				? 'the expression gave an object that contains itself'
				: problem.reason;
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" cannot be sent as JSON: ${reason}`, {
		itemIndex,
		description: `JSON holds only objects, arrays, text, numbers, true, false and null. Point the expression at data of those kinds, or build "${label}" as JSON text. Nothing was sent for this item.`,
	});
}

export function notBooleanError(node: INode, itemIndex: number, label: string, value: unknown): NodeOperationError {
	const shown = typeof value === 'string' ? `"${value}"` : describeReceived(value);
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be true or false, not ${shown}`, {
		itemIndex,
		description: `Give true or false (or the text "true" / "false"). Nothing was sent for this item.`,
	});
}

export function invalidChoiceError(node: INode, itemIndex: number, label: string, value: unknown, choices: readonly string[]): NodeOperationError {
	const shown = typeof value === 'string' ? `"${value}"` : describeReceived(value);
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" cannot be ${shown}`, {
		itemIndex,
		description: `Choose one of ${choices.map((choice) => `"${choice}"`).join(', ')} (values are case-sensitive). Nothing was sent for this item.`,
	});
}

/** The error name a stopping activity worker fails its task with, so a state machine's Retry can catch it. */
export const WORKER_STOPPED_ERROR = 'n8n.WorkerStopped';

export const WORKER_STOPPED_CAUSE =
	'The n8n activity worker was stopping (workflow deactivated or n8n shutting down) when it received this task, so it did not start work on it. Retry the state on this error to hand the task to another worker.';

/** The cause a task is handed back with when n8n refused to start its workflow execution: no work was done. */
export const NOT_STARTED_CAUSE =
	'The n8n activity worker received this task but n8n could not start a workflow execution for it, so no work was done. Retry the state on this error to hand the task to another worker.';

/** The activity a worker trigger polls was deleted (or never existed): the trigger stops, polling would only fail. */
export function activityGoneError(node: INode, activityArn: string, region: string): NodeOperationError {
	return new NodeOperationError(node, `The activity ${activityArn} does not exist: the trigger stopped polling it`, {
		description: `No activity has this ARN in the credential's account and region (${region}); it was deleted, or the ARN or region is wrong. Create the activity again (same name, same ARN) or choose another one, then activate the workflow again.`,
	});
}

/** A poll of a trigger failed and will be tried again after a pause; says how long, and how often it failed. */
export function pollFailedError(error: NodeApiError | NodeOperationError, failures: number, retryInMs: number): NodeApiError | NodeOperationError {
	const seconds = Math.max(1, Math.round(retryInMs / 1000));
	const streak = failures > 1 ? `${failures} polls in a row failed. ` : '';
	error.description = `${error.description ?? ''} ${streak}The trigger keeps polling and tries again in ${seconds} s (pauses grow up to a minute while the error lasts).`.trim();
	return error;
}

/** The manual test of the status trigger found no execution to show. */
export function noMatchingExecutionError(node: INode, statuses: readonly string[]): NodeOperationError {
	return new NodeOperationError(node, `No execution of this state machine has ended ${statuses.join(', ')} yet`, {
		description: 'The test shows the newest matching execution. Run the state machine until one ends with a chosen status, or choose other statuses.',
	});
}

/** No status chosen: the trigger would never fire. */
export function noStatusChosenError(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'Choose at least one status for "Statuses"', {
		description: 'The trigger fires for executions that end with one of the chosen statuses.',
	});
}

/** A trigger parameter outside its range (the trigger has no items, so no item is named). */
/** What a number field received, as messages show it. */
function shownNumber(value: unknown): string {
	if (value === '' || value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
		return 'empty or not a number';
	}
	return typeof value === 'object' ? describeReceived(value) : String(value);
}

export function triggerNumberError(node: INode, label: string, value: unknown, min: number, max: number): NodeOperationError {
	return new NodeOperationError(node, `"${label}" must be a whole number from ${min} to ${max}, not ${shownNumber(value)}`, {
		description: `Correct "${label}" and activate the workflow again.`,
	});
}

/** An error as n8n shows it: the node's own errors stay as they are, anything from AWS or the SDK is worded by toNodeApiError. */
export function asNodeError(node: INode, error: unknown, context: RequestContext, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return toNodeApiError(node, error, context, itemIndex);
}
