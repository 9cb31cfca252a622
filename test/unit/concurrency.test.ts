import nock from 'nock';
import type { NodeApiError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createLimiter } from '../../nodes/shared/helpers/concurrency';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';

const ENDPOINT = 'https://states.eu-west-1.amazonaws.com';
const arn = (n: number) => `arn:aws:states:eu-west-1:123456789012:execution:Orders:order-${n}`;

let inFlight = 0;
let maxInFlight = 0;
let sent: string[] = [];

/**
 * Answers DescribeExecution at the HTTP level, as AWS does (AWS JSON 1.0), after a delay that shrinks with the
 * item number, so later items finish first; a failing item is answered ExecutionDoesNotExist (HTTP 400). A
 * request counts as in flight from its arrival to its answer. (test/helpers/sfnMock.ts answers at once: its
 * callsFake cannot answer later.)
 */
function answerSlowly(count: number, failing: Set<number> = new Set()) {
	nock(ENDPOINT)
		.persist()
		.post('/')
		.reply(function (_uri, body, callback) {
			const target = String(this.req.headers['x-amz-target']);
			const input = (typeof body === 'string' ? JSON.parse(body) : body) as { executionArn?: string };
			const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${sent.length + 1}` };
			if (target !== 'AWSStepFunctions.DescribeExecution') {
				callback(null, [400, JSON.stringify({ __type: 'UnknownOperationException', message: target }), headers]);
				return;
			}
			const executionArn = input.executionArn ?? '';
			const n = Number(/order-(\d+)$/.exec(executionArn)?.[1]);
			sent.push(executionArn);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			setTimeout(
				() => {
					inFlight--;
					if (failing.has(n)) callback(null, [400, JSON.stringify({ __type: 'ExecutionDoesNotExist', message: 'gone' }), headers]);
					else callback(null, [200, JSON.stringify({ executionArn, status: 'RUNNING' }), headers]);
				},
				failing.has(n) ? 1 : 5 + (count - n) * 3,
			);
		});
}

function run(count: number, requestOptions: object, onError: OnError = 'stopWorkflow') {
	const items = Array.from({ length: count }, (_, n) => ({
		resource: 'execution',
		operation: 'describe',
		executionArn: arn(n),
		requestOptions,
	}));
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items, onError }));
}

afterEach(() => nock.cleanAll());
// Takes nock off Node's http module, which later test files in the same jest worker share.
afterAll(() => nock.restore());

beforeEach(() => {
	inFlight = 0;
	maxInFlight = 0;
	sent = [];
});

describe('Max Concurrent Requests', () => {
	it.each([1, 3, 16])('keeps at most %i requests in flight, and uses all of them', async (maxConcurrency) => {
		answerSlowly(20);
		await run(20, { maxConcurrency });
		expect(maxInFlight).toBe(maxConcurrency);
	});

	it('defaults to 5 in flight', async () => {
		answerSlowly(12);
		await run(12, {});
		expect(maxInFlight).toBe(5);
	});

	it('answers every item once, in input order, paired with it, whatever order the answers come in', async () => {
		answerSlowly(30);
		const [main] = await run(30, { maxConcurrency: 8 });
		expect(main.map((item) => item.json.executionArn)).toEqual(Array.from({ length: 30 }, (_, n) => arn(n)));
		expect(main.map((item) => item.pairedItem)).toEqual(Array.from({ length: 30 }, (_, n) => ({ item: n })));
		expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, n) => arn(n)).sort());
	});

	it('with continue-on-fail, a failure becomes that item\'s error item and every other item completes', async () => {
		answerSlowly(10, new Set([2, 7]));
		const [main] = await run(10, { maxConcurrency: 4 }, 'continueErrorOutput');
		expect(main).toHaveLength(10);
		expect(main.map((item) => ('error' in item.json ? 'error' : item.json.executionArn))).toEqual(
			Array.from({ length: 10 }, (_, n) => (n === 2 || n === 7 ? 'error' : arn(n))),
		);
		expect(sent).toHaveLength(10);
	});

	it('without continue-on-fail, the first failure starts no new request; those in flight settle; the error names the item', async () => {
		answerSlowly(10, new Set([1]));
		const error = await rejection<NodeApiError>(run(10, { maxConcurrency: 3 }));
		expect(error.message).toBe('The execution does not exist');
		expect(error.context.itemIndex).toBe(1);
		// Items 0, 1 and 2 were in flight; item 1 failed first, and its runner saw the failure before taking
		// another item, so only the first three were sent and items 0 and 2 settled before the run stopped.
		expect(sent).toEqual([arn(0), arn(1), arn(2)]);
		expect(inFlight).toBe(0);
	});

	it.each([
		[{ maxConcurrency: 0 }, '"Max Concurrent Requests" must be a whole number from 1 to 100, not 0'],
		[{ retryAttempts: 11 }, '"Retry Attempts" must be a whole number from 0 to 10, not 11'],
		[{ timeoutSeconds: 1.5 }, '"Request Timeout (Seconds)" must be a whole number from 1 to 900, not 1.5'],
	])('refuses request options out of range (%j) before sending', async (requestOptions, message) => {
		answerSlowly(1);
		await expect(run(1, requestOptions)).rejects.toThrow(message);
		expect(sent).toEqual([]);
	});
});

describe('createLimiter', () => {
	it('runs at most `limit` tasks at once, in order', async () => {
		const limit = createLimiter(2);
		let running = 0;
		let most = 0;
		const started: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, (_, n) =>
				limit(async () => {
					started.push(n);
					running++;
					most = Math.max(most, running);
					await new Promise((resolve) => setTimeout(resolve, 5));
					running--;
				}),
			),
		);
		expect(most).toBe(2);
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('starts no waiting task once the signal fires: each rejects at once as aborted', async () => {
		const cancel = new AbortController();
		const limit = createLimiter(1, cancel.signal);
		const started: number[] = [];
		const tasks = Array.from({ length: 4 }, (_, n) =>
			limit(async () => {
				started.push(n);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}).catch((error: Error) => error.name),
		);
		await new Promise((resolve) => setTimeout(resolve, 10));
		cancel.abort();
		const outcomes = await Promise.all(tasks);
		expect(started).toEqual([0]);
		expect(outcomes).toEqual([undefined, 'AbortError', 'AbortError', 'AbortError']);
	});
});
