import * as n8nWorkflow from 'n8n-workflow';

import { settle } from './settle';

/**
 * Waiting for a STANDARD execution: Step Functions has no waiter, so DescribeExecution is polled. Its quota
 * is low (refill 15 per second in large regions, 10 elsewhere, shared by the whole account), so the delay
 * between polls grows: 1 s, 2 s, 3 s, 5 s, 8 s, then every 10 s.
 */
export const POLL_DELAYS_MS = [1000, 2000, 3000, 5000, 8000, 10000];

export const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export function pollDelay(attempt: number): number {
	return POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)];
}

/** n8n-workflow's abortable sleep: `sleepWithAbort(ms, signal)` through 2.33 and in 1.x, `sleep(ms, signal)` from 2.34. */
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
const abortableSleep: Sleep = (n8nWorkflow as { sleepWithAbort?: Sleep }).sleepWithAbort ?? (n8nWorkflow.sleep as Sleep);

/**
 * Sleeps, ending early (false) when the signal fires. n8n's own sleep is used (community nodes may not use
 * timer globals); whether it rejects or resolves on abort, this answers false.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	// n8n 1.x's sleepWithAbort never removes its listener: it goes on a signal of this pause's own, so that a
	// long run's signal does not collect one per pause.
	const own = new AbortController();
	const stop = () => own.abort();
	signal?.addEventListener('abort', stop, { once: true });
	const slept = await settle(abortableSleep(ms, own.signal));
	signal?.removeEventListener('abort', stop);
	if (!slept.ok && !own.signal.aborted) throw slept.error;
	return !signal?.aborted;
}

/**
 * Settles with `work`, or rejects with `onCancel()` as soon as the signal fires, whichever comes first. The
 * work itself is not stopped here: its requests carry the same signal and end on their own.
 */
export function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined, onCancel: () => Error): Promise<T> {
	if (!signal) return work;
	if (signal.aborted) return Promise.reject(onCancel());
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(onCancel());
		signal.addEventListener('abort', onAbort, { once: true });
		work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}
