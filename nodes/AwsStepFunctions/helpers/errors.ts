import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { FieldLimit } from './limits';

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
}

export interface AwsErrorInfo {
	code: string;
	awsMessage: string;
	requestId?: string;
	httpStatusCode?: number;
}

interface Wording {
	message: string;
	description: string;
}

type WordingFor = (info: AwsErrorInfo, context: RequestContext) => Wording;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

const TOKEN_ORIGIN =
	'Pass the token exactly as the state machine handed it over ($$.Task.Token in a .waitForTaskToken state, or the taskToken from Get Activity Task).';

const AWS_ERROR_WORDING: Record<string, WordingFor> = {
	InvalidToken: () => ({
		message: 'The task token is malformed',
		description: `Step Functions could not read this token: it is cut short, or quotes, spaces or line breaks were added. ${TOKEN_ORIGIN}`,
	}),
	TaskDoesNotExist: (_info, context) => ({
		message: 'Step Functions does not know this task token',
		description: `The token is well-formed but no task has it. It may have been copied wrong, or belong to another AWS account or region than the credential's (${context.region}).`,
	}),
	TaskTimedOut: () => ({
		message: 'The task of this token has timed out or was already answered',
		description:
			'Task tokens are single-use: once the task received Send Task Success or Send Task Failure, or ran past its TimeoutSeconds or HeartbeatSeconds, its token is spent. Check the execution history to see how the task ended.',
	}),
	InvalidOutput: () => ({
		message: 'Step Functions rejected the output',
		description: 'The output must be one JSON value (object, array, quoted string, number, true, false or null) of at most 262,144 bytes.',
	}),
	KmsAccessDeniedException: (_info, context) => ({
		message: "This AWS identity may not use the execution's KMS key",
		description:
			context.action === 'SendTaskFailure'
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
	InvalidSignatureException: (info) =>
		/expired|time|clock|skew/i.test(info.awsMessage)
			? {
					message: "The request signature was refused: this machine's clock is off",
					description: "AWS accepts signatures up to 5 minutes off real time. Set this machine's clock right (NTP) and try again.",
				}
			: {
					message: 'The request signature does not match: the Secret Access Key is wrong',
					description:
						"Enter the credential's Secret Access Key again. If it is right, check that this machine's clock is within 5 minutes of real time.",
				},
	ExpiredTokenException: () => ({
		message: 'The session token has expired',
		description: 'Temporary credentials expire. Update the credential with a new key, secret and session token, or use long-term IAM keys.',
	}),
	ThrottlingException: (_info, context) => ({
		message: 'AWS throttled the request: too many requests',
		description: `Step Functions limits requests per second per account and region. The node already retried; run fewer items at a time, or ask AWS for a higher states:${context.action} quota.`,
	}),
};

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
	TIMEOUT: (_info, context) => ({
		message: `Step Functions at ${context.endpoint} did not answer in time`,
		description: 'The connection was lost or timed out. Check the network path to the endpoint (proxy, firewall, VPC endpoint) and try again.',
	}),
};

function networkWording(code: string): WordingFor {
	if (code === 'ECONNREFUSED') return NETWORK_WORDING.ECONNREFUSED;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return NETWORK_WORDING.ENOTFOUND;
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
		message?: string;
		errors?: Array<{ code?: string }>;
		$metadata?: { requestId?: string; httpStatusCode?: number };
	};
	// Node reports a refused dual-stack connection as an AggregateError whose parts carry the code, and the
	// SDK wraps a thrown value it does not see as an Error, keeping the code only in its message text.
	const networkCode =
		e.code ?? e.errors?.find((part) => part.code)?.code ?? /\b(E[A-Z]{4,}|TimeoutError)\b/.exec(e.message ?? '')?.[1];
	const code = networkCode && isNetworkCode(networkCode) ? networkCode : (e.name ?? 'Error');
	return {
		code,
		awsMessage: e.message ?? '',
		requestId: e.$metadata?.requestId,
		httpStatusCode: e.$metadata?.httpStatusCode,
	};
}

export function describeAwsError(info: AwsErrorInfo, context: RequestContext): Wording {
	const wording = AWS_ERROR_WORDING[info.code];
	if (wording) return wording(info, context);
	if (isNetworkCode(info.code)) return networkWording(info.code)(info, context);
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
	const details: JsonObject = { awsErrorCode: info.code, awsMessage: info.awsMessage };
	if (info.requestId) details.awsRequestId = info.requestId;
	if (info.httpStatusCode) details.httpStatusCode = info.httpStatusCode;
	return details;
}

export function toNodeApiError(node: INode, error: unknown, context: RequestContext, itemIndex?: number): NodeApiError {
	const info = readAwsError(error);
	const { message, description } = describeAwsError(info, context);
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

export function credentialsError(node: INode, problem: string): NodeOperationError {
	return new NodeOperationError(node, `The AWS Step Functions credential is not usable: ${problem}`, {
		description: 'Open the credential and correct it. Nothing was sent.',
	});
}
