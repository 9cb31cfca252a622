import type { IDataObject } from 'n8n-workflow';

import { AwsStepFunctionsActivityTrigger } from '../../nodes/AwsStepFunctionsActivityTrigger/AwsStepFunctionsActivityTrigger.node';
import { EARLY_EMPTY_MS, REPORT_INTERVAL_MS, startActivityWorker } from '../../nodes/AwsStepFunctionsActivityTrigger/worker';
import type { ActivityTaskItem, WorkerConfig } from '../../nodes/AwsStepFunctionsActivityTrigger/worker';
import { AwsError } from '../../nodes/shared/aws/awsError';
import type { SfnSession } from '../../nodes/shared/aws/session';
import { NOT_STARTED_CAUSE } from '../../nodes/shared/errors/trigger';
import { BACKOFF_MAX_MS } from '../../nodes/shared/helpers/backoff';
import { AWS_CREDENTIALS, rejection } from '../helpers/executeContext';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import { triggerContext as n8nTriggerContext } from '../helpers/triggerContexts';

const ACTIVITY = 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder';

/** An AWS error answer, as the client throws it. */
function awsError(name: string, message = name) {
	return new AwsError(name, message, { httpStatusCode: 400, requestId: 'req-1' });
}

/** A request the worker sent: the action and its input. */
interface Sent {
	action: string;
	input: Record<string, unknown>;
}

type Answer = (sent: Sent, signal: AbortSignal) => Promise<unknown>;

/** A session whose call() answers from a script; a poll that is left waiting ends when the stop signal fires. */
function fakeSession(stop: AbortController, answer: Answer) {
	const sent: Sent[] = [];
	const session = {
		call: jest.fn(async (action: string, input: Record<string, unknown>) => {
			const request = { action, input };
			sent.push(request);
			return await answer(request, stop.signal);
		}),
	} as unknown as SfnSession;
	return { session, sent };
}

function waitingPoll(signal: AbortSignal): Promise<never> {
	return new Promise((_, reject) => {
		const abort = () => reject(new AwsError('AbortError', 'Request aborted'));
		if (signal.aborted) abort();
		else signal.addEventListener('abort', abort, { once: true });
	});
}

interface Harness {
	emitted: ActivityTaskItem[];
	reports: Array<{ failures: number; retryInMs: number }>;
	sleeps: number[];
	failed: unknown[];
	handedBack: Array<{ taskToken?: string; error?: string; cause?: string }>;
}

function worker(answer: Answer, overrides: Partial<WorkerConfig> = {}, maxSleeps = 50) {
	const stopController = new AbortController();
	const { session, sent } = fakeSession(stopController, answer);
	const harness: Harness = { emitted: [], reports: [], sleeps: [], failed: [], handedBack: [] };
	let clock = 0;
	const answerSession = {
		call: jest.fn(async (action: string, input: Harness['handedBack'][number]) => {
			if (action === 'SendTaskFailure') harness.handedBack.push(input);
			return {};
		}),
	} as unknown as SfnSession;
	const started = startActivityWorker({
		session,
		answerSession: async () => answerSession,
		stopController,
		activityArn: ACTIVITY,
		workerName: 'n8n-unit',
		pollers: 1,
		emit: (item) => harness.emitted.push(item),
		report: (_error, failures, retryInMs) => harness.reports.push({ failures, retryInMs }),
		log: () => undefined,
		fail: (error) => harness.failed.push(error),
		now: () => clock,
		// Time passes only in pauses; after maxSleeps pauses the test has seen enough and stops the worker.
		sleep: async (ms) => {
			harness.sleeps.push(ms);
			clock += ms;
			if (harness.sleeps.length >= maxSleeps) stopController.abort();
			return !stopController.signal.aborted;
		},
		...overrides,
	});
	return { ...started, harness, sent, stopController, advance: (ms: number) => (clock += ms) };
}

const polls = (sent: Sent[]) => sent.filter((request) => request.action === 'GetActivityTask');

