/**
 * Works through entries with at most `limit` of them in progress at once. A runner takes the next entry only
 * when `keepGoing()` still says so, so a stop lets the entries in progress finish and starts no new one.
 * `work` must not throw: each entry records its own outcome.
 */
export async function forEachConcurrently<T>(
	entries: readonly T[],
	limit: number,
	work: (entry: T) => Promise<void>,
	keepGoing: () => boolean = () => true,
): Promise<void> {
	let next = 0;
	const runner = async () => {
		while (next < entries.length && keepGoing()) {
			const entry = entries[next++];
			await work(entry);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, runner));
}

/**
 * Runs tasks with at most `limit` of them in progress; the others wait their turn in order. Once the signal
 * fires, waiting tasks are not started: they reject at once with an AbortError, as the client's own requests do.
 */
export function createLimiter(limit: number, signal?: AbortSignal): <T>(task: () => Promise<T>) => Promise<T> {
	let running = 0;
	const waiting: Array<() => void> = [];
	const release = () => {
		running--;
		waiting.shift()?.();
	};
	signal?.addEventListener('abort', () => waiting.splice(0).forEach((wake) => wake()), { once: true });
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (running >= limit && !signal?.aborted) await new Promise<void>((resolve) => waiting.push(resolve));
		if (signal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
		running++;
		try {
			return await task();
		} finally {
			release();
		}
	};
}
