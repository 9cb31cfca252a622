import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext, rejection } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubReply, StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * Faults as AWS and networks produce them, from a loopback server speaking the Step Functions JSON protocol:
 * 5xx bursts (ServiceUnavailable), throttling bursts (ThrottlingException, HTTP 400), reset connections and
 * answers slower than the request timeout. The server counts the requests per task token, so retries are
 * seen as what they are on the wire; and it times their arrivals, so that adaptive pacing (aws/retry.ts: the
 * request rate drops after throttling, as the AWS SDKs' adaptive mode does) is seen as a rate, before and after.
 */
let stub: StubStepFunctions;
let attempts: Map<string, number>;

/** Per token, the faulty answers it gets before a normal one (or for ever, with `always`). */
type Fault = { replies: StubReply[]; always?: boolean };

const SERVICE_UNAVAILABLE: StubReply = { status: 503, body: { __type: 'ServiceUnavailable', message: 'Service Unavailable' } };
const THROTTLED: StubReply = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
const INTERNAL: StubReply = { status: 500, body: { __type: 'InternalFailure', message: 'Internal' } };
const RESET: StubReply = { resetConnection: true };
const TOO_SLOW: StubReply = { delayMs: 2500 };

function serve(faults: Record<string, Fault>) {
	stub.answer('SendTaskFailure', (body) => {
		const token = String(body.taskToken);
		const attempt = (attempts.get(token) ?? 0) + 1;
		attempts.set(token, attempt);
		const fault = faults[token];
		if (fault && (fault.always || attempt <= fault.replies.length)) {
			return fault.replies[Math.min(attempt, fault.replies.length) - 1];
		}
		return { body: {} };
	});
}

function run(count: number, requestOptions: object, onError: 'continueErrorOutput' | 'stopWorkflow' = 'continueErrorOutput', cancelSignal?: AbortSignal) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIAFAULTS', secretAccessKey: 'faults', customEndpoint: true, endpoint: stub.endpoint };
	const items = Array.from({ length: count }, (_, n) => ({
		resource: 'task',
		operation: 'sendTaskFailure',
		taskToken: `token-${n}`,
		error: 'Batch.Failed',
		cause: '',
		requestOptions,
	}));
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError, cancelSignal }));
}

beforeEach(async () => {
	stub = await startStubStepFunctions();
	attempts = new Map();
});
afterEach(async () => {
	await stub.stop();
});

