import type { GetActivityTaskOutput } from '@aws-sdk/client-sfn';
import type { IDataObject } from 'n8n-workflow';

import { backoffDelay } from '../shared/helpers/backoff';
import { readAwsError } from '../shared/errors/aws';
import { NOT_STARTED_CAUSE, WORKER_STOPPED_CAUSE, WORKER_STOPPED_ERROR } from '../shared/errors/trigger';
import { toItemJson } from '../shared/helpers/itemJson';
import { pause } from '../shared/helpers/wait';
import type { SfnSession } from '../shared/aws/session';

/**
 * n8n as an activity worker: `pollers` long polls of GetActivityTask run side by side, and each task becomes
 * one workflow execution. The loop never spins: a failed poll pauses (doubling up to a minute), and so does an
 * empty answer that came back long before a real long poll ends (Step Functions holds an empty poll for
 * 60 s; emulators and some proxies answer at once).
 */

/** An empty answer sooner than this was no long poll: the next poll waits first. */
export const EARLY_EMPTY_MS = 20_000;
/** Pauses after early empty answers in a row: 0.5 s doubling up to 5 s, so new tasks still start soon. */
const EMPTY_PAUSE_FIRST_MS = 500;
const EMPTY_PAUSE_MAX_MS = 5_000;
/**
 * Failed polls are reported at most this often, over all pollers: n8n 2.x turns each report into a failed
 * execution and a run of the error workflow, so errors that come and go (a flaky proxy, throttling under a
 * burst of tasks, several pollers taking turns) must not report every streak. Every failure is still logged.
 */
export const REPORT_INTERVAL_MS = 10 * 60_000;

function emptyPause(earlyEmpties: number): number {
	return Math.min(EMPTY_PAUSE_MAX_MS, EMPTY_PAUSE_FIRST_MS * 2 ** Math.max(0, Math.min(earlyEmpties - 1, 10)));
}

export interface ActivityTaskItem extends IDataObject {
	taskToken: string;
	/** The task's input, parsed; text that is not JSON is kept as it is */
	input: IDataObject | string | null;
	activityArn: string;
	workerName: string;
}

export interface WorkerConfig {
	/** Polls with this session; its cancel signal is `stopSignal`, so stopping aborts the long polls */
	session: SfnSession;
	/** Hands back tasks received while stopping; a session without the stop signal, opened on first use */
	answerSession: () => Promise<SfnSession>;
	stopController: AbortController;
	activityArn: string;
	workerName: string;
	pollers: number;
	/** Manual test: one task, then the worker stops */
	once?: boolean;
	/** A task for the workflow */
	emit(item: ActivityTaskItem): void;
	/**
	 * A failed poll that will be retried after `retryInMs`; called at most every REPORT_INTERVAL_MS. In a manual
	 * test (`once`) the first failure is reported and ends the worker: n8n ends the test on it and never calls
	 * closeFunction, so a worker left polling would take a task later and drop it.
	 */
	report(error: unknown, failures: number, retryInMs: number): void;
	/** Every failed poll, for n8n's log */
	log(message: string): void;
	/** The activity is gone: the worker stopped and the trigger must end */
	fail(error: unknown): void;
	/** Test seams: the clock and the pause */
	now?: () => number;
	sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
}

export interface ActivityWorker {
	/** Stops polling, aborts the long polls and waits until every poller ended (tasks received meanwhile are handed back) */
	stop(): Promise<void>;
	/** Settles when every poller has ended */
	done: Promise<void>;
}

export function startActivityWorker(config: WorkerConfig): ActivityWorker {
	const now = config.now ?? Date.now;
	const sleep = config.sleep ?? pause;
	const signal = config.stopController.signal;
	let delivered = false;
	let lastReportAt = -Infinity;
	/** Hand-backs under way: stop() waits for them; each leaves the set when it settles. */
	const handBacks = new Set<Promise<void>>();
	const handOver = (taskToken: string, cause?: string) => {
		const pending = handBack(taskToken, cause).finally(() => handBacks.delete(pending));
		handBacks.add(pending);
	};

	const stopping = () => signal.aborted;
	const stopAll = () => config.stopController.abort();

	/** Fails a task n8n will not run, so that the state machine's Retry on n8n.WorkerStopped hands it on at once. */
	async function handBack(taskToken: string, cause = WORKER_STOPPED_CAUSE): Promise<void> {
		try {
			const session = await config.answerSession();
			await session.call('SendTaskFailure', { taskToken, error: WORKER_STOPPED_ERROR, cause });
			config.log(`A task n8n did not start was handed back with ${WORKER_STOPPED_ERROR}`);
		} catch (error) {
			const { code } = readAwsError(error);
			config.log(`A task received while stopping could not be handed back (${code}); Step Functions times it out by its TimeoutSeconds or HeartbeatSeconds`);
		}
	}

	function received(task: GetActivityTaskOutput & { taskToken: string }) {
		if (stopping() || (config.once && delivered)) {
			handOver(task.taskToken);
			return;
		}
		delivered = true;
		const { input } = toItemJson({ input: task.input ?? null }, ['input']);
		try {
			config.emit({
				taskToken: task.taskToken,
				input: (input ?? null) as ActivityTaskItem['input'],
				activityArn: config.activityArn,
				workerName: config.workerName,
			});
		} catch (error) {
			// n8n did not take the task: it is handed back rather than left to time out, and the poller goes on.
			config.log(`n8n could not start a workflow execution for a task (${error instanceof Error ? error.message : String(error)}); it was handed back with ${WORKER_STOPPED_ERROR}`);
			handOver(task.taskToken, NOT_STARTED_CAUSE);
		}
		if (config.once) stopAll();
	}

	async function poller(): Promise<void> {
		const { session } = config;
		let failures = 0;
		let earlyEmpties = 0;
		while (!stopping()) {
			const startedAt = now();
			let task: GetActivityTaskOutput;
			try {
				task = await session.call('GetActivityTask', { activityArn: config.activityArn, workerName: config.workerName },
				);
			} catch (error) {
				if (stopping()) return;
				const { code } = readAwsError(error);
				if (code === 'ActivityDoesNotExist') {
					stopAll();
					config.fail(error);
					return;
				}
				failures++;
				const retryInMs = backoffDelay(failures);
				config.log(`GetActivityTask failed (${code}); polling again in ${Math.round(retryInMs)} ms`);
				if (config.once || now() - lastReportAt >= REPORT_INTERVAL_MS) {
					lastReportAt = now();
					config.report(error, failures, retryInMs);
				}
				if (config.once) {
					stopAll();
					return;
				}
				await sleep(retryInMs, signal);
				continue;
			}
			failures = 0;
			if (task.taskToken) {
				earlyEmpties = 0;
				received({ ...task, taskToken: task.taskToken });
				continue;
			}
			if (now() - startedAt < EARLY_EMPTY_MS) await sleep(emptyPause(++earlyEmpties), signal);
			else earlyEmpties = 0;
		}
	}

	const pollers = Array.from({ length: config.once ? 1 : config.pollers }, () => poller());
	const done = Promise.all(pollers).then(async () => {
		await Promise.all([...handBacks]);
	});
	return {
		done,
		async stop() {
			stopAll();
			await done;
		},
	};
}
