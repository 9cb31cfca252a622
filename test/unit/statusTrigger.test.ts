import type { ExecutionListItem } from '@aws-sdk/client-sfn';
import type { IDataObject, IPollFunctions, WorkflowActivateMode } from 'n8n-workflow';

import { AwsStepFunctionsTrigger } from '../../nodes/AwsStepFunctionsTrigger/AwsStepFunctionsTrigger.node';
import { advance, MAX_EMIT_PER_POLL, MAX_SEEN, readPollState, SETTLE_MS, startingState } from '../../nodes/AwsStepFunctionsTrigger/pollState';
import type { PollState } from '../../nodes/AwsStepFunctionsTrigger/pollState';
import { AWS_CREDENTIALS, rejection, TEST_NODE } from '../helpers/executeContext';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { AwsFault, mockStepFunctionsInSuite } from '../helpers/sfnMock';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const ended = (name: string, stopDate: number) => ({ executionArn: `arn:exec:${name}`, stopDate });

describe('status trigger poll state', () => {
	it('first poll records its starting point and never emits what had already ended', () => {
		const state = startingState(T0, [ended('before-1', T0 - 1000), ended('long-ago', T0 - 2 * SETTLE_MS)]);
		expect(state.since).toBe(T0 - SETTLE_MS);
		expect(Object.keys(state.seen)).toEqual(['arn:exec:before-1']);
		// The next poll lists the same executions again, plus one that ended after activation.
		const next = advance(state, T0 + 60_000, [ended('before-1', T0 - 1000), ended('long-ago', T0 - 2 * SETTLE_MS), ended('after', T0 + 5000)]);
		expect(next.emit.map((e) => e.executionArn)).toEqual(['arn:exec:after']);
	});

	it('emits executions that end in the same second once each, across polls', () => {
		let state: PollState = startingState(T0, []);
		const sameSecond = [ended('a', T0 + 10_000), ended('b', T0 + 10_000), ended('c', T0 + 10_000)];
		const first = advance(state, T0 + 60_000, sameSecond.slice(0, 2));
		expect(first.emit.map((e) => e.executionArn)).toEqual(['arn:exec:a', 'arn:exec:b']);
		state = first.state;
		// c stopped in the same second but showed up in the listing only later.
		const second = advance(state, T0 + 120_000, sameSecond);
		expect(second.emit.map((e) => e.executionArn)).toEqual(['arn:exec:c']);
		const third = advance(second.state, T0 + 180_000, sameSecond);
		expect(third.emit).toEqual([]);
	});

	it('emits oldest stop first and nothing twice when listings repeat entries (pages that shifted)', () => {
		const state = startingState(T0, []);
		const listing = [ended('late', T0 + 3000), ended('early', T0 + 1000), ended('late', T0 + 3000)];
		const { emit } = advance(state, T0 + 60_000, listing);
		expect(emit.map((e) => e.executionArn)).toEqual(['arn:exec:early', 'arn:exec:late']);
	});

	it('forgets executions that stopped before the settle window, and they are never emitted again', () => {
		const state = startingState(T0, []);
		const once = advance(state, T0 + 60_000, [ended('x', T0 + 1000)]);
		expect(once.emit).toHaveLength(1);
		const later = advance(once.state, T0 + 2 * SETTLE_MS, [ended('x', T0 + 1000)]);
		expect(later.state.seen).toEqual({});
		expect(later.state.since).toBe(T0 + SETTLE_MS);
		expect(later.emit).toEqual([]);
	});

	it('keeps at most MAX_SEEN ARNs and moves the starting point past the forgotten ones', () => {
		const many = Array.from({ length: MAX_SEEN + 5 }, (_, i) => ended(`e${i}`, T0 + i));
		const { emit, state } = advance(startingState(T0, []), T0 + 1000, many, Infinity);
		expect(emit).toHaveLength(MAX_SEEN + 5);
		expect(Object.keys(state.seen)).toHaveLength(MAX_SEEN);
		expect(state.since).toBe(T0 + 5);
		expect(advance(state, T0 + 2000, many).emit).toEqual([]);
	});

	it('emits at most MAX_EMIT_PER_POLL per poll, oldest first, and the rest on the next polls, even after the settle window', () => {
		const burst = Array.from({ length: MAX_EMIT_PER_POLL + 50 }, (_, i) => ended(`b${i}`, T0 + 1000 + i));
		const first = advance(startingState(T0, []), T0 + 60_000, burst);
		expect(first.emit.map((e) => e.executionArn)).toEqual(burst.slice(0, MAX_EMIT_PER_POLL).map((e) => e.executionArn));
		// The next poll comes late (the first one ran long): the rest is still due, nothing is repeated.
		const second = advance(first.state, T0 + 3 * SETTLE_MS, burst);
		expect(second.emit.map((e) => e.executionArn)).toEqual(burst.slice(MAX_EMIT_PER_POLL).map((e) => e.executionArn));
		const third = advance(second.state, T0 + 4 * SETTLE_MS, burst);
		expect(third.emit).toEqual([]);
		expect(third.state.since).toBe(T0 + 3 * SETTLE_MS);
	});

	it('reads only a state it wrote', () => {
		expect(readPollState(undefined)).toBeUndefined();
		expect(readPollState({ since: 'x' })).toBeUndefined();
		expect(readPollState({ since: 5, seen: { a: 6 } })).toEqual({ since: 5, seen: { a: 6 } });
	});

	it('treats corrupted static data as no state, never as "emit everything"', () => {
		// A since of NaN passes typeof 'number'; it would let every listed execution through on every poll.
		expect(readPollState({ since: NaN, seen: {} })).toBeUndefined();
		expect(readPollState({ since: Infinity, seen: {} })).toBeUndefined();
		expect(readPollState({ since: 5, seen: ['arn:exec:a'] })).toBeUndefined();
		expect(readPollState('garbage')).toBeUndefined();
		// Entries that are not stop times are dropped, the rest kept.
		expect(readPollState({ since: 5, seen: { a: 'x', b: 7, c: null } })).toEqual({ since: 5, seen: { b: 7 } });
	});
});

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });

function listed(name: string, status: string, startDate: number, stopDate: number): ExecutionListItem {
	return {
		executionArn: `arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:${name}`,
		stateMachineArn: MACHINE,
		name,
		status: status as ExecutionListItem['status'],
		startDate: new Date(startDate),
		stopDate: new Date(stopDate),
	};
}

/** A poll context as n8n 2.x's durable scheduler builds them: a new one per poll, activation mode 'update'. */
function pollContext(
	parameters: Record<string, unknown>,
	staticData: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
	activation: WorkflowActivateMode = 'update',
	credentials: IDataObject = AWS_CREDENTIALS,
) {
	return {
		getNode: () => ({ ...TEST_NODE, name: 'Step Functions Trigger', type: 'n8n-nodes-step-functions.awsStepFunctionsTrigger' }),
		getMode: () => mode,
		getActivationMode: () => activation,
		getCredentials: async () => credentials,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) => {
			const value = name.split('.').reduce<unknown>((holder, key) => (holder as Record<string, unknown> | undefined)?.[key], parameters);
			return value === undefined ? fallback : value;
		},
		logger: { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined },
		helpers: { httpRequestWithAuthentication },
	} as unknown as IPollFunctions;
}

const sfnMock = mockStepFunctionsInSuite();

/** A ListExecutions page of the given executions, newest start first, `pageSize` at a time. */
function listingPage(byStatus: Record<string, ExecutionListItem[]>, input: Record<string, unknown>, pageSize: number) {
	const all = [...(byStatus[String(input.statusFilter ?? '')] ?? [])].sort((a, b) => Number(b.startDate) - Number(a.startDate));
	const from = input.nextToken ? Number(input.nextToken) : 0;
	const executions = all.slice(from, from + pageSize);
	return { executions, nextToken: from + pageSize < all.length ? String(from + pageSize) : undefined };
}

