import {
	DescribeExecutionCommand,
	InvalidOutput,
	InvalidToken,
	KmsAccessDeniedException,
	KmsInvalidStateException,
	KmsThrottlingException,
	SFNClient,
	SFNServiceException,
	SendTaskFailureCommand,
	SendTaskSuccessCommand,
	TaskDoesNotExist,
	TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';

const sfnMock = mockClient(SFNClient);
const $metadata = { requestId: 'req-7f3a', httpStatusCode: 400 };

function serviceError(name: string, message: string, httpStatusCode = 400) {
	return new SFNServiceException({
		name,
		$fault: httpStatusCode >= 500 ? 'server' : 'client',
		message,
		$metadata: { requestId: 'req-7f3a', httpStatusCode },
	});
}

function networkError(code: string) {
	return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

const failureItem = { resource: 'task', operation: 'sendTaskFailure', taskToken: 'tok', error: 'E', cause: 'C' };

function run(
	items: Array<Record<string, unknown>>,
	onError: OnError = 'stopWorkflow',
	credentials: ICredentialDataDecryptedObject = AWS_CREDENTIALS,
) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

beforeEach(() => sfnMock.reset());

describe('AWS error codes become messages that say what to do', () => {
	it.each([
		['InvalidToken', new InvalidToken({ message: 'Invalid Token', $metadata }), /malformed/, /exactly as the state machine/],
		['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', $metadata }), /does not know this task token/, /another AWS account or region.*eu-west-1/],
		['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', $metadata }), /timed out or was already answered/, /single-use/],
		['KmsAccessDeniedException', new KmsAccessDeniedException({ message: 'denied', $metadata }), /KMS key/, /leave Error and Cause empty/],
		['KmsInvalidStateException', new KmsInvalidStateException({ message: 'disabled', $metadata }), /disabled or pending deletion/, /Enable the key/],
		['KmsThrottlingException', new KmsThrottlingException({ message: 'slow down', $metadata }), /KMS throttled/, /does not retry/],
		['AccessDeniedException', serviceError('AccessDeniedException', 'User is not authorized'), /not allowed to call states:SendTaskFailure/, /Add "states:SendTaskFailure"/],
		['UnrecognizedClientException', serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'), /does not recognize the Access Key ID/, /Access Key ID/],
		['InvalidSignatureException', serviceError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'), /Secret Access Key is wrong/, /clock/],
		['InvalidSignatureException (clock skew)', serviceError('InvalidSignatureException', 'Signature expired: 20261122T000000Z is now earlier than 20261122T001000Z'), /clock is off/, /5 minutes/],
		['ExpiredTokenException', serviceError('ExpiredTokenException', 'The security token included in the request is expired'), /session token has expired/, /new key, secret and session token/],
		['ThrottlingException', serviceError('ThrottlingException', 'Rate exceeded'), /throttled/, /quota/],
		['ServiceUnavailable', serviceError('ServiceUnavailable', 'unavailable', 503), /internal problem/, /try again/],
		['ECONNREFUSED', networkError('ECONNREFUSED'), /Could not connect to https:\/\/states\.eu-west-1\.amazonaws\.com: connection refused/, /Endpoint/],
		['ENOTFOUND', networkError('ENOTFOUND'), /Could not find the host of https:\/\/states\.eu-west-1\.amazonaws\.com/, /does not resolve/],
		['ECONNREFUSED wrapped by the SDK', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), /connection refused/, /Endpoint/],
		['TimeoutError', Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }), /did not answer in time/, /network path/],
	])('%s', async (_code, awsError, message, description) => {
		sfnMock.on(SendTaskFailureCommand).rejects(awsError);
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
	});

	it('InvalidOutput on Send Task Success', async () => {
		sfnMock.on(SendTaskSuccessCommand).rejects(new InvalidOutput({ message: 'Invalid Output', $metadata }));
		const error = await rejection<NodeApiError>(
			run([{ resource: 'task', operation: 'sendTaskSuccess', taskToken: 'tok', output: '{}' }]),
		);
		expect(error.message).toBe('Step Functions rejected the output');
	});

	it('keeps the AWS code and request id with the error', async () => {
		sfnMock.on(SendTaskFailureCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata }));
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error.description).toContain('AWS error TaskTimedOut, request ID req-7f3a');
		expect(error.httpCode).toBe('400');
		expect(error.errorResponse).toMatchObject({ awsErrorCode: 'TaskTimedOut', awsRequestId: 'req-7f3a' });
	});

	it('names the custom endpoint in network errors', async () => {
		sfnMock.on(SendTaskFailureCommand).rejects(networkError('ECONNREFUSED'));
		const credentials = { ...AWS_CREDENTIALS, customEndpoint: true, endpoint: 'http://127.0.0.1:8083' };
		const error = await rejection(run([failureItem], 'stopWorkflow', credentials));
		expect(error.message).toBe('Could not connect to http://127.0.0.1:8083: connection refused');
	});

	it('reads the code of a refused dual-stack connection (AggregateError)', async () => {
		const aggregate = Object.assign(new AggregateError([networkError('ECONNREFUSED')], ''), {});
		sfnMock.on(SendTaskFailureCommand).rejects(aggregate);
		const error = await rejection(run([failureItem]));
		expect(error.message).toMatch(/connection refused/);
	});

	it('passes an unknown code on with AWS\'s own message', async () => {
		sfnMock.on(SendTaskFailureCommand).rejects(serviceError('SomethingNew', 'A new kind of failure'));
		const error = await rejection(run([failureItem]));
		expect(error.message).toBe('Step Functions refused SendTaskFailure: A new kind of failure');
	});
});

