import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { Scrub } from '../helpers/scrub';

import { describeIdentityFailure, identityFailureOf } from './identity';
import { connectionWording, interceptionWording, isNetworkCode, isTlsCode } from './network';
import type { Wording } from './network';
import { CANCELLED_DESCRIPTION, CANCELLED_MESSAGE } from './run';

/**
 * What AWS answered, turned into what to do about it: the wording of each Step Functions error code, and the
 * one place every failed request becomes the error n8n shows (toNodeApiError). Failures on the way are worded
 * by network.ts, a failed sts:AssumeRole by identity.ts.
 */

/** What the node knows about the request that failed, for wording. */
export interface RequestContext {
	/** API action, e.g. SendTaskFailure; the IAM action is states:<action> */
	action: string;
	/** Where the request went, for network errors: the custom endpoint or the region's AWS endpoint */
	endpoint: string;
	region: string;
	/** Removes secrets from texts of outside origin; every message from AWS or the network passes through it */
	scrub: Scrub;
	/** Where the signing keys came from: the credential's key fields, or the role it assumes */
	keysFrom: 'credential' | 'role';
}

export interface AwsErrorInfo {
	code: string;
	/** What AWS said (or the client, for a failure on the way), scrubbed of secrets when read through toNodeApiError */
	awsMessage: string;
	requestId?: string;
	httpStatusCode?: number;
	/** How many times the client sent the request (more than 1: it retried) */
	attempts?: number;
}

type WordingFor = (info: AwsErrorInfo, context: RequestContext) => Wording;

