import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * Listings against a loopback Step Functions API that never ends them: it repeats a page token (with entries,
 * or with empty pages), or cycles between tokens. Every listing the node follows (List Executions, Get
 * History, State Machine List, Activity List, and the look-up of a name) must end quickly with an error naming
 * the API action, after a bounded number of requests. A Limit sends no request once enough entries are in; a
 * cancelled run stops following pages.
 */
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval';
const OTHER_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Other';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-1';
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:Other';
const TOKEN = 'page-token-that-never-changes';
/** How long a listing may take before the test calls it endless */
const DEADLINE_MS = 5000;

jest.setTimeout(10_000);

let stub: StubStepFunctions;
let controller: AbortController;

beforeEach(async () => {
	stub = await startStubStepFunctions();
	controller = new AbortController();
});
afterEach(async () => {
	// Closing the stub also ends a listing that a failing test left running: its next request is refused.
	controller.abort();
	await stub.stop();
});

function runNode(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIALISTINGS', secretAccessKey: 'listings', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError, cancelSignal: controller.signal }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

type Outcome = { settled: false; waitedMs: number } | { settled: true; error?: Error; value?: unknown };

/** How the run ended within the deadline; `settled: false` when it was still listing. */
async function outcomeWithin(run: Promise<unknown>, ms = DEADLINE_MS): Promise<Outcome> {
	const settled = run.then(
		(value): Outcome => ({ settled: true, value }),
		(error: Error): Outcome => ({ settled: true, error }),
	);
	return await Promise.race([settled, sleep(ms).then((): Outcome => ({ settled: false, waitedMs: ms }))]);
}

function requestsOf(action: string) {
	return stub.requests.filter((request) => request.action === action);
}

/** The error the run ended with; fails (naming the request count) when it did not end or did not fail. */
function errorOf(outcome: Outcome, action: string): Error {
	if (!outcome.settled) throw new Error(`Still listing after ${outcome.waitedMs} ms, ${requestsOf(action).length} ${action} requests sent`);
	if (!outcome.error) throw new Error(`The listing ended without an error after ${requestsOf(action).length} ${action} requests`);
	return outcome.error;
}

const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });

const executionEntry = { executionArn: EXECUTION, stateMachineArn: MACHINE, name: 'order-1', status: 'RUNNING', startDate: 1795000000 };
const historyEvent = { timestamp: 1795000000, type: 'ExecutionStarted', id: 1, previousEventId: 0 };
const machineEntry = { stateMachineArn: OTHER_MACHINE, name: 'Other', type: 'STANDARD', creationDate: 1795000000 };
const activityEntry = { activityArn: ACTIVITY, name: 'Other', creationDate: 1795000000 };

interface Listing {
	title: string;
	action: string;
	/** The response's field that holds the entries */
	field: string;
	entry: object;
	parameters: Record<string, unknown>;
}

const listExecutions = { resource: 'execution', operation: 'list', stateMachine: byArn(MACHINE), statusFilter: '' };
const LISTINGS: Listing[] = [
	{ title: 'List Executions, Return All', action: 'ListExecutions', field: 'executions', entry: executionEntry, parameters: { ...listExecutions, returnAll: true } },
	{ title: 'List Executions, Limit 50', action: 'ListExecutions', field: 'executions', entry: executionEntry, parameters: { ...listExecutions, returnAll: false, limit: 50 } },
	{
		title: 'Get History, Return All',
		action: 'GetExecutionHistory',
		field: 'events',
		entry: historyEvent,
		parameters: { resource: 'execution', operation: 'getHistory', executionArn: EXECUTION, returnAll: true, options: {} },
	},
	{ title: 'State Machine List, Return All', action: 'ListStateMachines', field: 'stateMachines', entry: machineEntry, parameters: { resource: 'stateMachine', operation: 'list', returnAll: true } },
	{ title: 'Activity List, Return All', action: 'ListActivities', field: 'activities', entry: activityEntry, parameters: { resource: 'activity', operation: 'list', returnAll: true } },
	{
		title: 'Start Execution of a state machine given by name (the name look-up)',
		action: 'ListStateMachines',
		field: 'stateMachines',
		entry: machineEntry,
		parameters: { resource: 'execution', operation: 'start', stateMachine: { __rl: true, mode: 'name', value: 'Missing' }, input: '{}', options: {} },
	},
];

describe.each([
	{ pages: 'one entry per page', withEntries: true },
	{ pages: 'empty pages', withEntries: false },
])('a server that repeats the same page token, $pages', ({ withEntries }) => {
	it.each(LISTINGS)('$title ends with an error naming $action', async ({ action, field, entry, parameters }) => {
		stub.answer(action, { body: { [field]: withEntries ? [entry] : [], nextToken: TOKEN } });
		const error = errorOf(await outcomeWithin(runNode([parameters])), action);
		expect(error.message).toMatch(new RegExp(`^Item 0: ${action} did not come to an end: page \\d+ repeated the page token of an earlier page$`));
		expect(requestsOf(action).length).toBeLessThanOrEqual(3);
		// The repeated token was sent back once at most: the node noticed the loop on the first repeat.
		expect(requestsOf(action).filter((request) => request.body.nextToken === TOKEN).length).toBeLessThanOrEqual(1);
		// Start Execution never started anything for a name it could not resolve.
		expect(requestsOf('StartExecution')).toHaveLength(0);
	});
});

