import type { AwsError } from './awsError';

/**
 * Which failed attempts are tried again and when, as the AWS SDKs' standard and adaptive retry modes do:
 * capped exponential backoff with full jitter, a client-side rate that drops when AWS throttles and grows
 * back as calls succeed (CUBIC, the SDK's adaptive mode), and one corrected retry when AWS says this machine's
 * clock is off.
 */

/** The throttling codes AWS services answer. */
export const THROTTLING_CODES = new Set([
	'ThrottlingException',
	'Throttling',
	'TooManyRequestsException',
	'RequestThrottled',
	'RequestThrottledException',
	'RequestLimitExceeded',
	'SlowDown',
	'ProvisionedThroughputExceededException',
]);

/** Network failures before a request was written: AWS cannot have received it. */
export const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Failures after which AWS may or may not have acted: repeated only where a second request is harmless. */
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'TimeoutError',
	'RequestTimeout',
	'RequestTimeoutException',
	'InternalFailure',
	'InternalServerError',
	'ServiceUnavailable',
]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

/** Codes AWS answers for a signature made with a clock that is off (the SDK's own list). */
const CLOCK_SKEW_CODES = new Set([
	'AuthFailure',
	'InvalidSignatureException',
	'RequestExpired',
	'RequestInTheFuture',
	'RequestTimeTooSkewed',
	'SignatureDoesNotMatch',
]);
/** AWS accepts signatures up to 5 minutes off its own time. */
const ALLOWED_SKEW_MS = 5 * 60_000;