/** Errors whose AWS message quotes the canonical request, security token included. */
const SIGNATURE_CODES = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignatureException']);

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
	ResourceNotFound: (info, context) => ({
		message: 'The resource was not found',
		description: `Nothing with this ARN exists in the credential's account and region (${context.region}): it may have been deleted, or the ARN names another account or region. AWS said: ${info.awsMessage}`,
	}),
	StateMachineAlreadyExists: (info) => ({
		message: 'A state machine with this name already exists',
		description: `Names are unique per account and region. Choose another name, or use Update on the existing state machine. AWS said: ${info.awsMessage}`,
	}),
	ActivityAlreadyExists: () => ({
		message: 'An activity with this name already exists with other settings',
		description: 'Creating an activity again with the same name and encryption returns the existing one; other encryption settings are refused. Choose another name, or the existing settings.',
	}),
	InvalidDefinition: (info) => ({
		message: 'Step Functions refused the state machine definition',
		description: `The definition is not valid Amazon States Language. Run "State Machine: Validate Definition" for every problem with its location. AWS said: ${info.awsMessage}`,
	}),
	InvalidLoggingConfiguration: (info) => ({
		message: 'Step Functions refused the logging settings',
		description: `The log group ARN must end with :* and the role must be allowed to deliver logs (logs:CreateLogDelivery and related). AWS said: ${info.awsMessage}`,
	}),
	InvalidTracingConfiguration: (info) => ({
		message: 'Step Functions refused the X-Ray tracing setting',
		description: `AWS said: ${info.awsMessage}`,
	}),
	InvalidEncryptionConfiguration: (info) => ({
		message: 'Step Functions refused the encryption settings',
		description: `A customer managed key needs its KMS Key ID; the AWS owned key takes none. AWS said: ${info.awsMessage}`,
	}),
	StateMachineLimitExceeded: () => ({
		message: 'The account has reached its number of state machines',
		description: 'Delete state machines no longer used, or ask AWS for a higher quota (Service Quotas, Step Functions).',
	}),
	ActivityLimitExceeded: () => ({
		message: 'The account has reached its number of activities',
		description: 'Delete activities no longer used, or ask AWS for a higher quota (Service Quotas, Step Functions).',
	}),
	TooManyTags: () => ({
		message: 'Too many tags',
		description: 'A state machine or activity holds at most 50 tags. Remove tags before adding new ones.',
	}),
	ConflictException: (info) => ({
		message: 'Step Functions refused the change because of a conflicting state',
		description: `Another change is in progress, the revision ID is no longer the latest, or the version is still routed by an alias (remove it from the alias first). AWS said: ${info.awsMessage}`,
	}),
	ServiceQuotaExceededException: (info) => ({
		message: 'A Step Functions quota was reached',
		description: `A state machine keeps at most 1,000 versions and 100 aliases. Delete old versions or aliases, or ask AWS for a higher quota. AWS said: ${info.awsMessage}`,
	}),
	MissingRequiredParameter: (info) => ({
		message: 'The request lacks a setting Step Functions needs',
		description: `An update must change at least the definition, the role, logging, tracing or encryption. AWS said: ${info.awsMessage}`,
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
				: "The state machine encrypts its data with a customer managed KMS key. Grant kms:Decrypt and kms:GenerateDataKey on that key to the credential's IAM user or role.",
	}),
	KmsInvalidStateException: () => ({
		message: "The state machine's KMS key is disabled or pending deletion",
		description: 'Enable the key in AWS KMS, or cancel its scheduled deletion, then try again.',
	}),
	KmsThrottlingException: () => ({
		message: 'AWS KMS throttled the request',
		description: 'Too many requests used the KMS key at once. The node does not retry this error by itself: run the items again later, or fewer at a time.',
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
	// A success status whose body is not JSON (client.ts, readJsonAnswer): something else answered in AWS's place.
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

function serverFaultWording(info: AwsErrorInfo): Wording {
	return {
		message: 'Step Functions had an internal problem',
		description: `The service answered ${info.code}. It is usually temporary: try again in a moment.`,
	};
}

/** The key codes, for keys the role gave: the credential has no key fields to fix. */
const TEMPORARY_KEY_CODES = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException']);

function temporaryKeyWording(info: AwsErrorInfo): Wording {
	return {
		message: `Step Functions refused the temporary keys from the role (${info.code})`,
		description:
			"The role's keys were refused: check that the role is in the same partition as the region (China and GovCloud are separate), and that this machine's clock is within 5 minutes of real time. Editing and saving the credential makes the node assume the role afresh.",
	};
}

/** Reads code, message and request id from the client's AwsError, or from any other thrown value. */
export function readAwsError(error: unknown): AwsErrorInfo {
	const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
		name?: string;
		code?: string;
		message?: unknown;
		$metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
	};
	// A server may send a message that is not text (an object, a number): it is still read as text.
	const message = typeof e.message === 'string' ? e.message : e.message === undefined ? '' : (JSON.stringify(e.message) ?? '');
	// A failure on the way keeps its code in `code` (the client's AwsError has it in `name` as well).
	const code = e.code && (isNetworkCode(e.code) || isTlsCode(e.code)) ? e.code : (e.name ?? 'Error');
	return {
		code,
		awsMessage: message,
		requestId: e.$metadata?.requestId,
		httpStatusCode: e.$metadata?.httpStatusCode,
		attempts: e.$metadata?.attempts,
	};
}

export function describeAwsError(info: AwsErrorInfo, context: RequestContext): Wording {
	const intercepted = interceptionWording({ service: 'Step Functions', endpoint: context.endpoint }, info.code, info.httpStatusCode);
	if (intercepted) return intercepted;
	if (context.keysFrom === 'role' && TEMPORARY_KEY_CODES.has(info.code)) return temporaryKeyWording(info);
	const wording = AWS_ERROR_WORDING[info.code];
	if (wording) return wording(info, context);
	const onTheWay = connectionWording(info.code, context.endpoint, info.attempts);
	if (onTheWay) return onTheWay;
	if ((info.httpStatusCode ?? 0) >= 500 || info.code === 'ServiceUnavailable' || info.code === 'InternalFailure') {
		return serverFaultWording(info);
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

/** Code, message and request id of an error, its message scrubbed of secrets (never the raw error). */
function readScrubbedAwsError(error: unknown, scrub: Scrub): AwsErrorInfo {
	const info = readAwsError(error);
	// The code and the request id come from the answer too (__type, x-amzn-RequestId, STS's <RequestId>): a
	// server that echoes a secret there is scrubbed as well. AWS's request ids are UUID-like; anything else is
	// not shown.
	const requestId = info.requestId !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(info.requestId) ? scrub(info.requestId) : undefined;
	return { ...info, code: scrub(info.code), awsMessage: scrub(info.awsMessage), requestId };
}

/** An error from sending, read (scrubbed) and worded: the node's errors and the credential test share this. */
export function describeError(error: unknown, context: RequestContext): Wording & { info: AwsErrorInfo; identityFailed: boolean } {
	const info = readScrubbedAwsError(error, context.scrub);
	// A look-up or poll inside an operation names its own action (aws/session.ts, asAction).
	const action = (error as { sfnAction?: string } | null)?.sfnAction ?? context.action;
	// The role could not be assumed: Step Functions was not asked anything.
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

/** An error as n8n shows it: the node's own errors stay as they are, anything from sending is worded by toNodeApiError. */
export function asNodeError(node: INode, error: unknown, context: RequestContext, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return toNodeApiError(node, error, context, itemIndex);
}