describe('continue-on-fail', () => {
	const items = [failureItem, { ...failureItem, taskToken: 'spent' }, failureItem];

	beforeEach(() => {
		sfnMock.on(SendTaskFailureCommand).resolves({});
		sfnMock
			.on(SendTaskFailureCommand, { taskToken: 'spent' })
			.rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata }));
	});

	it.each(['continueErrorOutput', 'continueRegularOutput'] as const)(
		'%s: the failed item becomes an error item n8n 1.x and 2.x can route (only error and message), paired with its input',
		async (onError) => {
			const [main] = await run(items, onError);
			expect(main).toHaveLength(3);
			expect(main[1]).toEqual({
				json: {
					error: 'The task of this token has timed out or was already answered',
					message: expect.stringMatching(/single-use.*\(AWS error TaskTimedOut, request ID req-7f3a\)$/),
				},
				pairedItem: { item: 1 },
			});
			expect(main[0]).toEqual({ json: {}, pairedItem: { item: 0 } });
			expect(main[2]).toEqual({ json: {}, pairedItem: { item: 2 } });
			expect(sfnMock.commandCalls(SendTaskFailureCommand)).toHaveLength(3);
		},
	);

	it('without it, the first failure stops the run and names the item', async () => {
		const oneAtATime = items.map((item) => ({ ...item, requestOptions: { maxConcurrency: 1 } }));
		const error = await rejection<NodeApiError>(run(oneAtATime));
		expect(error.context.itemIndex).toBe(1);
		// Item 2 is not sent after the run stopped at item 1.
		expect(sfnMock.commandCalls(SendTaskFailureCommand)).toHaveLength(2);
	});

	it('an unusable credential fails every item, or stops the run', async () => {
		const credentials = { ...AWS_CREDENTIALS, customEndpoint: true, endpoint: 'ftp://example' };
		const [main] = await run([failureItem, failureItem], 'continueErrorOutput', credentials);
		expect(main.map((item) => item.json.error)).toEqual([
			'The AWS Step Functions credential is not usable: Endpoint "ftp://example" is not an http:// or https:// URL',
			'The AWS Step Functions credential is not usable: Endpoint "ftp://example" is not an http:// or https:// URL',
		]);
		await expect(run([failureItem], 'stopWorkflow', credentials)).rejects.toThrow(/not an http/);
		expect(sfnMock.calls()).toHaveLength(0);
	});
});