describe('activity worker loop', () => {
	it('emits one item per task: token, parsed input (text kept when not JSON), activity and worker name', async () => {
		const tasks = [
			{ taskToken: 'token-1', input: '{"orderId":1001,"amount":12.5}' },
			{ taskToken: 'token-2', input: 'plain text, not JSON' },
		];
		const w = worker(async (_command, signal) => tasks.shift() ?? (await waitingPoll(signal)));
		await new Promise((resolve) => setImmediate(resolve));
		await w.stop();
		expect(w.harness.emitted).toEqual([
			{ taskToken: 'token-1', input: { orderId: 1001, amount: 12.5 }, activityArn: ACTIVITY, workerName: 'n8n-unit' },
			{ taskToken: 'token-2', input: 'plain text, not JSON', activityArn: ACTIVITY, workerName: 'n8n-unit' },
		]);
		expect(polls(w.sent)[0].input).toEqual({ activityArn: ACTIVITY, workerName: 'n8n-unit' });
	});

	it('pauses after empty answers that come back at once (no hot spin), growing to 5 s, and polls at once after a real long poll', async () => {
		const w = worker(async () => ({}), {}, 8);
		await w.done;
		expect(w.harness.sleeps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
		// One poll per pause, and one more that found the stop signal: never two polls without a pause between them.
		expect(polls(w.sent).length).toBeLessThanOrEqual(w.harness.sleeps.length + 1);

		let calls = 0;
		const longPolls = worker(async () => {
			await Promise.resolve();
			calls++;
			if (calls > 3) longPolls.stopController.abort();
			longPolls.advance(EARLY_EMPTY_MS + 40_000);
			return {};
		});
		await longPolls.done;
		expect(longPolls.harness.sleeps).toEqual([]);
	});

	it('backs off exponentially up to a minute while polls fail, reports once, and starts over after a success', async () => {
		let calls = 0;
		const w = worker(async () => {
			calls++;
			if (calls === 12) return { taskToken: 'after-recovery', input: '{}' };
			if (calls === 13) throw awsError('ThrottlingException');
			throw new AwsError('ECONNREFUSED', 'Network error ECONNREFUSED');
		}, {}, 12);
		await w.done;
		const [first, second, third, ...rest] = w.harness.sleeps;
		expect(first).toBeGreaterThanOrEqual(500);
		expect(first).toBeLessThanOrEqual(1000);
		expect(second).toBeGreaterThanOrEqual(1000);
		expect(third).toBeGreaterThanOrEqual(2000);
		for (const ms of w.harness.sleeps) expect(ms).toBeLessThanOrEqual(BACKOFF_MAX_MS);
		// 11 failures: from the 7th on, the pauses sit between half the cap and the cap.
		expect(rest.slice(3, 8).every((ms) => ms >= BACKOFF_MAX_MS / 2)).toBe(true);
		// After the task, the next failure starts a new streak with a short pause; it is logged, and reported
		// only once the report interval has passed since the last report.
		expect(w.harness.sleeps[11]).toBeLessThanOrEqual(1000);
		expect(w.harness.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(REPORT_INTERVAL_MS);
		expect(w.harness.reports.map((report) => report.failures)).toEqual([1]);
		expect(w.harness.emitted.map((item) => item.taskToken)).toEqual(['after-recovery']);
	});

	it('reports a failure that lasts again after the report interval', async () => {
		const w = worker(async () => {
			throw awsError('AccessDeniedException');
		}, {}, 40);
		await w.done;
		const total = w.harness.sleeps.reduce((sum, ms) => sum + ms, 0);
		expect(w.harness.reports.length).toBeGreaterThanOrEqual(2);
		expect(w.harness.reports.length).toBeLessThanOrEqual(Math.floor(total / REPORT_INTERVAL_MS) + 1);
	});

	it('errors that come and go (several pollers taking turns) are reported at most once per report interval', async () => {
		let calls = 0;
		const w = worker(
			async () => {
				calls++;
				if (calls % 2 === 0) return { taskToken: `token-${calls}`, input: '{}' };
				throw awsError('ThrottlingException', 'Rate exceeded');
			},
			{ pollers: 3 },
			30,
		);
		await w.done;
		const total = w.harness.sleeps.reduce((sum, ms) => sum + ms, 0);
		expect(w.harness.emitted.length).toBeGreaterThan(10);
		expect(w.harness.reports.length).toBeLessThanOrEqual(Math.floor(total / REPORT_INTERVAL_MS) + 1);
	});

	it('a task that n8n refuses to start (emit throws) is handed back at once, and the poller goes on', async () => {
		const tasks = [
			{ taskToken: 'refused', input: '{"orderId":1}' },
			{ taskToken: 'accepted', input: '{"orderId":2}' },
		];
		let refuse = true;
		const logs: string[] = [];
		const emitted: string[] = [];
		const w = worker(async (_command, signal) => tasks.shift() ?? (await waitingPoll(signal)), {
			emit: (item) => {
				if (refuse) {
					refuse = false;
					throw new Error('database is locked');
				}
				emitted.push(item.taskToken);
			},
			log: (message) => logs.push(message),
		});
		await new Promise((resolve) => setImmediate(resolve));
		await w.stop();
		expect(emitted).toEqual(['accepted']);
		expect(w.harness.handedBack).toEqual([{ taskToken: 'refused', error: 'n8n.WorkerStopped', cause: NOT_STARTED_CAUSE }]);
		expect(logs.join('\n')).toContain('database is locked');
	});

	it('in a manual test the first failed poll is reported and ends the worker (n8n ends the test and never closes it)', async () => {
		const w = worker(async () => {
			throw awsError('AccessDeniedException', 'not authorized');
		}, { once: true });
		await w.done;
		expect(w.harness.reports).toHaveLength(1);
		expect(polls(w.sent)).toHaveLength(1);
		expect(w.harness.sleeps).toEqual([]);
		expect(w.stopController.signal.aborted).toBe(true);
	});

	it('stops for good when the activity was deleted', async () => {
		const w = worker(async () => {
			throw awsError('ActivityDoesNotExist', "Activity Does Not Exist: 'arn'");
		});
		await w.done;
		expect(w.harness.failed).toHaveLength(1);
		expect(polls(w.sent)).toHaveLength(1);
		expect(w.harness.reports).toEqual([]);
	});

	it('stop() aborts the waiting long polls of every poller and ends without reporting an error', async () => {
		const w = worker(async (_command, signal) => await waitingPoll(signal), { pollers: 3 });
		await new Promise((resolve) => setImmediate(resolve));
		expect(polls(w.sent)).toHaveLength(3);
		await w.stop();
		expect(w.harness.reports).toEqual([]);
		expect(w.harness.emitted).toEqual([]);
	});

	it('loses no task: one that arrives while stopping is handed back with n8n.WorkerStopped, not emitted', async () => {
		let deliver: (task: object) => void = () => undefined;
		const w = worker(async () => await new Promise((resolve) => (deliver = resolve)));
		await new Promise((resolve) => setImmediate(resolve));
		// The stop comes first; the answer with a task was already on its way and arrives after it.
		w.stopController.abort();
		deliver({ taskToken: 'late-token', input: '{"orderId":7}' });
		await w.stop();
		expect(w.harness.emitted).toEqual([]);
		expect(w.harness.handedBack).toEqual([
			{ taskToken: 'late-token', error: 'n8n.WorkerStopped', cause: expect.stringContaining('Retry the state on this error') },
		]);
	});

	it('in a manual test takes one task and stops', async () => {
		const w = worker(async () => ({ taskToken: 'only-one', input: '{}' }), { once: true, pollers: 5 });
		await w.done;
		expect(w.harness.emitted.map((item) => item.taskToken)).toEqual(['only-one']);
		expect(polls(w.sent)).toHaveLength(1);
	});
});

/** What n8n hands trigger(), with the credential these tests use. */
function triggerContext(parameters: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger', credentials: IDataObject = AWS_CREDENTIALS) {
	return n8nTriggerContext(parameters, credentials, mode);
}

const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });

describe('AWS Step Functions Activity Trigger node', () => {
	const sfnMock = mockStepFunctionsInSuite();
	beforeEach(() => sfnMock.reset());

	it('describes a trigger with the activity locator, worker name and pollers (1 to 10)', () => {
		const { description } = new AwsStepFunctionsActivityTrigger();
		expect(description.name).toBe('awsStepFunctionsActivityTrigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' }]);
		const names = description.properties.map((property) => property.name);
		expect(names).toEqual(['activity', 'workerName', 'answerNotice', 'options']);
		const activity = description.properties[0];
		expect(activity.type).toBe('resourceLocator');
		expect(activity.modes?.map((mode) => mode.name)).toEqual(['list', 'arn', 'name']);
		expect(description.properties[1].default).toBe('n8n');
		const pollers = description.properties[3].options?.find((option) => 'name' in option && option.name === 'pollers');
		expect(pollers).toMatchObject({ default: 1, typeOptions: { minValue: 1, maxValue: 10 } });
	});

	it('refuses to activate for an activity that does not exist, naming it', async () => {
		sfnMock.on('DescribeActivity').rejects('ActivityDoesNotExist', 'Activity Does Not Exist');
		const { context } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n' });
		const error = await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(context));
		expect(error.message).toBe(`The activity ${ACTIVITY} does not exist: the trigger stopped polling it`);
		expect(sfnMock.commandCalls('GetActivityTask')).toHaveLength(0);
	});

	it('refuses bad parameters before any request', async () => {
		const tooMany = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n', options: { pollers: 11 } });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(tooMany.context))).message).toBe(
			'"Pollers" must be a whole number from 1 to 10, not 11',
		);
		const anObject = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n', options: { pollers: { count: 2 } } });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(anObject.context))).message).toBe(
			'"Pollers" must be a whole number from 1 to 10, not an object',
		);
		const textTooMany = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n', options: { pollers: '11' } });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(textTooMany.context))).message).toBe(
			'"Pollers" must be a whole number from 1 to 10, not 11',
		);
		const zero = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n', options: { pollers: 0 } });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(zero.context))).message).toBe(
			'"Pollers" must be a whole number from 1 to 10, not 0',
		);
		const longName = triggerContext({ activity: byArn(ACTIVITY), workerName: 'w'.repeat(81) });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(longName.context))).message).toContain('Worker Name');
		const objectName = triggerContext({ activity: byArn(ACTIVITY), workerName: { name: 'n8n' } });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(objectName.context))).message).toContain('"Worker Name" must be text');
		const notArn = triggerContext({ activity: byArn('ApproveOrder'), workerName: 'n8n' });
		expect((await rejection(new AwsStepFunctionsActivityTrigger().trigger.call(notArn.context))).message).toContain('is not a valid Activity ARN');
		expect(sfnMock.calls()).toHaveLength(0);
	});

	it('in manual mode polls only once started, emits one task and closes', async () => {
		sfnMock.on('DescribeActivity').resolves({ activityArn: ACTIVITY, name: 'ApproveOrder' });
		sfnMock.on('GetActivityTask').resolves({ taskToken: 'manual-token', input: '{"orderId":3}' });
		const { context, emitted } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'tester' }, 'manual');
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		expect(sfnMock.commandCalls('GetActivityTask')).toHaveLength(0);
		await response.manualTriggerFunction?.();
		for (let i = 0; i < 50 && emitted.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		await response.closeFunction?.();
		expect(emitted).toEqual([[[{ json: { taskToken: 'manual-token', input: { orderId: 3 }, activityArn: ACTIVITY, workerName: 'tester' } }]]]);
		expect(sfnMock.commandCalls('GetActivityTask')).toHaveLength(1);
		expect(sfnMock.commandCalls('SendTaskFailure')).toHaveLength(0);
	});

	it('takes Pollers given as text by an expression ("3"): three long polls wait at once', async () => {
		// Step Functions on loopback, whose long polls answer after 300 ms.
		const stub = await startStubStepFunctions();
		try {
			stub.answer('DescribeActivity', { body: { activityArn: ACTIVITY, name: 'ApproveOrder' } });
			stub.answer('GetActivityTask', { body: {}, delayMs: 300 });
			const credentials = { ...AWS_CREDENTIALS, customEndpoint: true, endpoint: stub.endpoint };
			const { context } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n', options: { pollers: '3' } }, 'trigger', credentials);
			const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(stub.requests.filter((request) => request.action === 'GetActivityTask')).toHaveLength(3);
			await response.closeFunction?.();
		} finally {
			await stub.stop();
		}
	});

	it('in manual mode a failed poll ends the test with the error and polling stops without closeFunction', async () => {
		sfnMock.on('DescribeActivity').resolves({ activityArn: ACTIVITY, name: 'ApproveOrder' });
		sfnMock.on('GetActivityTask').rejects('AccessDeniedException', 'not authorized');
		const { context, errors, emitted } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'tester' }, 'manual');
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		await response.manualTriggerFunction?.();
		// n8n rejects the test on emitError and does not call closeFunction; a worker left polling would take
		// a real task later (backoff 0.5-1 s) and drop it.
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(errors.map((error) => error.message)).toEqual(['This AWS identity is not allowed to call states:GetActivityTask']);
		expect(sfnMock.commandCalls('GetActivityTask')).toHaveLength(1);
		expect(emitted).toEqual([]);
	});

	it('when active, reports a failing poll as a failed execution (n8n 2.x) with its AWS wording, without deactivating', async () => {
		sfnMock.on('DescribeActivity').resolves({ activityArn: ACTIVITY, name: 'ApproveOrder' });
		sfnMock.on('GetActivityTask').rejects('AccessDeniedException', 'not authorized');
		const { context, errors, failedExecutions } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n' });
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		for (let i = 0; i < 100 && failedExecutions.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		await response.closeFunction?.();
		expect(errors).toEqual([]);
		expect(failedExecutions).toHaveLength(1);
		expect(failedExecutions[0].message).toBe('This AWS identity is not allowed to call states:GetActivityTask');
		expect((failedExecutions[0] as Error & { description?: string }).description).toMatch(/tries again in \d+ s/);
		// The pause after the failure holds the poller back: no second poll within the first half second.
		expect(sfnMock.commandCalls('GetActivityTask')).toHaveLength(1);
	});
});