describe('other endless listings', () => {
	it('a server cycling between two tokens: the repeat of an earlier token ends List Executions', async () => {
		stub.answer('ListExecutions', (body) => ({ body: { executions: [executionEntry], nextToken: body.nextToken === 'token-a' ? 'token-b' : 'token-a' } }));
		const error = errorOf(await outcomeWithin(runNode([{ ...listExecutions, returnAll: true }])), 'ListExecutions');
		expect(error.message).toBe('Item 0: ListExecutions did not come to an end: page 3 repeated the page token of an earlier page');
		expect(requestsOf('ListExecutions').map((request) => request.body.nextToken)).toEqual([undefined, 'token-a', 'token-b']);
	});

	it('with On Error Continue, the looping listing is the item\'s error and the other items are answered', async () => {
		stub.answer('ListExecutions', (body) =>
			body.stateMachineArn === MACHINE
				? { body: { executions: [executionEntry], nextToken: TOKEN } }
				: { body: { executions: [{ ...executionEntry, stateMachineArn: OTHER_MACHINE }] } },
		);
		const outcome = await outcomeWithin(
			runNode(
				[
					{ ...listExecutions, returnAll: true },
					{ ...listExecutions, stateMachine: byArn(OTHER_MACHINE), returnAll: true },
				],
				'continueErrorOutput',
			),
		);
		if (!outcome.settled) throw new Error(`Still listing after ${outcome.waitedMs} ms, ${requestsOf('ListExecutions').length} requests sent`);
		expect(outcome.error).toBeUndefined();
		const [main] = outcome.value as Array<Array<{ json: Record<string, unknown>; pairedItem: unknown }>>;
		expect(main[0].json.error).toBe('Item 0: ListExecutions did not come to an end: page 2 repeated the page token of an earlier page');
		expect(main[0].pairedItem).toEqual({ item: 0 });
		expect(main[1].json).toMatchObject({ executionArn: EXECUTION, stateMachineArn: OTHER_MACHINE });
		expect(main[1].pairedItem).toEqual({ item: 1 });
		expect(requestsOf('ListExecutions').length).toBeLessThanOrEqual(4);
	});
});

describe('Limit', () => {
	it('Limit 5 with 3 entries per page and fresh tokens: two requests, asking for 5 then 2', async () => {
		let page = 0;
		stub.answer('ListExecutions', () => {
			page++;
			const executions = Array.from({ length: 3 }, (_, n) => ({ ...executionEntry, name: `order-${page}-${n}` }));
			return { body: { executions, nextToken: `token-${page}` } };
		});
		const outcome = await outcomeWithin(runNode([{ ...listExecutions, returnAll: false, limit: 5 }]));
		if (!outcome.settled) throw new Error('Still listing');
		expect(outcome.error).toBeUndefined();
		const [main] = outcome.value as Array<Array<{ json: Record<string, unknown> }>>;
		expect(main.map((item) => item.json.name)).toEqual(['order-1-0', 'order-1-1', 'order-1-2', 'order-2-0', 'order-2-1']);
		expect(requestsOf('ListExecutions').map((request) => [request.body.maxResults, request.body.nextToken])).toEqual([
			[5, undefined],
			[2, 'token-1'],
		]);
	});
});

describe('a cancelled run', () => {
	it('stops following the pages of an endless listing', async () => {
		const arrivals: number[] = [];
		let cancelledAt = 0;
		stub.answer('ListExecutions', () => {
			arrivals.push(performance.now());
			// Fresh tokens for ever: only the cancel ends this listing. Cancel half-way through the third page.
			if (arrivals.length === 3) {
				setTimeout(() => {
					cancelledAt = performance.now();
					controller.abort();
				}, 150);
			}
			return { body: { executions: [executionEntry], nextToken: `token-${arrivals.length}` }, delayMs: 300 };
		});
		const run = runNode([{ ...listExecutions, returnAll: true }]);
		let settledAt = Infinity;
		const stamp = () => (settledAt = performance.now());
		run.then(stamp, stamp);
		const outcome = await outcomeWithin(run, 3000);
		// A page that would have been asked for after the cancel has had time to arrive.
		await sleep(500);
		const error = errorOf(outcome, 'ListExecutions');
		expect(cancelledAt).toBeGreaterThan(0);
		expect(error.message).toBe('The workflow run was cancelled');
		expect(settledAt - cancelledAt).toBeLessThan(1000);
		expect(arrivals.filter((at) => at > cancelledAt)).toEqual([]);
		expect(arrivals).toHaveLength(3);
	});
});
