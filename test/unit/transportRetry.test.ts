import { AwsError } from '../../nodes/shared/aws/awsError';
import { AdaptivePacer, backoffMs, isThrottling, learnClockSkew, LONGEST_BACKOFF_MS, mayRepeat, skewedNow } from '../../nodes/shared/aws/retry';

/**
 * Which failed attempts the client sends again, after how long, and how fast it sends once AWS throttled
 * (nodes/shared/aws/retry.ts). Pure: no request leaves.
 */

const answered = (code: string, status: number) => new AwsError(code, `AWS said ${code}`, { httpStatusCode: status });
const onTheWay = (code: string) => new AwsError(code, `Network error ${code}`);

describe('which failures are sent again', () => {
	it.each([
		['ThrottlingException', answered('ThrottlingException', 400)],
		['Throttling (STS)', answered('Throttling', 400)],
		['TooManyRequestsException', answered('TooManyRequestsException', 400)],
		['any code with HTTP 429', answered('SomethingNew', 429)],
		['ECONNREFUSED (never sent)', onTheWay('ECONNREFUSED')],
		['ENOTFOUND (never sent)', onTheWay('ENOTFOUND')],
		['EAI_AGAIN (never sent)', onTheWay('EAI_AGAIN')],
		['EHOSTUNREACH (never sent)', onTheWay('EHOSTUNREACH')],
		['ENETUNREACH (never sent)', onTheWay('ENETUNREACH')],
	])('%s: repeated, even for a request that must not reach AWS twice', (_name, error) => {
		expect(mayRepeat(error, false)).toBe(true);
		expect(mayRepeat(error, true)).toBe(true);
	});

	it.each([
		['InternalFailure (500)', answered('InternalFailure', 500)],
		['ServiceUnavailable (503)', answered('ServiceUnavailable', 503)],
		['a gateway page (502, not AWS)', answered('UnknownError', 502)],
		['504 with any code', answered('GatewayTimeout', 504)],
		['ECONNRESET', onTheWay('ECONNRESET')],
		['EPIPE', onTheWay('EPIPE')],
		['ETIMEDOUT', onTheWay('ETIMEDOUT')],
		['TimeoutError (no answer in time)', onTheWay('TimeoutError')],
	])('%s: repeated, but never for a request that must not reach AWS twice (AWS may have acted on it)', (_name, error) => {
		expect(mayRepeat(error, false)).toBe(true);
		expect(mayRepeat(error, true)).toBe(false);
	});

	it.each([
		['TaskTimedOut', answered('TaskTimedOut', 400)],
		['TaskDoesNotExist', answered('TaskDoesNotExist', 400)],
		['AccessDeniedException', answered('AccessDeniedException', 400)],
		['AccessDenied (STS)', answered('AccessDenied', 403)],
		['ValidationException', answered('ValidationException', 400)],
		['ExecutionAlreadyExists', answered('ExecutionAlreadyExists', 400)],
		['KmsThrottlingException (not a Step Functions throttle)', answered('KmsThrottlingException', 400)],
		['AbortError (cancelled)', onTheWay('AbortError')],
		['a certificate not trusted', onTheWay('DEPTH_ZERO_SELF_SIGNED_CERT')],
	])('%s: never repeated', (_name, error) => {
		expect(mayRepeat(error, false)).toBe(false);
		expect(mayRepeat(error, true)).toBe(false);
	});

	it('counts throttling by code or HTTP 429 only', () => {
		expect(isThrottling(answered('ThrottlingException', 400))).toBe(true);
		expect(isThrottling(answered('Whatever', 429))).toBe(true);
		expect(isThrottling(answered('ServiceUnavailable', 503))).toBe(false);
		expect(isThrottling(onTheWay('ECONNRESET'))).toBe(false);
		expect(isThrottling(null)).toBe(false);
	});
});

