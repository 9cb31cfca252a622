import { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubReply, StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * Cancelling a workflow run (n8n fires the execution's cancel signal) while the node talks to a slow Step
 * Functions API on loopback: from the moment of the cancel no new request starts, the run ends within a second
 * and says that it was cancelled. The stub stamps each request's arrival; the cancel is timed from an arrival,
 * half-way through a slow answer, so no request is on its way when it fires.
 */
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-1';
const EXPRESS_EXECUTION = 'arn:aws:states:us-east-1:123456789012:express:OrderApproval:run-1:4c2f';
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:ApproveOrder';
const CANCELLED = 'The workflow run was cancelled';
/** How soon after the cancel the run must have ended */
const SETTLE_MS = 1000;

jest.setTimeout(15_000);

interface Arrival {
	action: string;
	at: number;
}

let stub: StubStepFunctions;
let arrivals: Arrival[];
let controller: AbortController;
let cancelledAt: number | undefined;
let cancelled: Promise<number>;
let onArrival: (arrival: Arrival, countOfAction: number) => void;

beforeEach(async () => {
	stub = await startStubStepFunctions();
	arrivals = [];
	controller = new AbortController();
	cancelledAt = undefined;
	onArrival = () => undefined;
	cancelled = new Promise((resolve) =>
		controller.signal.addEventListener('abort', () => resolve(cancelledAt ?? performance.now()), { once: true }),
	);
});
afterEach(async () => {
	// Cancels whatever a failing test left running, then closes the stub so no request finds it any more.
	if (!controller.signal.aborted) controller.abort();
	await stub.stop();
});

/** Answers `action` with `reply`, stamping the arrival of each request. */
function serve(action: string, reply: StubReply) {
	stub.answer(action, () => {
		const arrival = { action, at: performance.now() };
		arrivals.push(arrival);
		onArrival(arrival, arrivals.filter((seen) => seen.action === action).length);
		return reply;
	});
}

/** Cancels the run `afterMs` after the `count`-th request of `action` arrived. */
function cancelAfterArrival(action: string, count: number, afterMs: number) {
	onArrival = (arrival, countOfAction) => {
		if (arrival.action !== action || countOfAction !== count) return;
		setTimeout(() => {
			cancelledAt = performance.now();
			controller.abort();
		}, afterMs);
	};
}

function runNode(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIACANCEL', secretAccessKey: 'cancel', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError, cancelSignal: controller.signal }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Settled {
	at: number;
	error?: unknown;
}

/**
 * Waits for the cancel, then for the run to settle (at most a little longer than allowed, so that a run that
 * goes on fails the test rather than its timeout), then a quiet period in which a run that kept going would
 * start another request. Returns when the cancel fired and how the run ended (undefined: it had not).
 */
async function cancelAndWatch(run: Promise<unknown>, quietMs: number): Promise<{ at: number; settled?: Settled }> {
	const settling = run.then(
		(): Settled => ({ at: performance.now() }),
		(error: unknown): Settled => ({ at: performance.now(), error }),
	);
	const at = await Promise.race([cancelled, settling.then(() => undefined)]);
	if (at === undefined) throw new Error('The run ended before the cancel fired: the test did not exercise cancellation');
	const settled = await Promise.race([settling, sleep(at + SETTLE_MS + 500 - performance.now()).then(() => undefined)]);
	await sleep(quietMs);
	return { at, settled };
}

function expectCancelled({ at, settled }: { at: number; settled?: Settled }) {
	// (a) nothing started after the cancel
	const late = arrivals.filter((arrival) => arrival.at > at).map((arrival) => `${arrival.action} +${Math.round(arrival.at - at)} ms`);
	expect(late).toEqual([]);
	// (b) the run settled within a second of the cancel
	if (!settled) throw new Error(`The run had not ended ${SETTLE_MS + 500} ms after the cancel`);
	expect(settled.at - at).toBeLessThan(SETTLE_MS);
	// (c) it failed, saying it was cancelled (never a timeout or "still running")
	expect(settled.error).toBeInstanceOf(NodeOperationError);
	const message = (settled.error as Error).message;
	expect(message).toBe(CANCELLED);
	expect(message).not.toMatch(/still running|timed out/i);
}

describe('a cancelled run', () => {
	describe.each<OnError>(['stopWorkflow', 'continueErrorOutput'])('bulk Send Task Failure, On Error %s', (onError) => {
		it('sends no further item once cancelled and ends at once', async () => {
			serve('SendTaskFailure', { body: {}, delayMs: 400 });
			// Two waves of two are sent 400 ms apart; the cancel comes in the middle of the second.
			cancelAfterArrival('SendTaskFailure', 3, 200);
			const items = Array.from({ length: 40 }, (_, n) => ({
				resource: 'task',
				operation: 'sendTaskFailure',
				taskToken: `token-${n}`,
				error: 'Batch.Cancelled',
				cause: '',
				requestOptions: { maxConcurrency: 2 },
			}));
			const outcome = await cancelAndWatch(runNode(items, onError), 900);
			expectCancelled(outcome);
			expect(arrivals.length).toBeLessThanOrEqual(4);
		});
	});

	it('Get Task: ends the long poll of GetActivityTask at once', async () => {
		serve('GetActivityTask', { body: {}, delayMs: 60_000 });
		cancelAfterArrival('GetActivityTask', 1, 300);
		const run = runNode([{ resource: 'activity', operation: 'getTask', activity: { __rl: true, mode: 'arn', value: ACTIVITY }, workerName: 'n8n' }]);
		const outcome = await cancelAndWatch(run, 300);
		expectCancelled(outcome);
		expect(arrivals.map((arrival) => arrival.action)).toEqual(['GetActivityTask']);
	});

	const startAndWait = (stateMachineType: 'STANDARD' | 'EXPRESS') => ({
		resource: 'execution',
		operation: 'start',
		stateMachine: { __rl: true, mode: 'arn', value: MACHINE },
		input: '{"order":1}',
		waitForCompletion: true,
		maxWaitSeconds: 60,
		stateMachineType,
		options: {},
	});

	it('Start and Wait (STANDARD): stops waiting between polls and says cancelled, not still running', async () => {
		serve('StartExecution', { body: { executionArn: EXECUTION, startDate: 1795000000 }, delayMs: 100 });
		serve('DescribeExecution', {
			body: { executionArn: EXECUTION, stateMachineArn: MACHINE, name: 'order-1', status: 'RUNNING', input: '{"order":1}', startDate: 1795000000 },
			delayMs: 100,
		});
		// The first poll is answered RUNNING; the next one is due a second later. Cancel in between.
		cancelAfterArrival('DescribeExecution', 1, 400);
		const outcome = await cancelAndWatch(runNode([startAndWait('STANDARD')]), 1500);
		expectCancelled(outcome);
		expect(arrivals.map((arrival) => arrival.action)).toEqual(['StartExecution', 'DescribeExecution']);
	});

	it('Start and Wait (EXPRESS): ends a StartSyncExecution held by the server at once', async () => {
		serve('StartSyncExecution', {
			body: { executionArn: EXPRESS_EXECUTION, stateMachineArn: MACHINE, status: 'SUCCEEDED', output: '{}', startDate: 1, stopDate: 2 },
			delayMs: 14_000,
		});
		cancelAfterArrival('StartSyncExecution', 1, 300);
		const outcome = await cancelAndWatch(runNode([startAndWait('EXPRESS')]), 300);
		expectCancelled(outcome);
		expect(arrivals.map((arrival) => arrival.action)).toEqual(['StartSyncExecution']);
	});
});
