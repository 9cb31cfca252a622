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

/** Runs tasks with at most `limit` of them in progress; the others wait their turn in order. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
	let running = 0;
	const waiting: Array<() => void> = [];
	const release = () => {
		running--;
		waiting.shift()?.();
	};
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
		running++;
		try {
			return await task();
		} finally {
			release();
		}
	};
}