describe('error codes of the execution, state machine and activity actions', () => {
	const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:Orders:order-1';
	const describeItem = { resource: 'execution', operation: 'describe', executionArn: EXECUTION };

	it.each([
		['ExecutionLimitExceeded', 'Too many executions are running'],
		['ExecutionAlreadyExists', 'An execution with this name already exists with other input'],
		['InvalidArn', 'Step Functions refused the ARN'],
		['InvalidExecutionInput', 'Step Functions refused the execution input'],
		['InvalidName', 'Step Functions refused the name'],
		['StateMachineDoesNotExist', 'The state machine does not exist'],
		['StateMachineDeleting', 'The state machine is being deleted'],
		['StateMachineTypeNotSupported', 'This action does not support the type of this state machine'],
		['ExecutionDoesNotExist', 'The execution does not exist'],
		['ExecutionNotRedrivable', 'This execution cannot be redriven'],
		['ActivityDoesNotExist', 'The activity does not exist'],
		['ActivityWorkerLimitExceeded', 'Too many workers are polling this activity'],
		['ResourceNotFound', 'The resource was not found'],
		['ValidationException', 'Step Functions refused the request as invalid'],
		['InvalidToken', 'Step Functions refused the page token of a listing'],
	])('%s', async (code, message) => {
		sfnMock.on(DescribeExecutionCommand).rejects(serviceError(code, 'details from AWS'));
		const error = await rejection<NodeApiError>(run([describeItem]));
		expect(error.message).toBe(message);
		expect(error.description).toContain(`AWS error ${code}`);
	});
});

describe('odd error shapes and secrets in unusual forms', () => {
	const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr/session+token=with/slashes';
	const temporary = { ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: SESSION_TOKEN };

	it('an AWS message that is not text (an object) is worded with its code, not a crash', async () => {
		sfnMock.on(SendTaskFailureCommand).rejects(Object.assign(serviceError('ValidationException', ''), { message: { detail: 'odd' } }));
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error.message).toBe('Step Functions refused the request as invalid');
		expect(error.description).toContain('{"detail":"odd"}');
		expect(error.description).toContain('ValidationException, request ID req-7f3a');
	});

	it('a reset connection says so, instead of calling it a timeout', async () => {
		sfnMock.on(SendTaskFailureCommand).rejects(networkError('ECONNRESET'));
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error.message).toMatch(/^The connection to https:\/\/states\.eu-west-1\.amazonaws\.com was reset$/);
	});

	it('removes the session token and secret key URL-encoded, JSON-escaped, and from the error code', async () => {
		const quoted = [
			`X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}`,
			JSON.stringify({ token: SESSION_TOKEN }),
			`secret ${encodeURIComponent(AWS_CREDENTIALS.secretAccessKey)}`,
		].join(' ');
		sfnMock.on(SendTaskFailureCommand).rejects(serviceError(`Odd${SESSION_TOKEN}`, quoted));
		const error = await rejection<NodeApiError>(run([failureItem], 'stopWorkflow', temporary));
		const [[item]] = await run([failureItem], 'continueErrorOutput', temporary);
		const everything = JSON.stringify({ error, description: error.description, message: error.message, item, cause: error.cause });
		for (const form of [SESSION_TOKEN, encodeURIComponent(SESSION_TOKEN), JSON.stringify(SESSION_TOKEN).slice(1, -1).replace(/\//g, '\\/')]) {
			expect(everything).not.toContain(form);
		}
		expect(everything).not.toContain(encodeURIComponent(AWS_CREDENTIALS.secretAccessKey));
		expect(everything).not.toContain('session+token');
	});
});
