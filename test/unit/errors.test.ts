import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { describeAwsError } from '../../nodes/shared/errors/aws';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';
import { AWS_CREDENTIALS, executeContext, rejection, TEST_NODE } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { AwsFault, mockStepFunctionsInSuite } from '../helpers/sfnMock';


const sfnMock = mockStepFunctionsInSuite();

beforeEach(() => sfnMock.reset());

const REQUEST_ID = { 'x-amzn-requestid': 'req-7f3a' };

const failureItem = { resource: 'task', operation: 'sendTaskFailure', taskToken: 'tok', error: 'E', cause: 'C' };

function run(
	items: Array<Record<string, unknown>>,
	onError: OnError = 'stopWorkflow',
	credentials: ICredentialDataDecryptedObject = AWS_CREDENTIALS,
) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

/** A run whose requests n8n's HTTP layer fails with `thrown` before any answer (shapes sfnMock cannot make). */
function runWithHttpFailure(thrown: () => unknown) {
	const context = executeContext({ credentials: AWS_CREDENTIALS, items: [failureItem] });
	(context.helpers as { httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'] }).httpRequestWithAuthentication =
		async () => {
			throw thrown();
		};
	return new AwsStepFunctions().execute.call(context);
}

/** Throttling slows the client's pacing for its key for the rest of the process: this key is throttled alone. */
const THROTTLED_CREDENTIALS = { ...AWS_CREDENTIALS, accessKeyId: 'AKIATHROTTLEDKEY0001' };

describe('AWS error codes become messages that say what to do', () => {
	it.each([
		['InvalidToken', () => sfnMock.on('SendTaskFailure').rejects('InvalidToken', 'Invalid Token'), /malformed/, /exactly as the state machine/],
		['TaskDoesNotExist', () => sfnMock.on('SendTaskFailure').rejects('TaskDoesNotExist', 'Task does not exist'), /does not know this task token/, /another AWS account or region.*eu-west-1/],
		['TaskTimedOut', () => sfnMock.on('SendTaskFailure').rejects('TaskTimedOut', 'Task Timed Out'), /timed out or was already answered/, /single-use/],
		['KmsAccessDeniedException', () => sfnMock.on('SendTaskFailure').rejects('KmsAccessDeniedException', 'denied'), /KMS key/, /leave Error and Cause empty/],
		['KmsInvalidStateException', () => sfnMock.on('SendTaskFailure').rejects('KmsInvalidStateException', 'disabled'), /disabled or pending deletion/, /Enable the key/],
		['KmsThrottlingException', () => sfnMock.on('SendTaskFailure').rejects('KmsThrottlingException', 'slow down'), /KMS throttled/, /does not retry/],
		['AccessDeniedException', () => sfnMock.on('SendTaskFailure').rejects('AccessDeniedException', 'User is not authorized'), /not allowed to call states:SendTaskFailure/, /Add "states:SendTaskFailure"/],
		['UnrecognizedClientException', () => sfnMock.on('SendTaskFailure').rejects('UnrecognizedClientException', 'The security token included in the request is invalid.'), /does not recognize the Access Key ID/, /Access Key ID/],
		['InvalidSignatureException', () => sfnMock.on('SendTaskFailure').rejects('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'), /Secret Access Key is wrong/, /clock/],
		['InvalidSignatureException (clock skew)', () => sfnMock.on('SendTaskFailure').rejects('InvalidSignatureException', 'Signature expired: 20261122T000000Z is now earlier than 20261122T001000Z'), /clock is off/, /5 minutes/],
		['ExpiredTokenException', () => sfnMock.on('SendTaskFailure').rejects('ExpiredTokenException', 'The security token included in the request is expired'), /session token has expired/, /new key, secret and session token/],
		['ServiceUnavailable', () => sfnMock.on('SendTaskFailure').rejects('ServiceUnavailable', 'unavailable', 503), /internal problem/, /try again/],
	])('%s', async (_code, arrange, message, description) => {
		arrange();
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
	});

	// Network failures as n8n's HTTP helper throws them: a NodeApiError around axios's error (the code in httpCode).
	it.each([
		['ECONNREFUSED', /Could not connect to https:\/\/states\.eu-west-1\.amazonaws\.com: connection refused/, /Endpoint/],
		['ENOTFOUND', /Could not find the host of https:\/\/states\.eu-west-1\.amazonaws\.com/, /does not resolve/],
		['ECONNABORTED', /did not answer in time/, /network path/],
		['ECONNRESET', /^The connection to https:\/\/states\.eu-west-1\.amazonaws\.com was reset$/, /closed the connection/],
	])('%s', async (code, message, description) => {
		const error = await rejection<NodeApiError>(
			runWithHttpFailure(() => new NodeApiError(TEST_NODE, Object.assign(new Error(`${code} from the network`), { code }) as unknown as JsonObject)),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
	});

	it('ThrottlingException', async () => {
		sfnMock.on('SendTaskFailure').rejects('ThrottlingException', 'Rate exceeded');
		const error = await rejection<NodeApiError>(run([{ ...failureItem, requestOptions: { retryAttempts: 0 } }], 'stopWorkflow', THROTTLED_CREDENTIALS));
		expect(error.message).toMatch(/throttled/);
		expect(error.description).toMatch(/quota/);
	});

	it('InvalidOutput on Send Task Success', async () => {
		sfnMock.on('SendTaskSuccess').rejects('InvalidOutput', 'Invalid Output');
		const error = await rejection<NodeApiError>(
			run([{ resource: 'task', operation: 'sendTaskSuccess', taskToken: 'tok', output: '{}' }]),
		);
		expect(error.message).toBe('Step Functions rejected the output');
	});

	it('keeps the AWS code and request id with the error', async () => {
		sfnMock.on('SendTaskFailure').rejects('TaskTimedOut', 'Task Timed Out', 400, REQUEST_ID);
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error.description).toContain('AWS error TaskTimedOut, request ID req-7f3a');
		expect(error.httpCode).toBe('400');
		expect(error.errorResponse).toMatchObject({ awsErrorCode: 'TaskTimedOut', awsRequestId: 'req-7f3a' });
	});

	it('names the custom endpoint in network errors', async () => {
		const endpoint = `http://127.0.0.1:${await closedLoopbackPort()}`;
		const credentials = { ...AWS_CREDENTIALS, customEndpoint: true, endpoint };
		const error = await rejection(run([failureItem], 'stopWorkflow', credentials));
		expect(error.message).toBe(`Could not connect to ${endpoint}: connection refused`);
	});

	it("reads the code n8n keeps only in its error's message text", async () => {
		const error = await rejection(runWithHttpFailure(() => new Error('connect ECONNREFUSED 127.0.0.1:1')));
		expect(error.message).toMatch(/connection refused/);
	});

	it('reads the code of a refused dual-stack connection (AggregateError)', async () => {
		const error = await rejection(
			runWithHttpFailure(() => {
				const aggregate = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED' })], '');
				const thrown = new NodeApiError(TEST_NODE, { message: 'request failed' });
				thrown.httpCode = null;
				Object.defineProperty(thrown, 'cause', { value: aggregate, enumerable: false });
				return thrown;
			}),
		);
		expect(error.message).toMatch(/connection refused/);
	});

	it("passes an unknown code on with AWS's own message", async () => {
		sfnMock.on('SendTaskFailure').rejects('SomethingNew', 'A new kind of failure');
		const error = await rejection(run([failureItem]));
		expect(error.message).toBe('Step Functions refused SendTaskFailure: A new kind of failure');
	});
});

describe('continue-on-fail', () => {
	const items = [failureItem, { ...failureItem, taskToken: 'spent' }, failureItem];

	beforeEach(() => {
		sfnMock.on('SendTaskFailure').callsFake((input) => {
			if (input.taskToken === 'spent') throw new AwsFault('TaskTimedOut', 'Task Timed Out');
			return {};
		});
	});

	it.each(['continueErrorOutput', 'continueRegularOutput'] as const)(
		'%s: the failed item becomes an error item n8n 1.x and 2.x can route (only error and message), paired with its input',
		async (onError) => {
			const [main] = await run(items, onError);
			// The fake numbers its request ids in the order the calls arrived.
			const requestId = `req-${sfnMock.calls().findIndex((call) => call.input.taskToken === 'spent') + 1}`;
			expect(main).toHaveLength(3);
			expect(main[1]).toEqual({
				json: {
					error: 'The task of this token has timed out or was already answered',
					message: expect.stringMatching(new RegExp(`single-use.*\\(AWS error TaskTimedOut, request ID ${requestId}\\)$`)),
				},
				pairedItem: { item: 1 },
			});
			expect(main[0]).toEqual({ json: {}, pairedItem: { item: 0 } });
			expect(main[2]).toEqual({ json: {}, pairedItem: { item: 2 } });
			expect(sfnMock.commandCalls('SendTaskFailure')).toHaveLength(3);
		},
	);

	it('without it, the first failure stops the run and names the item', async () => {
		const oneAtATime = items.map((item) => ({ ...item, requestOptions: { maxConcurrency: 1 } }));
		const error = await rejection<NodeApiError>(run(oneAtATime));
		expect(error.context.itemIndex).toBe(1);
		// Item 2 is not sent after the run stopped at item 1.
		expect(sfnMock.commandCalls('SendTaskFailure')).toHaveLength(2);
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
		sfnMock.on('DescribeExecution').rejects(code, 'details from AWS');
		const error = await rejection<NodeApiError>(run([describeItem]));
		expect(error.message).toBe(message);
		expect(error.description).toContain(`AWS error ${code}`);
	});
});

describe('odd error shapes and secrets in unusual forms', () => {
	const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr/session+token=with/slashes';
	const temporary = { ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: SESSION_TOKEN };

	it('an AWS message that is not text (an object) is worded with its code, not a crash', async () => {
		sfnMock.on('SendTaskFailure').rejects('ValidationException', { detail: 'odd' } as unknown as string, 400, REQUEST_ID);
		const error = await rejection<NodeApiError>(run([failureItem]));
		expect(error.message).toBe('Step Functions refused the request as invalid');
		expect(error.description).toContain('{"detail":"odd"}');
		expect(error.description).toContain('ValidationException, request ID req-7f3a');
	});

	it('removes the session token and secret key URL-encoded, JSON-escaped, and from the error code', async () => {
		const quoted = [
			`X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}`,
			JSON.stringify({ token: SESSION_TOKEN }),
			`secret ${encodeURIComponent(AWS_CREDENTIALS.secretAccessKey)}`,
		].join(' ');
		sfnMock.on('SendTaskFailure').rejects(`Odd${SESSION_TOKEN}`, quoted);
		const error = await rejection<NodeApiError>(run([failureItem], 'stopWorkflow', temporary));
		const [[item]] = await run([failureItem], 'continueErrorOutput', temporary);
		const everything = JSON.stringify({ error, description: error.description, message: error.message, item, cause: error.cause });
		for (const form of [SESSION_TOKEN, encodeURIComponent(SESSION_TOKEN), JSON.stringify(SESSION_TOKEN).slice(1, -1).replace(/\//g, '\\/')]) {
			expect(everything).not.toContain(form);
		}
		expect(everything).not.toContain(encodeURIComponent(AWS_CREDENTIALS.secretAccessKey));
		expect(everything).not.toContain('session+token');
	});

	it("an error of n8n's HTTP layer that carries the signed request keeps none of it", async () => {
		const error = await rejection<NodeApiError>(
			runWithHttpFailure(() => {
				const axiosError = Object.assign(new Error('socket hang up'), {
					code: 'ECONNRESET',
					config: { headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/…, Signature=f00dfeed', 'X-Amz-Security-Token': SESSION_TOKEN } },
				});
				return new NodeApiError(TEST_NODE, axiosError as never);
			}),
		);
		expect(error.message).toMatch(/was reset/);
		const everything = JSON.stringify({ error, description: error.description, message: error.message, cause: error.cause });
		expect(everything).not.toContain('f00dfeed');
		expect(everything).not.toContain(SESSION_TOKEN);
	});
});

describe('a connection reset after the request went out', () => {
	const context = { action: 'UpdateStateMachine', endpoint: 'https://states.eu-west-1.amazonaws.com', region: 'eu-west-1', scrub: (text: string) => text, keysFrom: 'credential' as const };

	it('says how many times a repeatable request was sent', () => {
		const wording = describeAwsError({ code: 'ECONNRESET', awsMessage: 'socket hang up', attempts: 3 }, context);
		expect(wording.description).toContain('The node sent it 3 times');
	});

	it('says that a request sent once was not repeated and may have taken effect', () => {
		const wording = describeAwsError({ code: 'ECONNRESET', awsMessage: 'socket hang up', attempts: 1 }, context);
		expect(wording.description).toContain('It was not sent again: it may have reached Step Functions, and a repeat could act twice.');
		expect(wording.description).not.toMatch(/retried|sent it \d+ times/);
	});
});
