import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * With continue-on-fail, items of one-request operations are read and queued ahead of "Max Concurrent
 * Requests" (actions/router.ts). The server must still never see more requests at once than the option
 * allows, a failure with Stop Workflow must still stop the sending, and operations that hold an item longer
 * (Start + Wait) must not run more items at once than the option says.
 */
const LATENCY_MS = 40;
let stub: StubStepFunctions;
let open: number;
let mostOpen: number;

/** Counts requests the server is holding: one more on arrival, one fewer when its answer goes out. */
function held(reply: { status?: number; body?: object }) {
	open++;
	mostOpen = Math.max(mostOpen, open);
	setTimeout(() => open--, LATENCY_MS);
	return { ...reply, delayMs: LATENCY_MS };
}

beforeEach(async () => {
	stub = await startStubStepFunctions();
	open = 0;
	mostOpen = 0;
});
afterEach(async () => {
	await stub.stop();
});

function run(items: Array<Record<string, unknown>>, onError: OnError) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIAQUEUE', secretAccessKey: 'queue-secret', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

const failures = (count: number, maxConcurrency: number) =>
	Array.from({ length: count }, (_, n) => ({
		resource: 'task',
		operation: 'sendTaskFailure',
		taskToken: `token-${n}`,
		error: 'Batch.Failed',
		cause: '',
		requestOptions: { maxConcurrency, retryAttempts: 0 },
	}));

describe('items queued ahead with continue-on-fail', () => {
	it.each([1, 3, 8])('never has more than Max Concurrent Requests (%i) on the wire, and answers every item in order', async (maxConcurrency) => {
		stub.answer('SendTaskFailure', (body) =>
			held(String(body.taskToken).endsWith('7') ? { status: 400, body: { __type: 'TaskTimedOut', message: 'Task Timed Out' } } : { body: {} }),
		);
		const [output] = await run(failures(60, maxConcurrency), 'continueErrorOutput');
		expect(mostOpen).toBe(maxConcurrency);
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 60 }, (_, item) => ({ item })));
		expect(output.filter((item) => item.json.error)).toHaveLength(6);
		expect(stub.requests).toHaveLength(60);
	});

	it('Stop Workflow queues nothing ahead: after the first failure no further request is sent', async () => {
		stub.answer('SendTaskFailure', (body) =>
			held(body.taskToken === 'token-4' ? { status: 400, body: { __type: 'TaskTimedOut', message: 'Task Timed Out' } } : { body: {} }),
		);
		await expect(run(failures(60, 2), 'stopWorkflow')).rejects.toThrow('The task of this token has timed out or was already answered');
		// token-4 failed while token-5 was in flight at most: nothing after it went out.
		expect(stub.requests.map((request) => request.body.taskToken)).toEqual(['token-0', 'token-1', 'token-2', 'token-3', 'token-4', 'token-5']);
	});

	it('Start + Wait keeps at most Max Concurrent Requests executions in progress with continue-on-fail', async () => {
		let started = 0;
		let running = 0;
		let mostRunning = 0;
		stub.answer('StartExecution', () => {
			started++;
			running++;
			mostRunning = Math.max(mostRunning, running);
			return { body: { executionArn: `arn:aws:states:us-east-1:123456789012:execution:M:e${started}`, startDate: 1795000000 } };
		});
		const polls = new Map<string, number>();
		stub.answer('DescribeExecution', (body) => {
			const arn = String(body.executionArn);
			const seen = (polls.get(arn) ?? 0) + 1;
			polls.set(arn, seen);
			if (seen < 2) return { body: { executionArn: arn, status: 'RUNNING', startDate: 1795000000 } };
			running--;
			return { body: { executionArn: arn, status: 'SUCCEEDED', input: '{}', output: '{}', startDate: 1795000000, stopDate: 1795000001 } };
		});
		const items = Array.from({ length: 6 }, () => ({
			resource: 'execution',
			operation: 'start',
			stateMachine: { __rl: true, mode: 'arn', value: 'arn:aws:states:us-east-1:123456789012:stateMachine:M' },
			input: '{}',
			options: {},
			waitForCompletion: true,
			maxWaitSeconds: 30,
			stateMachineType: 'STANDARD',
			requestOptions: { maxConcurrency: 2 },
		}));
		const [output] = await run(items, 'continueErrorOutput');
		expect(output.map((item) => item.json.status)).toEqual(Array(6).fill('SUCCEEDED'));
		expect(mostRunning).toBe(2);
	}, 30_000);
});