describe('resilience under faults', () => {
	it('retries recover 5xx bursts, throttling bursts, reset connections and slow answers within the budget', async () => {
		serve({
			'token-3': { replies: [SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE] },
			'token-5': { replies: [THROTTLED, THROTTLED] },
			'token-8': { replies: [RESET] },
			'token-11': { replies: [TOO_SLOW] },
		});
		const [main] = await run(16, { maxConcurrency: 4, retryAttempts: 2, timeoutSeconds: 1 });
		expect(main.map((item) => item.json)).toEqual(Array.from({ length: 16 }, () => ({})));
		expect(main.map((item) => item.pairedItem)).toEqual(Array.from({ length: 16 }, (_, n) => ({ item: n })));
		expect(attempts.get('token-3')).toBe(3);
		expect(attempts.get('token-5')).toBe(3);
		expect(attempts.get('token-8')).toBe(2);
		expect(attempts.get('token-11')).toBe(2);
		// No other token was sent more than once: the node itself never repeats a request.
		const others = [...attempts].filter(([token]) => !['token-3', 'token-5', 'token-8', 'token-11'].includes(token));
		expect(others).toHaveLength(12);
		expect(others.every(([, count]) => count === 1)).toBe(true);
	}, 30_000);

	it('an item whose retries run out becomes its own error item; the others complete in order', async () => {
		serve({
			'token-2': { replies: [INTERNAL], always: true },
			'token-4': { replies: [TOO_SLOW], always: true },
			'token-6': { replies: [THROTTLED], always: true },
		});
		const [main] = await run(9, { maxConcurrency: 3, retryAttempts: 1, timeoutSeconds: 1 });
		expect(main).toHaveLength(9);
		expect(main[4].json).toEqual({ error: `Step Functions at ${stub.endpoint} did not answer in time`, message: expect.stringContaining('(error TimeoutError)') });
		expect(main[2].json).toEqual({ error: 'Step Functions had an internal problem', message: expect.stringContaining('InternalFailure') });
		expect(main[6].json).toEqual({ error: 'AWS throttled the request: too many requests', message: expect.stringContaining('ThrottlingException') });
		for (const n of [0, 1, 3, 5, 7, 8]) expect(main[n]).toEqual({ json: {}, pairedItem: { item: n } });
		// Retry Attempts 1: two attempts in all, no more.
		expect(attempts.get('token-2')).toBe(2);
		expect(attempts.get('token-4')).toBe(2);
		expect(attempts.get('token-6')).toBe(2);
	}, 30_000);

	it('Retry Attempts 0 sends each request once', async () => {
		serve({ 'token-1': { replies: [SERVICE_UNAVAILABLE], always: true } });
		const [main] = await run(3, { retryAttempts: 0 });
		expect(main[1].json.error).toBe('Step Functions had an internal problem');
		expect([...attempts.values()]).toEqual([1, 1, 1]);
	});

	it('adaptive pacing: after throttling bursts the request rate drops, and only the throttled tokens are sent again', async () => {
		// Requests per token, with the time each arrived; requests number FIRST_THROTTLED.. are throttled once each.
		const arrivals: number[] = [];
		const FIRST_THROTTLED = 1_500;
		const THROTTLED_COUNT = 5;
		const throttledTokens = new Set<string>();
		stub.answer('SendTaskFailure', (body) => {
			const token = String(body.taskToken);
			attempts.set(token, (attempts.get(token) ?? 0) + 1);
			arrivals.push(performance.now());
			const n = arrivals.length;
			if (n > FIRST_THROTTLED && n <= FIRST_THROTTLED + THROTTLED_COUNT) {
				throttledTokens.add(token);
				return THROTTLED;
			}
			return { body: {} };
		});
		const cancel = new AbortController();
		// Far more items than the run gets through: it is cancelled once the rate after the burst is measured.
		const running = rejection(run(20_000, { maxConcurrency: 5, retryAttempts: 2 }, 'continueErrorOutput', cancel.signal));
		const MEASURE_MS = 1_000;
		while (arrivals.length < FIRST_THROTTLED + THROTTLED_COUNT) await new Promise((resolve) => setTimeout(resolve, 10));
		const burstEnd = arrivals[FIRST_THROTTLED + THROTTLED_COUNT - 1];
		await new Promise((resolve) => setTimeout(resolve, MEASURE_MS + 100));
		cancel.abort();
		const error = await running;
		expect(error.message).toBe('The workflow run was cancelled');

		// Before: the requests that came before the burst, over the time they took (the first 100 left out as warm-up).
		const before = (FIRST_THROTTLED - 1 - 100) / ((arrivals[FIRST_THROTTLED - 1] - arrivals[100]) / 1000);
		// After: the requests in the second after the burst's last throttled answer.
		const after = arrivals.filter((at) => at > burstEnd && at <= burstEnd + MEASURE_MS).length / (MEASURE_MS / 1000);
		console.log(`Adaptive pacing: ${Math.round(before)} requests/s before the throttling burst, ${Math.round(after)} requests/s in the second after it (ratio ${(after / before).toFixed(2)})`);
		expect(after / before).toBeLessThan(0.5);
		// Slowed down, not stopped.
		expect(after).toBeGreaterThan(0);

		// Each throttled token was sent once more (its retry was answered), within the attempts budget of 3;
		// every other token exactly once.
		expect(throttledTokens.size).toBe(THROTTLED_COUNT);
		for (const token of throttledTokens) expect(attempts.get(token)).toBe(2);
		const others = [...attempts].filter(([token]) => !throttledTokens.has(token));
		expect(others.every(([, count]) => count === 1)).toBe(true);
	}, 30_000);
});