/** A ListExecutions that serves, per status, the given executions newest start first in pages of `pageSize`. */
function serveListings(byStatus: Record<string, ExecutionListItem[]>, pageSize = 2) {
	sfnMock.on('ListExecutions').callsFake((input) => listingPage(byStatus, input, pageSize));
}

/** Dates as AWS sends them: epoch seconds. */
function onTheWire(value: unknown): object {
	return JSON.parse(JSON.stringify(value, function (this: Record<string, unknown>, key: string, given: unknown) {
		const raw = this[key];
		return raw instanceof Date ? raw.getTime() / 1000 : given;
	})) as object;
}

describe('AWS Step Functions Trigger node', () => {
	beforeEach(() => {
		sfnMock.reset();
		sfnMock.on('GetExecutionHistory').resolves({ events: [] });
	});
	afterEach(() => jest.useRealTimers());

	it('describes a polling trigger: state machine locator, statuses (default the three failures), execution data on', () => {
		const { description } = new AwsStepFunctionsTrigger();
		expect(description.name).toBe('awsStepFunctionsTrigger');
		expect(description.polling).toBe(true);
		expect(description.group).toEqual(['trigger']);
		const statuses = description.properties.find((property) => property.name === 'statuses');
		expect(statuses?.type).toBe('multiOptions');
		expect(statuses?.default).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
		expect(statuses?.options?.map((option) => 'value' in option && option.value).sort()).toEqual(['ABORTED', 'FAILED', 'SUCCEEDED', 'TIMED_OUT']);
		const options = description.properties.find((property) => property.name === 'options');
		expect(options?.options?.find((option) => option.name === 'includeExecutionData')).toMatchObject({ default: true });
		expect(description.properties[0]).toMatchObject({ name: 'stateMachine', type: 'resourceLocator' });
	});

	it('first poll emits nothing; later polls emit each newly ended execution once, through pages, with execution data', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed = [listed('old-failure', 'FAILED', T0 - 90_000, T0 - 60_000)];
		const timedOut: ExecutionListItem[] = [];
		serveListings({ FAILED: failed, TIMED_OUT: timedOut, ABORTED: [] });
		sfnMock.on('DescribeExecution').callsFake(({ executionArn }) => ({
			executionArn,
			status: 'FAILED',
			input: '{"orderId":42}',
			error: 'Erp.Down',
			cause: 'timeout',
		}));
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED', 'TIMED_OUT', 'ABORTED'], options: {} };
		const trigger = new AwsStepFunctionsTrigger();

		expect(await trigger.poll.call(pollContext(parameters, staticData))).toBeNull();
		expect(sfnMock.commandCalls('DescribeExecution')).toHaveLength(0);

		// Three failures end in the same second, a timeout too; five pages in all at two per page.
		jest.setSystemTime(T0 + 60_000);
		failed.push(listed('f1', 'FAILED', T0 + 1000, T0 + 30_000), listed('f2', 'FAILED', T0 + 2000, T0 + 30_000), listed('f3', 'FAILED', T0 + 3000, T0 + 30_000));
		timedOut.push(listed('t1', 'TIMED_OUT', T0 - 3_600_000, T0 + 40_000));
		const second = await trigger.poll.call(pollContext(parameters, staticData));
		expect(second?.[0].map((item) => item.json.name)).toEqual(['f1', 'f2', 'f3', 't1']);
		expect(second?.[0][0].json).toMatchObject({
			executionArn: expect.stringContaining(':f1'),
			status: 'FAILED',
			stateMachineArn: MACHINE,
			startDate: new Date(T0 + 1000).toISOString(),
			stopDate: new Date(T0 + 30_000).toISOString(),
			input: { orderId: 42 },
			error: 'Erp.Down',
			cause: 'timeout',
		});

		// Nothing new: nothing emitted, not even after new failures pushed the old ones to later pages.
		jest.setSystemTime(T0 + 120_000);
		expect(await trigger.poll.call(pollContext(parameters, staticData))).toBeNull();
		failed.push(listed('f4', 'FAILED', T0 + 100_000, T0 + 110_000));
		jest.setSystemTime(T0 + 180_000);
		const fourth = await trigger.poll.call(pollContext(parameters, staticData));
		expect(fourth?.[0].map((item) => item.json.name)).toEqual(['f4']);
	});

	it("a user's reactivation starts afresh; a restart of n8n or another poll of the same activation continues", async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed: ExecutionListItem[] = [];
		serveListings({ FAILED: failed });
		sfnMock.on('DescribeExecution').callsFake(({ executionArn }) => ({ executionArn, status: 'FAILED' }));
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'], options: { includeExecutionData: false } };
		const trigger = new AwsStepFunctionsTrigger();

		// Activated by a user: n8n builds one context and polls with it at once, then at every Poll Time.
		const firstActivation = pollContext(parameters, staticData, 'trigger', 'activate');
		expect(await trigger.poll.call(firstActivation)).toBeNull();
		jest.setSystemTime(T0 + 60_000);
		failed.push(listed('while-active', 'FAILED', T0 + 1000, T0 + 30_000));
		expect((await trigger.poll.call(firstActivation))?.[0].map((item) => item.json.name)).toEqual(['while-active']);

		// Deactivated for an hour; executions end meanwhile. The static data survived the deactivation.
		jest.setSystemTime(T0 + 3_600_000);
		failed.push(listed('while-off', 'FAILED', T0 + 1_000_000, T0 + 3_500_000));
		const secondActivation = pollContext(parameters, staticData, 'trigger', 'activate');
		expect(await trigger.poll.call(secondActivation)).toBeNull();
		jest.setSystemTime(T0 + 3_660_000);
		failed.push(listed('after', 'FAILED', T0 + 3_610_000, T0 + 3_620_000));
		expect((await trigger.poll.call(secondActivation))?.[0].map((item) => item.json.name)).toEqual(['after']);

		// n8n restarts ('init'): what ended while it was down is emitted on its first poll.
		failed.push(listed('while-n8n-down', 'FAILED', T0 + 3_630_000, T0 + 3_700_000));
		jest.setSystemTime(T0 + 3_720_000);
		const restarted = pollContext(parameters, staticData, 'trigger', 'init');
		expect((await trigger.poll.call(restarted))?.[0].map((item) => item.json.name)).toEqual(['while-n8n-down']);
	});

	it('stops paging a newest-first listing at executions that started long before the last poll', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed = Array.from({ length: 20 }, (_, i) => listed(`ancient-${i}`, 'FAILED', T0 - (100 + i) * 3_600_000, T0 - (99 + i) * 3_600_000));
		serveListings({ FAILED: failed }, 2);
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'], options: { includeExecutionData: false } };
		await new AwsStepFunctionsTrigger().poll.call(pollContext(parameters, staticData));
		expect(sfnMock.commandCalls('ListExecutions')).toHaveLength(1);
	});

	it('takes error and cause from the history when DescribeExecution lacks them', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const aborted: ExecutionListItem[] = [];
		serveListings({ ABORTED: aborted });
		sfnMock.on('DescribeExecution').resolves({ status: 'ABORTED', input: 'not json' });
		sfnMock.on('GetExecutionHistory').resolves({
			events: [{ type: 'ExecutionAborted', id: 5, timestamp: new Date(), executionAbortedEventDetails: { error: 'Ops.Stop', cause: 'stuck' } }],
		});
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['ABORTED'] };
		const trigger = new AwsStepFunctionsTrigger();
		await trigger.poll.call(pollContext(parameters, staticData));
		aborted.push(listed('a1', 'ABORTED', T0 + 10, T0 + 20));
		jest.setSystemTime(T0 + 60_000);
		const result = await trigger.poll.call(pollContext(parameters, staticData));
		expect(result?.[0][0].json).toMatchObject({ name: 'a1', input: 'not json', error: 'Ops.Stop', cause: 'stuck' });
		expect(sfnMock.commandCalls('GetExecutionHistory')[0]).toMatchObject({ reverseOrder: true });
	});

	it('a failed poll leaves the state as it was, so the next poll emits what that one missed', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed: ExecutionListItem[] = [];
		serveListings({ FAILED: failed });
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'] };
		const trigger = new AwsStepFunctionsTrigger();
		await trigger.poll.call(pollContext(parameters, staticData));
		const before = JSON.stringify(staticData);
		failed.push(listed('f1', 'FAILED', T0 + 10, T0 + 20));
		sfnMock.on('DescribeExecution').rejects('AccessDeniedException', 'no');
		jest.setSystemTime(T0 + 60_000);
		const error = await rejection(trigger.poll.call(pollContext(parameters, staticData)));
		expect(error.message).toBe('This AWS identity is not allowed to call states:DescribeExecution');
		expect(JSON.stringify(staticData)).toBe(before);
		sfnMock.on('DescribeExecution').resolves({ status: 'FAILED' });
		const retried = await trigger.poll.call(pollContext(parameters, staticData));
		expect(retried?.[0].map((item) => item.json.name)).toEqual(['f1']);
	});

	it('manual mode emits the newest matching execution and leaves the static data alone', async () => {
		serveListings({
			FAILED: [listed('older', 'FAILED', T0, T0 + 10), listed('newest', 'FAILED', T0 + 1, T0 + 500)],
			TIMED_OUT: [listed('middle', 'TIMED_OUT', T0 + 2, T0 + 100)],
		});
		sfnMock.on('DescribeExecution').resolves({ status: 'FAILED' });
		const staticData: IDataObject = {};
		const result = await new AwsStepFunctionsTrigger().poll.call(
			pollContext({ stateMachine: byArn(MACHINE), statuses: ['FAILED', 'TIMED_OUT'] }, staticData, 'manual'),
		);
		expect(result?.[0].map((item) => item.json.name)).toEqual(['newest']);
		expect(staticData).toEqual({});

		sfnMock.reset();
		serveListings({});
		sfnMock.on('GetExecutionHistory').resolves({ events: [] });
		const none = await rejection(
			new AwsStepFunctionsTrigger().poll.call(pollContext({ stateMachine: byArn(MACHINE), statuses: ['ABORTED'] }, {}, 'manual')),
		);
		expect(none.message).toBe('No execution of this state machine has ended ABORTED yet');
	});

	it('a poll that starts while the previous one still runs emits nothing: each execution goes out once', async () => {
		// A Step Functions on loopback whose listing answers slowly (many pages, throttling).
		const stub = await startStubStepFunctions();
		try {
			const failed: ExecutionListItem[] = [];
			let delayMs = 0;
			stub.answer('ListExecutions', (input) => ({ body: onTheWire(listingPage({ FAILED: failed }, input, 100)), delayMs }));
			const listings = () => stub.requests.filter((request) => request.action === 'ListExecutions').length;
			const credentials = { ...AWS_CREDENTIALS, customEndpoint: true, endpoint: stub.endpoint };
			jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
			const staticData: IDataObject = {};
			const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'], options: { includeExecutionData: false } };
			const trigger = new AwsStepFunctionsTrigger();
			await trigger.poll.call(pollContext(parameters, staticData, 'trigger', 'update', credentials));

			failed.push(listed('f1', 'FAILED', T0 + 10, T0 + 20));
			jest.setSystemTime(T0 + 60_000);
			// The next Poll Time comes while the first poll still lists.
			delayMs = 200;
			const before = listings();
			const first = trigger.poll.call(pollContext(parameters, staticData, 'trigger', 'update', credentials));
			await new Promise((resolve) => setTimeout(resolve, 50));
			jest.setSystemTime(T0 + 120_000);
			const overlapping = trigger.poll.call(pollContext(parameters, staticData, 'trigger', 'update', credentials));
			const results = await Promise.all([first, overlapping]);
			const names = results.flatMap((result) => result?.[0].map((item) => item.json.name) ?? []);
			expect(names).toEqual(['f1']);
			expect(listings() - before).toBe(1);
			// Once the first poll ended, polls run again.
			jest.setSystemTime(T0 + 180_000);
			expect(await trigger.poll.call(pollContext(parameters, staticData, 'trigger', 'update', credentials))).toBeNull();
			expect(listings() - before).toBe(2);
		} finally {
			await stub.stop();
		}
	});

	it('an execution whose data cannot be read (ExecutionDoesNotExist) is emitted without it, and does not hold back the others', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed: ExecutionListItem[] = [];
		serveListings({ FAILED: failed });
		sfnMock.on('DescribeExecution').callsFake(({ executionArn }) => {
			if (String(executionArn).endsWith(':gone')) throw new AwsFault('ExecutionDoesNotExist', 'Execution Does Not Exist');
			return { executionArn, status: 'FAILED', input: '{"orderId":1}', error: 'Erp.Down', cause: 'x' };
		});
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'] };
		const trigger = new AwsStepFunctionsTrigger();
		await trigger.poll.call(pollContext(parameters, staticData));
		failed.push(listed('gone', 'FAILED', T0 + 10, T0 + 20), listed('fine', 'FAILED', T0 + 11, T0 + 30));
		jest.setSystemTime(T0 + 60_000);
		const result = await trigger.poll.call(pollContext(parameters, staticData));
		const items = result?.[0].map((item) => item.json) ?? [];
		expect(items.map((item) => item.name)).toEqual(['gone', 'fine']);
		expect(items[0]).toMatchObject({ name: 'gone', status: 'FAILED', executionArn: expect.stringContaining(':gone') });
		expect(items[0].executionDataError).toBe('The execution does not exist');
		expect(items[0].input).toBeUndefined();
		expect(items[1]).toMatchObject({ name: 'fine', input: { orderId: 1 }, error: 'Erp.Down' });
		// The state moved on: neither is emitted again.
		jest.setSystemTime(T0 + 120_000);
		expect(await trigger.poll.call(pollContext(parameters, staticData))).toBeNull();
	});

	it('takes Include Execution Data given as text by an expression ("false")', async () => {
		jest.useFakeTimers({ now: T0, doNotFake: ['setImmediate', 'nextTick', 'setTimeout', 'clearTimeout'] });
		const failed: ExecutionListItem[] = [];
		serveListings({ FAILED: failed });
		const staticData: IDataObject = {};
		const parameters = { stateMachine: byArn(MACHINE), statuses: ['FAILED'], options: { includeExecutionData: 'false' } };
		const trigger = new AwsStepFunctionsTrigger();
		await trigger.poll.call(pollContext(parameters, staticData));
		failed.push(listed('f1', 'FAILED', T0 + 10, T0 + 20));
		jest.setSystemTime(T0 + 60_000);
		const result = await trigger.poll.call(pollContext(parameters, staticData));
		expect(result?.[0].map((item) => item.json.name)).toEqual(['f1']);
		expect(sfnMock.commandCalls('DescribeExecution')).toHaveLength(0);
	});

	it('refuses an empty status choice before any request', async () => {
		const error = await rejection(new AwsStepFunctionsTrigger().poll.call(pollContext({ stateMachine: byArn(MACHINE), statuses: [] }, {})));
		expect(error.message).toBe('Choose at least one status for "Statuses"');
		expect(sfnMock.calls()).toHaveLength(0);
	});
});