describe('backoff between attempts (full jitter)', () => {
	it('is a random share of a ceiling that doubles from 100 ms (500 ms after throttling), never over 20 s', () => {
		expect(LONGEST_BACKOFF_MS).toBe(20_000);
		const highest = () => 1;
		expect([0, 1, 2, 3].map((retry) => backoffMs(retry, false, highest))).toEqual([100, 200, 400, 800]);
		expect([0, 1, 2, 3].map((retry) => backoffMs(retry, true, highest))).toEqual([500, 1000, 2000, 4000]);
		expect(backoffMs(8, false, highest)).toBe(20_000);
		expect(backoffMs(6, true, highest)).toBe(20_000);
		expect(backoffMs(40, true, highest)).toBe(20_000);
	});

	it('spreads the whole range from 0 to the ceiling (full jitter), as the random number says', () => {
		expect(backoffMs(3, false, () => 0)).toBe(0);
		expect(backoffMs(3, false, () => 0.25)).toBe(200);
		expect(backoffMs(3, true, () => 0.5)).toBe(2000);
		expect(backoffMs(12, true, () => 0.5)).toBe(10_000);
	});

	it('stays within 0 and 20 s for any retry and random number', () => {
		for (let retry = 0; retry < 64; retry++) {
			for (const throttled of [false, true]) {
				const ms = backoffMs(retry, throttled);
				expect(ms).toBeGreaterThanOrEqual(0);
				expect(ms).toBeLessThanOrEqual(20_000);
			}
		}
	});
});

/** Waits as the client does: asks again after each wait the pacer names, until it may send; returns the time waited. */
function waitToSend(pacer: AdaptivePacer, from: number): number {
	let now = from;
	for (let wait = pacer.reserve(now); wait > 0; wait = pacer.reserve(now)) now += wait;
	return now - from;
}

/** Sends `count` requests `gapMs` apart (after any wait the pacer asks for); returns the waits and the end time. */
function send(pacer: AdaptivePacer, from: number, count: number, gapMs: number, throttledAt: (index: number) => boolean = () => false) {
	const waits: number[] = [];
	let now = from;
	for (let index = 0; index < count; index++) {
		const wait = waitToSend(pacer, now);
		waits.push(wait);
		now += wait;
		pacer.record(throttledAt(index), now);
		now += gapMs;
	}
	return { waits, now };
}

/** The time until the last of a burst of `burst` requests, all wanting to go at `now`, may be sent. */
function burstTime(pacer: AdaptivePacer, now: number, burst: number): number {
	let at = now;
	for (let index = 0; index < burst; index++) at += waitToSend(pacer, at);
	return at - now;
}

/** Requests per second the pacer lets through right now, over a burst of `burst`. */
function allowedRate(pacer: AdaptivePacer, now: number, burst: number): number {
	return burst / (burstTime(pacer, now, burst) / 1000);
}

