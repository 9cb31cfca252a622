import * as http from 'http';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort, startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { RecordedRequest, StubReply, StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * A start the user did not name gets a name of the node's making, the same whenever this n8n execution sends
 * this item again, so that a repeated StartExecution finds the execution the first one started instead of
 * starting a second one. Starts that cannot be made idempotent (EXPRESS) are never repeated once they may
 * have reached AWS. Real requests through n8n's HTTP helper (test/helpers/n8nHttp.ts) to a loopback Step Functions stub.
 */
const ACCOUNT = 'arn:aws:states:us-east-1:123456789012';
const MACHINE = `${ACCOUNT}:stateMachine:Orders`;
const executionArnOf = (name: string) => `${ACCOUNT}:execution:Orders:${name}`;

/** What Step Functions allows in an execution name: 1-80 characters, none of these. */
// eslint-disable-next-line no-control-regex -- the control characters the API forbids
const ALLOWED_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;

let stub: StubStepFunctions;

beforeEach(async () => {
	stub = await startStubStepFunctions();
});
afterEach(async () => {
	jest.restoreAllMocks();
	await stub.stop();
});

function runNode(
	items: Array<Record<string, unknown>>,
	options: { executionId?: string; onError?: OnError; runIndex?: number } = {},
) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub-secret', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(
		executeContext({
			credentials,
			items,
			onError: options.onError ?? 'continueErrorOutput',
			executionId: options.executionId,
			runIndex: options.runIndex,
		}),
	);
}

function start(extra: Record<string, unknown> = {}) {
	return {
		resource: 'execution',
		operation: 'start',
		stateMachine: { __rl: true, mode: 'arn', value: MACHINE },
		input: { order: 1 },
		options: {},
		...extra,
	};
}

const startAndWaitStandard = (extra: Record<string, unknown> = {}) =>
	start({ waitForCompletion: true, maxWaitSeconds: 60, stateMachineType: 'STANDARD', ...extra });
const startAndWaitExpress = (extra: Record<string, unknown> = {}) =>
	start({ waitForCompletion: true, maxWaitSeconds: 60, stateMachineType: 'EXPRESS', ...extra });

/**
 * StartExecution as Step Functions answers it for a STANDARD machine: a name it knows with the same input gives
 * the same execution again; with other input, ExecutionAlreadyExists. `first` answers the very first request.
 */
