/**
 * What the status trigger remembers between polls (the workflow's static data), and the rule that emits each
 * ended execution exactly once.
 *
 * - `since` (ms): executions that stopped before it are never emitted. The first poll sets it to
 *   the poll's time minus SETTLE_MS, and remembers every ended execution it then sees without emitting it: what
 *   ended before activation is never emitted, even when n8n's clock is behind AWS's.
 * - `seen`: ARN -> stop time of every execution with a stop time at or after `since` that was emitted (or seen
 *   by the first poll). An execution is emitted when it stopped at or after `since` and is not in `seen`, so
 *   executions that end in the same second, or move between pages, are emitted once each.
 * - After each poll `since` moves up to the poll's time minus SETTLE_MS, and `seen` forgets the executions that
 *   stopped before it: they can no longer be emitted anyway. SETTLE_MS covers the clock difference AWS tolerates
 *   for signed requests (5 minutes) and the delay before an ended execution shows up in ListExecutions.
 * - `seen` holds at most MAX_SEEN ARNs. If more executions end within SETTLE_MS, the oldest are forgotten and
 *   `since` moves past them; an execution that stopped before that point and shows up in a listing only
 *   later is then missed (never emitted twice).
 */
export const SETTLE_MS = 10 * 60_000;
export const MAX_SEEN = 10_000;
/**
 * At most this many executions are emitted per poll, oldest stop first; the rest wait for the next poll
 * (`since` stays at or before the oldest of them). Each emitted execution costs a DescribeExecution (the
 * account's bucket is about 250 calls); without a bound a burst of thousands of failures makes every poll
 * run into throttling or n8n's poll timeout, fail, and start over with an even larger backlog.
 */
export const MAX_EMIT_PER_POLL = 200;

export interface PollState {
	/** ms since the epoch */
	since: number;
	seen: Record<string, number>;
}

export interface EndedExecution {
	executionArn: string;
	/** ms since the epoch */
	stopDate: number;
	/** ms since the epoch; orders executions that stopped in the same millisecond */
	startDate?: number;
}

/**
 * The state as stored, or undefined when this is the first poll (or the stored state is not ours). Values
 * that are not finite times (static data edited by hand, or written by something else) are dropped: a
 * `since` of NaN would let every listed execution through on every poll.
 */
export function readPollState(stored: unknown): PollState | undefined {
	const state = stored as Partial<PollState> | undefined;
	if (!state || typeof state !== 'object' || !Number.isFinite(state.since)) return undefined;
	if (typeof state.seen !== 'object' || state.seen === null || Array.isArray(state.seen)) return undefined;
	const seen = Object.entries(state.seen).filter(([, stopDate]) => Number.isFinite(stopDate));
	return { since: state.since as number, seen: Object.fromEntries(seen) };
}

/** First poll: the starting point, with everything already ended remembered as seen. */
export function startingState(pollTime: number, ended: readonly EndedExecution[]): PollState {
	const since = pollTime - SETTLE_MS;
	const seen: Record<string, number> = {};
	for (const execution of ended) if (execution.stopDate >= since) seen[execution.executionArn] = execution.stopDate;
	return bounded({ since, seen });
}

/** The executions to emit (each once, oldest stop first, then oldest start) and the state after this poll. */
export function advance<T extends EndedExecution>(
	state: PollState,
	pollTime: number,
	ended: readonly T[],
	maxEmit = MAX_EMIT_PER_POLL,
): { emit: T[]; state: PollState } {
	const seen = { ...state.seen };
	const fresh = new Map<string, T>();
	for (const execution of ended) {
		if (execution.stopDate < state.since || execution.executionArn in seen) continue;
		fresh.set(execution.executionArn, execution);
	}
	const due = [...fresh.values()].sort(
		(a, b) => a.stopDate - b.stopDate || (a.startDate ?? 0) - (b.startDate ?? 0) || a.executionArn.localeCompare(b.executionArn),
	);
	const emit = due.slice(0, maxEmit);
	for (const execution of emit) seen[execution.executionArn] = execution.stopDate;
	// What did not fit stays due: the starting point does not pass the oldest of it.
	const waiting = due[maxEmit];
	const since = Math.min(Math.max(state.since, pollTime - SETTLE_MS), waiting ? waiting.stopDate : Infinity);
	const remembered = Object.fromEntries(Object.entries(seen).filter(([, stopDate]) => stopDate >= since));
	return { emit, state: bounded({ since, seen: remembered }) };
}

/** Keeps the MAX_SEEN newest ARNs; `since` moves past the forgotten ones so that none of them is emitted again. */
function bounded(state: PollState): PollState {
	const entries = Object.entries(state.seen);
	if (entries.length <= MAX_SEEN) return state;
	entries.sort((a, b) => b[1] - a[1]);
	const kept = entries.slice(0, MAX_SEEN);
	const forgottenNewest = entries[MAX_SEEN][1];
	const since = Math.max(state.since, forgottenNewest + 1);
	return { since, seen: Object.fromEntries(kept.filter(([, stopDate]) => stopDate >= since)) };
}
