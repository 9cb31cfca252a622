/**
 * Pauses after a failed poll: they double from one second up to a minute while the failures last, so a
 * trigger that cannot reach AWS (network down, access denied, throttled) neither spins nor stays silent for
 * long once the cause is fixed. Half of each pause is random ("equal jitter"), so that many pollers that
 * failed together do not retry in lockstep, and no pause is shorter than half its step.
 */
const BACKOFF_FIRST_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;

/** The pause after the n-th failure in a row (n >= 1). */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
	const step = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, Math.min(failures - 1, 16)));
	return step / 2 + random() * (step / 2);
}
