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

/** Sleeps, ending early (false) when the workflow run is cancelled. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return Promise.resolve(false);
	return new Promise((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
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