function serveStandardStarts(first?: Partial<StubReply>) {
	const executions = new Map<string, string>();
	let unnamed = 0;
	stub.answer('StartExecution', (body) => {
		const name = typeof body.name === 'string' ? body.name : `aws-made-${++unnamed}`;
		const known = executions.get(name);
		if (known !== undefined && known !== body.input) {
			return { status: 400, body: { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${executionArnOf(name)}'` } };
		}
		executions.set(name, String(body.input));
		const reply = { body: { executionArn: executionArnOf(name), startDate: 1795000000 } };
		return startRequests().length === 1 && first ? { ...reply, ...first } : reply;
	});
	return executions;
}

function serveSucceededDescribe() {
	stub.answer('DescribeExecution', (body) => ({
		body: { executionArn: body.executionArn, stateMachineArn: MACHINE, status: 'SUCCEEDED', input: '{"order":1}', output: '{"done":true}', startDate: 1795000000, stopDate: 1795000001 },
	}));
}

const requestsOf = (action: string): RecordedRequest[] => stub.requests.filter((request) => request.action === action);
const startRequests = () => requestsOf('StartExecution');
const namesSent = () => startRequests().map((request) => request.body.name);

describe('generated execution names', () => {
	it('a start without Execution Name carries a readable, allowed name of at most 80 characters, one per item', async () => {
		serveStandardStarts();
		const [main] = await runNode([start(), start(), start()], { executionId: '4711' });
		expect(main.map((item) => item.json.error)).toEqual([undefined, undefined, undefined]);
		const names = namesSent() as string[];
		expect(names).toHaveLength(3);
		for (const name of names) {
			expect(name).toMatch(ALLOWED_NAME);
			const itemIndex = (main.find((item) => item.json.executionArn === executionArnOf(name))?.pairedItem as { item: number }).item;
			expect(name).toMatch(new RegExp(`^n8n-4711-${itemIndex}-[0-9a-f]+$`));
		}
		expect(new Set(names).size).toBe(3);
	});

	it('stays allowed and within 80 characters whatever the n8n execution id holds', async () => {
		serveStandardStarts();
		await runNode([start()], { executionId: `exec id/with:odd*chars<>{}${'9'.repeat(200)}` });
		const [name] = namesSent() as string[];
		expect(name).toMatch(ALLOWED_NAME);
		expect(name.startsWith('n8n-')).toBe(true);
	});

	it('is the same when the same n8n execution sends the same item again, and differs in another execution', async () => {
		serveStandardStarts();
		await runNode([start(), start()], { executionId: 'run-42' });
		await runNode([start(), start()], { executionId: 'run-42' });
		await runNode([start(), start()], { executionId: 'run-43' });
		const [first0, first1, again0, again1, other0, other1] = namesSent();
		expect(first0).toEqual(expect.any(String));
		expect(again0).toBe(first0);
		expect(again1).toBe(first1);
		expect(other0).not.toBe(first0);
		expect(other1).not.toBe(first1);
	});

	it('differs on every pass of a loop (the node runs again in the same n8n execution), so each pass starts its own execution', async () => {
		serveStandardStarts();
		const [[firstPass]] = await runNode([start()], { executionId: 'run-77', runIndex: 0 });
		const [[secondPass]] = await runNode([start({ input: { order: 2 } })], { executionId: 'run-77', runIndex: 1 });
		const [[retryOfSecond]] = await runNode([start({ input: { order: 2 } })], { executionId: 'run-77', runIndex: 1 });
		const [first, second, retried] = namesSent();
		expect(second).not.toBe(first);
		expect(retried).toBe(second);
		expect(firstPass.json.error).toBeUndefined();
		expect(secondPass.json.error).toBeUndefined();
		expect(retryOfSecond.json.executionArn).toBe(secondPass.json.executionArn);
	});

	it('a user-given Execution Name is sent as given', async () => {
		serveStandardStarts();
		await runNode([start({ options: { name: 'order-1-approval' } })]);
		expect(namesSent()).toEqual(['order-1-approval']);
	});
});

describe('a start whose answer is lost', () => {
	it('STANDARD: every attempt the node makes after a timeout carries the same name, and one execution results', async () => {
		const executions = serveStandardStarts({ delayMs: 2500 });
		serveSucceededDescribe();
		const [[item]] = await runNode([startAndWaitStandard({ requestOptions: { timeoutSeconds: 1, retryAttempts: 2 } })], {
			executionId: '900',
		});
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', output: { done: true } });
		const names = namesSent();
		expect(names.length).toBeGreaterThanOrEqual(2);
		expect(names[0]).toMatch(/^n8n-900-0-/);
		expect(new Set(names).size).toBe(1);
		expect(executions.size).toBe(1);
	});

	it('run again by Retry On Fail in the same n8n execution, it finds the execution the lost attempt started', async () => {
		const executions = serveStandardStarts({ delayMs: 2500 });
		// The identity may not call DescribeExecution: the node cannot look the late start up, and the item fails.
		stub.answer('DescribeExecution', { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized to perform: states:DescribeExecution' } });
		const lost = await runNode([start({ requestOptions: { timeoutSeconds: 1 } })], { executionId: '901' });
		expect(lost[0][0].json.error).toMatch(/did not answer the start in time/);
		const [[retried]] = await runNode([start({ requestOptions: { timeoutSeconds: 1 } })], { executionId: '901' });
		expect(executions.size).toBe(1);
		const [name] = [...executions.keys()];
		expect(retried.json).toEqual({ executionArn: executionArnOf(name), startDate: expect.anything() });
		expect(new Set(namesSent()).size).toBe(1);
	});
});

describe('a late Start answer ends in one execution and a result (Start without waiting, the node chose the name)', () => {
	// The type of the machine is not asked for without waiting, so the start is sent once; when its answer comes
	// after the Request Timeout, the node looks the execution up by the name it chose before deciding.
	const LATE_MESSAGE = 'Step Functions did not answer the start in time, and whether the execution started cannot be told';
	const lateStart = () => start({ requestOptions: { timeoutSeconds: 1, retryAttempts: 2 } });

	/** Executions as Step Functions keeps them: by name, with their input. */
	function serveDescribe(executions: Map<string, string>) {
		stub.answer('DescribeExecution', (body) => {
			const name = String(body.executionArn).split(':').pop() ?? '';
			const input = executions.get(name);
			return input === undefined
				? { status: 400, body: { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${String(body.executionArn)}'` } }
				: { body: { executionArn: body.executionArn, stateMachineArn: MACHINE, name, status: 'RUNNING', input, startDate: 1795000000 } };
		});
	}

	function serveMachineType(type: 'STANDARD' | 'EXPRESS') {
		stub.answer('DescribeStateMachine', { body: { stateMachineArn: MACHINE, name: 'Orders', type, status: 'ACTIVE', definition: '{}', roleArn: 'r', creationDate: 0 } });
	}

	it('a start whose connection was refused reached nothing: the item says the connection was refused, and nothing is looked up', async () => {
		const port = await closedLoopbackPort();
		const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub-secret', customEndpoint: true, endpoint: `http://127.0.0.1:${port}` };
		const [[item]] = await new AwsStepFunctions().execute.call(
			executeContext({ credentials, items: [lateStart()], onError: 'continueErrorOutput', executionId: '949' }),
		);
		expect(item.json.error).toBe(`Could not connect to http://127.0.0.1:${port}: connection refused`);
		expect(item.json.error).not.toBe(LATE_MESSAGE);
		expect(stub.requests).toEqual([]);
	});

	it('(a) the start was done, its answer late: DescribeExecution finds it with the same input, the item succeeds with it', async () => {
		// The stub records the start, then answers after the Request Timeout.
		const executions = serveStandardStarts({ delayMs: 2500 });
		serveDescribe(executions);
		const [[item]] = await runNode([lateStart()], { executionId: '950' });
		const [name] = namesSent() as string[];
		expect(item.json).toEqual({ executionArn: executionArnOf(name), startDate: expect.anything() });
		expect(startRequests()).toHaveLength(1);
		expect(executions.size).toBe(1);
		expect(requestsOf('DescribeExecution').map((request) => request.body)).toEqual([{ executionArn: executionArnOf(name) }]);
	});

	it('(a\') found with other input: not this item\'s start, the item fails as unknown and nothing is sent again', async () => {
		serveStandardStarts({ delayMs: 2500 });
		stub.answer('DescribeExecution', (body) => ({
			body: { executionArn: body.executionArn, stateMachineArn: MACHINE, status: 'RUNNING', input: '{"order":999}', startDate: 1795000000 },
		}));
		const [[item]] = await runNode([lateStart()], { executionId: '951' });
		expect(item.json.error).toBe(LATE_MESSAGE);
		expect(startRequests()).toHaveLength(1);
	});

	it.each([
		['its answer never came in time', { delayMs: 2500 }],
		['the connection was reset', { resetConnection: true }],
	])('(b) the start was lost (%s) and the machine is STANDARD: sent again under the same name, one execution in the end', async (_label, lost) => {
		const executions = new Map<string, string>();
		stub.answer('StartExecution', (body) => {
			const name = String(body.name);
			// The first start is dropped without creating the execution; a later one starts it.
			if (startRequests().length === 1) return { ...lost, body: { executionArn: executionArnOf(name), startDate: 1795000000 } };
			executions.set(name, String(body.input));
			return { body: { executionArn: executionArnOf(name), startDate: 1795000000 } };
		});
		serveDescribe(executions);
		serveMachineType('STANDARD');
		const [[item]] = await runNode([lateStart()], { executionId: '952' });
		const names = namesSent() as string[];
		expect(names).toHaveLength(2);
		expect(new Set(names).size).toBe(1);
		expect(executions.size).toBe(1);
		expect(item.json).toEqual({ executionArn: executionArnOf(names[0]), startDate: expect.anything() });
		expect(requestsOf('DescribeStateMachine')).toHaveLength(1);
	});

	it.each([
		[
			'DescribeExecution is refused (AccessDenied)',
			() => stub.answer('DescribeExecution', { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized to perform: states:DescribeExecution' } }),
		],
		[
			'the machine is EXPRESS (its executions cannot be looked up)',
			() => {
				serveDescribe(new Map());
				serveMachineType('EXPRESS');
			},
		],
	])('(c) the look-up cannot tell (%s): the item fails, naming the execution to look for; the start is not sent again', async (_label, lookUp) => {
		serveStandardStarts({ delayMs: 2500 });
		lookUp();
		const [[item]] = await runNode([lateStart()], { executionId: '953' });
		const [name] = namesSent() as string[];
		expect(item.json.error).toBe(LATE_MESSAGE);
		expect(item.json.message).toContain(executionArnOf(name));
		expect(startRequests()).toHaveLength(1);
	});

	it('(c) with Stop Workflow the run stops with the same error', async () => {
		serveStandardStarts({ delayMs: 2500 });
		stub.answer('DescribeExecution', { status: 400, body: { __type: 'AccessDeniedException', message: 'no' } });
		const error = await rejection<{ message: string; description?: string }>(runNode([lateStart()], { executionId: '954', onError: 'stopWorkflow' }));
		expect(error.message).toBe(LATE_MESSAGE);
		expect(error.description).toContain(executionArnOf(namesSent()[0] as string));
	});

	it('(d) with a user-given Execution Name none of this applies: the start fails as not answered in time, sent once, nothing looked up', async () => {
		serveStandardStarts({ delayMs: 2500 });
		serveDescribe(new Map());
		const [[item]] = await runNode([start({ options: { name: 'my-own-start' }, requestOptions: { timeoutSeconds: 1, retryAttempts: 2 } })]);
		expect(item.json.error).toBe(`Step Functions at ${stub.endpoint} did not answer in time`);
		expect(namesSent()).toEqual(['my-own-start']);
		expect(requestsOf('DescribeExecution')).toHaveLength(0);
		expect(requestsOf('DescribeStateMachine')).toHaveLength(0);
	});
});

describe('ExecutionAlreadyExists', () => {
	function alreadyExists(existingInput: string) {
		stub.answer('StartExecution', (body) => ({
			status: 400,
			body: { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${executionArnOf(String(body.name))}'` },
		}));
		stub.answer('DescribeExecution', (body) => ({
			body: { executionArn: body.executionArn, stateMachineArn: MACHINE, name: 'x', status: 'SUCCEEDED', input: existingInput, startDate: 1795000000, stopDate: 1795000001 },
		}));
	}

	it('for a generated name with the same input: the node returns the existing execution, no error', async () => {
		alreadyExists('{"order":1}');
		const [[item]] = await runNode([start()], { onError: 'stopWorkflow', executionId: '77' });
		const [name] = namesSent() as string[];
		expect(item.json.executionArn).toBe(executionArnOf(name));
		expect(requestsOf('DescribeExecution').map((request) => request.body)).toEqual([{ executionArn: executionArnOf(name) }]);
	});

	it('for a generated name with other input: an error that says the execution already exists', async () => {
		alreadyExists('{"order":2}');
		const [[item]] = await runNode([start()], { executionId: '78' });
		expect(item.json.error).toMatch(/already exists/);
		// It looked before it gave up.
		expect(requestsOf('DescribeExecution')).toHaveLength(1);
	});

	it('for a user-given name: an error, and no DescribeExecution', async () => {
		alreadyExists('{"order":1}');
		const [[item]] = await runNode([start({ options: { name: 'my-own-name' } })]);
		expect(item.json.error).toMatch(/already exists/);
		expect(requestsOf('DescribeExecution')).toHaveLength(0);
	});
});

describe('EXPRESS Start + Wait (StartSyncExecution) is never repeated once it may have reached AWS', () => {
	const SUCCEEDED = {
		body: { executionArn: `${ACCOUNT}:express:Orders:run:1`, stateMachineArn: MACHINE, status: 'SUCCEEDED', input: '{"order":1}', output: '{"done":true}', startDate: 1, stopDate: 2 },
	};
	const syncRequests = () => requestsOf('StartSyncExecution');

	it('an answer that times out: the request was sent exactly once', async () => {
		stub.answer('StartSyncExecution', { ...SUCCEEDED, delayMs: 2500 });
		const [[item]] = await runNode([startAndWaitExpress({ requestOptions: { timeoutSeconds: 1, retryAttempts: 3 } })]);
		expect(item.json.error).toMatch(/did not answer in time/);
		expect(syncRequests()).toHaveLength(1);
	});

	it('ThrottlingException is retried', async () => {
		let calls = 0;
		stub.answer('StartSyncExecution', () =>
			++calls === 1 ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } } : SUCCEEDED,
		);
		const [[item]] = await runNode([startAndWaitExpress({ requestOptions: { retryAttempts: 2 } })]);
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', output: { done: true } });
		expect(syncRequests()).toHaveLength(2);
	});

	it('a refused connection is retried', async () => {
		stub.answer('StartSyncExecution', SUCCEEDED);
		// The first connection the run opens goes to a port nobody listens on; later ones reach the stub.
		const refusedPort = await closedLoopbackPort();
		const createConnection = http.Agent.prototype.createConnection;
		let connections = 0;
		jest.spyOn(http.Agent.prototype, 'createConnection').mockImplementation(function (this: http.Agent, ...args) {
			const [options, ...rest] = args as unknown as [Record<string, unknown>, ...unknown[]];
			const target = ++connections === 1 ? { ...options, port: refusedPort } : options;
			return (createConnection as (...a: unknown[]) => ReturnType<typeof createConnection>).call(this, target, ...rest);
		});
		const [[item]] = await runNode([startAndWaitExpress({ requestOptions: { retryAttempts: 2 } })]);
		expect(item.json).toMatchObject({ status: 'SUCCEEDED' });
		expect(connections).toBeGreaterThanOrEqual(2);
		expect(syncRequests()).toHaveLength(1);
	});
});

describe('Send Task Success retried after a timeout', () => {
	it('TaskTimedOut on the retry: the description says the earlier attempt may have answered the task', async () => {
		let calls = 0;
		stub.answer('SendTaskSuccess', () =>
			++calls === 1
				? { delayMs: 2500, body: {} }
				: { status: 400, body: { __type: 'TaskTimedOut', message: 'Task Timed Out: token-1' } },
		);
		const [[item]] = await runNode([
			{ resource: 'task', operation: 'sendTaskSuccess', taskToken: 'token-1', output: '{"ok":true}', requestOptions: { timeoutSeconds: 1, retryAttempts: 2 } },
		]);
		expect(requestsOf('SendTaskSuccess')).toHaveLength(2);
		expect(item.json.error).toBe('The task of this token has timed out or was already answered');
		expect(item.json.message).toMatch(/earlier attempt .*may have .*answered the task/);
	});
});