export function isThrottling(error: unknown): boolean {
	const e = error as Partial<AwsError> | null;
	return THROTTLING_CODES.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

export function neverSent(error: unknown): boolean {
	return NEVER_SENT_CODES.has((error as Partial<AwsError> | null)?.name ?? '');
}

function transient(error: AwsError): boolean {
	return TRANSIENT_CODES.has(error.code) || TRANSIENT_STATUS.has(error.$metadata.httpStatusCode ?? 0);
}

/**
 * Whether an attempt that failed so may be sent again. A request that must not reach AWS twice (a start that
 * no name makes idempotent) is repeated only when AWS refused it (throttling) or it never left.
 */
export function mayRepeat(error: AwsError, unrepeatable: boolean): boolean {
	if (isThrottling(error) || neverSent(error)) return true;
	return !unrepeatable && transient(error);
}

const BASE_DELAY_MS = 100;
const THROTTLED_BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 20_000;

/** The pause before retry number `retry` (0 for the first), full jitter. */
export function backoffMs(retry: number, throttled: boolean, random: () => number = Math.random): number {
	const base = throttled ? THROTTLED_BASE_DELAY_MS : BASE_DELAY_MS;
	return random() * Math.min(MAX_BACKOFF_MS, base * 2 ** retry);
}

export const LONGEST_BACKOFF_MS = MAX_BACKOFF_MS;

/** Per endpoint: how far AWS's clock is from this machine's, learnt from its Date header on a skew error. */
const clockOffsets = new Map<string, number>();

/** Now as AWS's endpoint sees it, when it said this machine's clock is off; otherwise undefined (the clock is right). */
export function skewedNow(endpoint: string): Date | undefined {
	const offset = clockOffsets.get(endpoint);
	return offset === undefined ? undefined : new Date(Date.now() + offset);
}

/**
 * Whether the error says the signature's time was off; if so, the offset is learnt from the server's Date and
 * the request may be signed again at once.
 */
export function learnClockSkew(endpoint: string, error: AwsError): boolean {
	if (!CLOCK_SKEW_CODES.has(error.code) || !error.serverDate) return false;
	const serverTime = Date.parse(error.serverDate);
	if (Number.isNaN(serverTime)) return false;
	const offset = serverTime - Date.now();
	const known = clockOffsets.get(endpoint) ?? 0;
	if (Math.abs(offset - known) < ALLOWED_SKEW_MS) return false;
	clockOffsets.set(endpoint, offset);
	return true;
}

/**
 * The SDK's adaptive mode: off until AWS throttles, then a token bucket whose rate drops to 70 % of the rate
 * that was throttled and climbs back along a cubic curve as calls succeed. Kept per endpoint for the life of
 * the n8n process, since AWS's quotas are per account and region, not per workflow run.
 */
export class AdaptivePacer {
	private enabled = false;

	private fillRate = 0;

	private tokens = 0;

	private lastRefill = 0;

	private lastMaxRate = 0;

	private lastThrottle = 0;

	private measuredRate = 0;

	private bucketStart = 0;

	private bucketCount = 0;

	private static readonly BETA = 0.7;

	private static readonly SCALE = 0.4;

	private static readonly MIN_RATE = 0.5;

	/**
	 * 0: send now (a token is taken); otherwise how long to wait before asking again. Waiters ask again after
	 * each wait, so a rate that recovered meanwhile is used at once (no wait is fixed in advance).
	 */
	reserve(now = Date.now()): number {
		if (this.enabled && now - this.lastThrottle > QUIET_MS) this.enabled = false;
		if (!this.enabled) return 0;
		this.refill(now);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.ceil(((1 - this.tokens) / this.fillRate) * 1000);
	}

	/** Records an answer: throttled or not. */
	record(throttled: boolean, now = Date.now()): void {
		this.measure(now);
		if (throttled) {
			// Before the first half-second window closes, the rate so far in it stands for the measured rate.
			const measured = this.measuredRate || this.bucketCount / 0.5;
			this.lastMaxRate = this.enabled ? Math.min(measured, this.fillRate) : measured;
			this.lastThrottle = now;
			this.setRate(this.lastMaxRate * AdaptivePacer.BETA, now);
			this.enabled = true;
		} else if (this.enabled) {
			const seconds = (now - this.lastThrottle) / 1000;
			const k = Math.cbrt((this.lastMaxRate * (1 - AdaptivePacer.BETA)) / AdaptivePacer.SCALE);
			const cubic = AdaptivePacer.SCALE * (seconds - k) ** 3 + this.lastMaxRate;
			this.setRate(Math.min(cubic, 2 * this.measuredRate), now);
		}
	}

	private setRate(rate: number, now: number): void {
		this.refill(now);
		this.fillRate = Math.max(rate, AdaptivePacer.MIN_RATE);
		this.tokens = Math.min(this.tokens, Math.max(this.fillRate, 1));
	}

	private refill(now: number): void {
		if (this.lastRefill !== 0) {
			const capacity = Math.max(this.fillRate, 1);
			this.tokens = Math.min(capacity, this.tokens + ((now - this.lastRefill) / 1000) * this.fillRate);
		}
		this.lastRefill = now;
	}

	/** Requests per second over half-second windows, smoothed as the SDK does. */
	private measure(now: number): void {
		const bucket = Math.floor(now / 500) * 500;
		if (this.bucketStart === 0) this.bucketStart = bucket;
		this.bucketCount++;
		if (bucket > this.bucketStart) {
			// An idle gap is not a slow rate: at most the last second counts.
			const rate = this.bucketCount / Math.min((bucket - this.bucketStart) / 1000, 1);
			this.measuredRate = rate * 0.8 + this.measuredRate * 0.2;
			this.bucketCount = 0;
			this.bucketStart = bucket;
		}
	}
}

/** Pacing ends after this long without throttling: a later burst starts at full speed, as on a fresh client. */
const QUIET_MS = 5 * 60_000;

const pacers = new Map<string, AdaptivePacer>();
/** Enough for every endpoint and region a busy instance talks to. */
const PACER_LIMIT = 200;

/** The pacer of one account's calls to one endpoint (`key` names both). */
export function pacerFor(key: string): AdaptivePacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		if (pacers.size >= PACER_LIMIT) pacers.delete(pacers.keys().next().value as string);
		pacer = new AdaptivePacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