describe('adaptive pacing (the SDK adaptive mode: token bucket, CUBIC)', () => {
	const T0 = 1_800_000_000_000;

	it('never waits before AWS has throttled, however fast the requests come', () => {
		const pacer = new AdaptivePacer();
		expect(send(pacer, T0, 200, 0).waits.every((wait) => wait === 0)).toBe(true);
		expect(send(pacer, T0 + 1000, 200, 5).waits.every((wait) => wait === 0)).toBe(true);
	});

	it('after a throttle, makes requests wait, at about 70 % of the rate that was throttled', () => {
		const pacer = new AdaptivePacer();
		// 20 requests per second for 5 s: the rate the pacer measures.
		const steady = send(pacer, T0, 100, 50);
		expect(steady.waits.every((wait) => wait === 0)).toBe(true);
		const throttleAt = steady.now;
		pacer.record(true, throttleAt);
		const rate = allowedRate(pacer, throttleAt, 14);
		expect(rate).toBeGreaterThan(0.6 * 20);
		expect(rate).toBeLessThan(0.8 * 20);
	});

	it('the same 20 requests a second wait right after the throttle, and no longer once calls have succeeded a while', () => {
		const pacer = new AdaptivePacer();
		const steady = send(pacer, T0, 100, 50);
		pacer.record(true, steady.now);
		const right = send(pacer, steady.now, 20, 50);
		expect(right.waits.filter((wait) => wait > 0).length).toBeGreaterThan(10);
		// The rate climbs back along the cubic curve (about 2.5 s to the old rate at 20/s); a while later the
		// old pace passes unhindered.
		const recovering = send(pacer, right.now, 100, 50);
		const later = send(pacer, recovering.now, 40, 50);
		expect(later.waits.every((wait) => wait === 0)).toBe(true);
	});

	it('a throttle at a slow pace still leaves half a request per second at least', () => {
		const pacer = new AdaptivePacer();
		pacer.record(false, T0);
		pacer.record(true, T0 + 10);
		// The rate never drops under 0.5 per second: the third request of a burst waits at most 6 s.
		const wait = burstTime(pacer, T0 + 10, 3);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(6000);
	});

	it('a throttle after recovery slows requests down again', () => {
		// Two pacers with the same history; only the second is throttled again at the end.
		const history = (pacer: AdaptivePacer) => {
			const steady = send(pacer, T0, 100, 50);
			pacer.record(true, steady.now);
			const recovered = send(pacer, steady.now, 200, 50);
			expect(recovered.waits.slice(-40).every((wait) => wait === 0)).toBe(true);
			return recovered.now;
		};
		const calm = new AdaptivePacer();
		const throttled = new AdaptivePacer();
		const now = history(calm);
		expect(history(throttled)).toBe(now);
		throttled.record(true, now);
		const burstWait = (pacer: AdaptivePacer) => burstTime(pacer, now, 60);
		expect(burstWait(throttled)).toBeGreaterThan(3 * burstWait(calm));
	});
});

describe('clock skew learnt from the server', () => {
	const skewed = (code: string, serverDate: string | undefined) => new AwsError(code, 'Signature expired', { httpStatusCode: 400, serverDate });

	it('an hour off: learnt from the Date header, and "now" for that endpoint moves with it', () => {
		const endpoint = 'skew-test-1.example';
		const ahead = new Date(Date.now() + 3_600_000).toUTCString();
		expect(learnClockSkew(endpoint, skewed('InvalidSignatureException', ahead))).toBe(true);
		expect((skewedNow(endpoint)?.getTime() ?? 0) - Date.now()).toBeGreaterThan(3_598_000);
		expect((skewedNow(endpoint)?.getTime() ?? 0) - Date.now()).toBeLessThan(3_602_000);
		// Learnt once: the same skew again is not a reason to sign again.
		expect(learnClockSkew(endpoint, skewed('InvalidSignatureException', ahead))).toBe(false);
		// Other endpoints keep this machine's clock.
		expect(skewedNow('skew-test-other.example')).toBeUndefined();
	});

	it.each(['RequestExpired', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'RequestInTheFuture', 'AuthFailure'])(
		'%s with a Date 10 minutes behind is a skew',
		(code) => {
			const behind = new Date(Date.now() - 10 * 60_000).toUTCString();
			expect(learnClockSkew(`skew-${code}.example`, skewed(code, behind))).toBe(true);
		},
	);

	it('not a skew: another code, no Date, an unreadable Date, or a Date within 5 minutes', () => {
		const ahead = new Date(Date.now() + 3_600_000).toUTCString();
		expect(learnClockSkew('skew-test-2.example', skewed('AccessDeniedException', ahead))).toBe(false);
		expect(learnClockSkew('skew-test-2.example', skewed('InvalidSignatureException', undefined))).toBe(false);
		expect(learnClockSkew('skew-test-2.example', skewed('InvalidSignatureException', 'yesterday-ish'))).toBe(false);
		expect(learnClockSkew('skew-test-2.example', skewed('InvalidSignatureException', new Date(Date.now() + 60_000).toUTCString()))).toBe(false);
		expect(skewedNow('skew-test-2.example')).toBeUndefined();
	});
});
