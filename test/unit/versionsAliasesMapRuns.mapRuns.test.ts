import nock from 'nock';
import type { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderBatch:batch-1';
const MAP_RUN = 'arn:aws:states:eu-west-1:123456789012:mapRun:OrderBatch/ProcessOrders:0f3a3e6c-8d2b-3c6c-a1d4-5b8e6f0c2a11';
const OLDER_RUN = 'arn:aws:states:eu-west-1:123456789012:mapRun:OrderBatch/ProcessOrders:11111111-8d2b-3c6c-a1d4-5b8e6f0c2a11';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

const run = (items: Array<Record<string, unknown>>) =>
	new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));

const counts = { pending: 0, running: 2, succeeded: 5, failed: 1, timedOut: 0, aborted: 0, total: 8, resultsWritten: 6 };

beforeEach(() => sfn.reset());
afterAll(() => {
	sfn.restore();
	nock.restore();
});

describe('Map Run: Get Many', () => {
	it('lists the Map Runs of an execution, one item each, dates as ISO text', async () => {
		sfn.on('ListMapRuns').resolves({
			mapRuns: [{ executionArn: EXECUTION, mapRunArn: MAP_RUN, stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderBatch/ProcessOrders', startDate: new Date('2026-11-22T10:00:00Z') }],
		});
		const [main] = await run([{ resource: 'mapRun', operation: 'list', executionArn: EXECUTION, returnAll: false, limit: 10 }]);
		expect(sfn.commandCalls('ListMapRuns')).toEqual([{ executionArn: EXECUTION, maxResults: 10 }]);
		expect(main).toEqual([
			{
				json: expect.objectContaining({ mapRunArn: MAP_RUN, executionArn: EXECUTION, startDate: '2026-11-22T10:00:00.000Z' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a missing execution ARN before sending', async () => {
		await expect(run([{ resource: 'mapRun', operation: 'list', executionArn: '', returnAll: true }])).rejects.toThrow('"Execution ARN" is empty');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('Map Run: Get', () => {
	it('describes a Map Run given by ARN', async () => {
		sfn.on('DescribeMapRun').resolves({
			mapRunArn: MAP_RUN,
			executionArn: EXECUTION,
			status: 'RUNNING',
			startDate: new Date('2026-11-22T10:00:00Z'),
			maxConcurrency: 10,
			toleratedFailurePercentage: 5,
			toleratedFailureCount: 0,
			itemCounts: counts,
			executionCounts: counts,
		});
		const [main] = await run([{ resource: 'mapRun', operation: 'describe', mapRunArn: byArn(MAP_RUN) }]);
		expect(sfn.commandCalls('DescribeMapRun')).toEqual([{ mapRunArn: MAP_RUN }]);
		expect(main[0].json).toEqual(expect.objectContaining({ status: 'RUNNING', maxConcurrency: 10, itemCounts: counts, startDate: '2026-11-22T10:00:00.000Z' }));
		// By ARN needs no execution: nothing was listed.
		expect(sfn.commandCalls('ListMapRuns')).toHaveLength(0);
	});

	it("finds a Map Run by its Map state's label: the newest run of that label in the execution", async () => {
		sfn.on('ListMapRuns').resolves({
			mapRuns: [
				{ executionArn: EXECUTION, mapRunArn: OLDER_RUN, stateMachineArn: 'x', startDate: new Date('2026-11-22T09:00:00Z') },
				{ executionArn: EXECUTION, mapRunArn: MAP_RUN, stateMachineArn: 'x', startDate: new Date('2026-11-22T10:00:00Z') },
			],
		});
		sfn.on('DescribeMapRun').resolves({ mapRunArn: MAP_RUN });
		await run([{ resource: 'mapRun', operation: 'describe', executionArn: EXECUTION, mapRunArn: byName('ProcessOrders') }]);
		expect(sfn.commandCalls('ListMapRuns')).toEqual([{ executionArn: EXECUTION, maxResults: 1000 }]);
		expect(sfn.commandCalls('DescribeMapRun')).toEqual([{ mapRunArn: MAP_RUN }]);
	});

	it('refuses a label without the execution to look in, before sending', async () => {
		const error = await rejection<NodeOperationError>(run([{ resource: 'mapRun', operation: 'describe', executionArn: '', mapRunArn: byName('ProcessOrders') }]));
		expect(error.message).toBe('Item 0: "Execution ARN" is empty');
		expect(error.description).toContain('The Map Run "ProcessOrders" is looked up within it');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('says when no Map Run has the label', async () => {
		sfn.on('ListMapRuns').resolves({ mapRuns: [] });
		await expect(run([{ resource: 'mapRun', operation: 'describe', executionArn: EXECUTION, mapRunArn: byName('Other') }])).rejects.toThrow(
			`Item 0: no Map Run of ${EXECUTION} is named "Other" in eu-west-1`,
		);
	});
});

describe('Map Run: Update', () => {
	const update = (updateFields: Record<string, unknown>) => ({ resource: 'mapRun', operation: 'update', mapRunArn: byArn(MAP_RUN), updateFields });

	it('sends only the fields given and returns what was changed', async () => {
		sfn.on('UpdateMapRun').resolves({});
		const [main] = await run([update({ maxConcurrency: 0, toleratedFailurePercentage: '12.5' })]);
		expect(sfn.commandCalls('UpdateMapRun')).toEqual([{ mapRunArn: MAP_RUN, maxConcurrency: 0, toleratedFailurePercentage: 12.5 }]);
		expect(main[0].json).toEqual({ updated: true, mapRunArn: MAP_RUN, maxConcurrency: 0, toleratedFailurePercentage: 12.5 });
	});

	it('sends a tolerated failure count', async () => {
		sfn.on('UpdateMapRun').resolves({});
		await run([update({ toleratedFailureCount: 3 })]);
		expect(sfn.commandCalls('UpdateMapRun')).toEqual([{ mapRunArn: MAP_RUN, toleratedFailureCount: 3 }]);
	});

	it.each([
		[{}, '"Update Fields" change nothing'],
		[{ maxConcurrency: '' }, '"Update Fields" change nothing'],
		[{ maxConcurrency: -1 }, '"Max Concurrency" is -1, below 0'],
		[{ maxConcurrency: 2.5 }, '"Max Concurrency" is 2.5, not a whole number'],
		[{ toleratedFailurePercentage: 100.5 }, '"Tolerated Failure Percentage" is 100.5, not from 0 to 100'],
		[{ toleratedFailureCount: -2 }, '"Tolerated Failure Count" is -2, below 0'],
		[{ toleratedFailureCount: 'many' }, '"Tolerated Failure Count" is many'],
	])('refuses %j before sending', async (fields, message) => {
		await expect(run([update(fields)])).rejects.toThrow(`Item 0: ${message}`);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses something that is not a Map Run ARN', async () => {
		await expect(run([{ ...update({ maxConcurrency: 1 }), mapRunArn: byArn(EXECUTION) }])).rejects.toThrow('is not a valid Map Run ARN');
		expect(sfn.calls()).toHaveLength(0);
	});
});
