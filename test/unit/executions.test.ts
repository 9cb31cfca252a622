import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:order-1';
const ACTIVITY = 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

function run(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow', executionId = 'run-1') {
	const context = executeContext({ credentials: AWS_CREDENTIALS, items, onError }) as IExecuteFunctions & {
		getExecutionId: () => string;
	};
	context.getExecutionId = () => executionId;
	return new AwsStepFunctions().execute.call(context);
}

const start = (params: Record<string, unknown> = {}) => ({
	resource: 'execution',
	operation: 'start',
	stateMachine: byArn(MACHINE),
	input: '{"orderId": 1}',
	waitForCompletion: false,
	options: {},
	...params,
});

beforeEach(() => sfn.reset());
// nock.restore() also takes nock off Node's http module, which later test files in the same jest worker share
// (sfnMock's restore() only forgets the answers).
afterAll(() => {
	sfn.restore();
	nock.restore();
});

describe('Execution: Start', () => {
	it('starts with input, name and trace header, and returns the execution ARN', async () => {
		sfn.on('StartExecution').resolves({ executionArn: EXECUTION, startDate: new Date('2026-11-22T10:00:00Z') });
		const [main] = await run([start({ input: { orderId: 2 }, options: { name: 'order-2', traceHeader: 'Root=1-abc' } })]);
		expect(sfn.commandCalls('StartExecution')[0]).toEqual({
			stateMachineArn: MACHINE,
			input: '{"orderId":2}',
			name: 'order-2',
			traceHeader: 'Root=1-abc',
		});
		expect(main).toEqual([{ json: { executionArn: EXECUTION, startDate: '2026-11-22T10:00:00.000Z' }, pairedItem: { item: 0 } }]);
	});

	it.each([
		['a space', 'order 1', 'whitespace'],
		['a slash', 'order/1', '"/"'],
		['a control character', 'order\u00071', 'a control character'],
	])('refuses an execution name with %s before sending', async (_label, name, shown) => {
		const error = await rejection(run([start({ options: { name } })]));
		expect(error.message).toBe(`Item 0: "Execution Name" may not contain ${shown}`);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses an execution name over 80 characters', async () => {
		await expect(run([start({ options: { name: 'n'.repeat(81) } })])).rejects.toThrow(
			'"Execution Name" is 81 characters long, over the limit of 80 characters',
		);
	});

	it('refuses something that is not a state machine ARN, naming what it should look like', async () => {
		const error = await rejection<NodeOperationError>(run([start({ stateMachine: byArn('OrderApproval') })]));
		expect(error.message).toBe('Item 0: "OrderApproval" is not a valid State Machine ARN');
		expect(error.description).toContain('arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('accepts version and alias ARNs', async () => {
		sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
		await run([start({ stateMachine: byArn(`${MACHINE}:3`) }), start({ stateMachine: byArn(`${MACHINE}:prod`) })]);
		expect(sfn.commandCalls('StartExecution')).toHaveLength(2);
	});

	it('resolves a state machine name once per run, following pages', async () => {
		sfn
			.on('ListStateMachines')
			.resolvesOnce({ stateMachines: [{ name: 'Other', stateMachineArn: `${MACHINE}x`, type: 'STANDARD', creationDate: new Date() }], nextToken: 'p2' })
			.resolvesOnce({ stateMachines: [{ name: 'OrderApproval', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date() }] });
		sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
		await run([start({ stateMachine: byName('OrderApproval') }), start({ stateMachine: byName('OrderApproval') })]);
		expect(sfn.commandCalls('ListStateMachines')).toHaveLength(2);
		expect(sfn.commandCalls('ListStateMachines')[1].nextToken).toBe('p2');
		expect(sfn.commandCalls('StartExecution').map((input) => input.stateMachineArn)).toEqual([MACHINE, MACHINE]);
	});

	it('says when no state machine has the name', async () => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [] });
		await expect(run([start({ stateMachine: byName('Missing') })])).rejects.toThrow(
			'Item 0: no state machine is named "Missing" in eu-west-1',
		);
	});

	describe('wait for completion', () => {
		const wait = (params: Record<string, unknown> = {}) =>
			start({ waitForCompletion: true, maxWaitSeconds: 30, stateMachineType: 'STANDARD', ...params });

		it('polls a STANDARD execution until it ends and returns status and parsed output', async () => {
			sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
			sfn
				.on('DescribeExecution')
				.resolvesOnce({ executionArn: EXECUTION, status: 'RUNNING' })
				.resolvesOnce({ executionArn: EXECUTION, status: 'SUCCEEDED', input: '{"orderId":1}', output: '{"approved":true}' });
			const [main] = await run([wait()]);
			expect(sfn.commandCalls('DescribeExecution')).toHaveLength(2);
			expect(main[0].json).toEqual({
				executionArn: EXECUTION,
				status: 'SUCCEEDED',
				input: { orderId: 1 },
				output: { approved: true },
			});
		});

		it.each(['FAILED', 'TIMED_OUT', 'ABORTED'] as const)('a %s execution is an error carrying error and cause', async (status) => {
			sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
			sfn.on('DescribeExecution').resolves({ executionArn: EXECUTION, status, error: 'Order.Invalid', cause: 'amount < 0' });
			const error = await rejection<NodeOperationError>(run([wait()]));
			expect(error.message).toBe(`The execution ended ${status}: Order.Invalid`);
			expect(error.description).toBe(`Cause: amount < 0. Execution: ${EXECUTION}`);

			const [main] = await run([wait()], 'continueErrorOutput');
			expect(main[0].json).toEqual({ error: `The execution ended ${status}: Order.Invalid`, message: `Cause: amount < 0. Execution: ${EXECUTION}` });
		});

		it('gives up waiting after Max Wait, saying the execution still runs and naming its ARN', async () => {
			sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
			sfn.on('DescribeExecution').resolves({ executionArn: EXECUTION, status: 'RUNNING' });
			const error = await rejection<NodeOperationError>(run([wait({ maxWaitSeconds: 1 })]));
			expect(error.message).toBe('The execution is still running after 1 seconds');
			expect(error.description).toContain(EXECUTION);
		});

		it('refuses a Max Wait below 1 second', async () => {
			await expect(run([wait({ maxWaitSeconds: 0 })])).rejects.toThrow('"Max Wait (Seconds)" must be a whole number of at least 1, not 0');
			expect(sfn.calls()).toHaveLength(0);
		});

		it('names the IAM action of the poll when it is denied', async () => {
			sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
			sfn.on('DescribeExecution').rejects('AccessDeniedException', 'denied');
			const error = await rejection<NodeApiError>(run([wait()]));
			expect(error.message).toBe('This AWS identity is not allowed to call states:DescribeExecution');
		});

		it('runs EXPRESS machines synchronously, detecting the type once per run', async () => {
			sfn.on('DescribeStateMachine').resolves({ type: 'EXPRESS' });
			sfn
				.on('StartSyncExecution')
				.resolvesOnce({ executionArn: EXECUTION, status: 'SUCCEEDED', output: '{"total":3}', startDate: new Date(0), stopDate: new Date(0) })
				.resolvesOnce({ executionArn: EXECUTION, status: 'FAILED', error: 'States.TaskFailed', cause: 'boom', startDate: new Date(0), stopDate: new Date(0) });
			const [main] = await run([wait({ stateMachineType: 'auto' }), wait({ stateMachineType: 'auto' })], 'continueRegularOutput');
			expect(sfn.commandCalls('DescribeStateMachine')).toHaveLength(1);
			expect(sfn.commandCalls('StartExecution')).toHaveLength(0);
			// StartSyncExecution is served by the region's sync- host, as AWS's API model says.
			expect(sfn.calls().filter((call) => call.action === 'StartSyncExecution').map((call) => call.host)).toEqual([
				'sync-states.eu-west-1.amazonaws.com',
				'sync-states.eu-west-1.amazonaws.com',
			]);
			expect(main[0].json).toMatchObject({ status: 'SUCCEEDED', output: { total: 3 } });
			expect(main[1].json.error).toBe('The execution ended FAILED: States.TaskFailed');
		});
	});
});

describe('Execution: Describe, List, Stop, Get History, Redrive', () => {
	it('describe parses input and output', async () => {
		sfn.on('DescribeExecution').resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', input: '{"a":1}', output: 'not json' });
		const [main] = await run([{ resource: 'execution', operation: 'describe', executionArn: EXECUTION }]);
		expect(main[0].json).toEqual({ executionArn: EXECUTION, status: 'SUCCEEDED', input: { a: 1 }, output: 'not json' });
	});

	it('list follows nextToken up to the limit, asking no page for more than is still wanted', async () => {
		const execution = (n: number) => ({ executionArn: `${EXECUTION}${n}`, stateMachineArn: MACHINE, name: `e${n}`, status: 'RUNNING' as const, startDate: new Date(0) });
		sfn
			.on('ListExecutions')
			.resolvesOnce({ executions: [execution(1), execution(2)], nextToken: 't2' })
			.resolvesOnce({ executions: [execution(3), execution(4)], nextToken: 't3' });
		const [main] = await run([
			{ resource: 'execution', operation: 'list', stateMachine: byArn(MACHINE), statusFilter: 'RUNNING', returnAll: false, limit: 3 },
		]);
		expect(main.map((item) => item.json.name)).toEqual(['e1', 'e2', 'e3']);
		expect(main.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const inputs = sfn.commandCalls('ListExecutions');
		expect(inputs).toEqual([
			{ stateMachineArn: MACHINE, statusFilter: 'RUNNING', maxResults: 3, nextToken: undefined },
			{ stateMachineArn: MACHINE, statusFilter: 'RUNNING', maxResults: 1, nextToken: 't2' },
		]);
	});

	it('list with Return All reads every page', async () => {
		sfn
			.on('ListExecutions')
			.resolvesOnce({ executions: [{ executionArn: '1', stateMachineArn: MACHINE, name: 'a', status: 'SUCCEEDED', startDate: new Date(0) }], nextToken: 'n' })
			.resolvesOnce({ executions: [{ executionArn: '2', stateMachineArn: MACHINE, name: 'b', status: 'SUCCEEDED', startDate: new Date(0) }] });
		const [main] = await run([{ resource: 'execution', operation: 'list', stateMachine: byArn(MACHINE), statusFilter: '', returnAll: true }]);
		expect(main).toHaveLength(2);
		expect(sfn.commandCalls('ListExecutions')[0]).toMatchObject({ maxResults: 1000 });
		expect(sfn.commandCalls('ListExecutions')[0].statusFilter).toBeUndefined();
	});

	it('a list of nothing gives no items for that input item', async () => {
		sfn.on('ListExecutions').resolves({ executions: [] });
		const [main] = await run([{ resource: 'execution', operation: 'list', stateMachine: byArn(MACHINE), statusFilter: '', returnAll: true }]);
		expect(main).toEqual([]);
	});

	it('stop sends error and cause with the same limits as Send Task Failure, blank ones left out', async () => {
		sfn.on('StopExecution').resolves({ stopDate: new Date('2026-11-22T10:00:00Z') });
		const [main] = await run([
			{ resource: 'execution', operation: 'stop', executionArn: EXECUTION, error: 'Cancelled', cause: '' },
		]);
		expect(sfn.commandCalls('StopExecution')[0]).toEqual({ executionArn: EXECUTION, error: 'Cancelled' });
		expect(main[0].json).toEqual({ stopDate: '2026-11-22T10:00:00.000Z' });
		await expect(
			run([{ resource: 'execution', operation: 'stop', executionArn: EXECUTION, error: 'e'.repeat(257), cause: '' }]),
		).rejects.toThrow('"Error" is 257 characters long');
	});

	it('refuses a state machine ARN where an execution ARN belongs', async () => {
		await expect(run([{ resource: 'execution', operation: 'stop', executionArn: MACHINE, error: '', cause: '' }])).rejects.toThrow(
			`Item 0: "${MACHINE}" is not a valid Execution ARN`,
		);
	});

	it('get history passes its options and gives one item per event', async () => {
		sfn.on('GetExecutionHistory').resolves({
			events: [
				{ id: 3, type: 'ExecutionSucceeded', timestamp: new Date(0) },
				{ id: 2, type: 'PassStateExited', timestamp: new Date(0) },
			],
		});
		const [main] = await run([
			{ resource: 'execution', operation: 'getHistory', executionArn: EXECUTION, returnAll: false, limit: 2, options: { reverseOrder: true, includeExecutionData: false } },
		]);
		expect(sfn.commandCalls('GetExecutionHistory')[0]).toEqual({
			executionArn: EXECUTION,
			includeExecutionData: false,
			reverseOrder: true,
			maxResults: 2,
			nextToken: undefined,
		});
		expect(main.map((item) => item.json.type)).toEqual(['ExecutionSucceeded', 'PassStateExited']);
	});

	it('redrive sends a client token that is the same for a retry of the same item and differs between items', async () => {
		sfn.on('RedriveExecution').resolves({ redriveDate: new Date(0) });
		const item = { resource: 'execution', operation: 'redrive', executionArn: EXECUTION, options: {} };
		await run([item, item]);
		await run([item], 'stopWorkflow', 'run-1');
		await run([item], 'stopWorkflow', 'run-2');
		const tokens = sfn.commandCalls('RedriveExecution').map((input) => String(input.clientToken ?? ''));
		expect(tokens[0]).toMatch(/^[0-9a-f]{64}$/);
		expect(tokens[1]).not.toBe(tokens[0]);
		expect(tokens[2]).toBe(tokens[0]);
		expect(tokens[3]).not.toBe(tokens[0]);
	});

	it('redrive uses a given client token and checks its length', async () => {
		sfn.on('RedriveExecution').resolves({ redriveDate: new Date(0) });
		await run([{ resource: 'execution', operation: 'redrive', executionArn: EXECUTION, options: { clientToken: 'retry-1' } }]);
		expect(sfn.commandCalls('RedriveExecution')[0].clientToken).toBe('retry-1');
		await expect(
			run([{ resource: 'execution', operation: 'redrive', executionArn: EXECUTION, options: { clientToken: 'x'.repeat(65) } }]),
		).rejects.toThrow('"Client Token" is 65 characters long, over the limit of 64 characters');
	});
});

describe('State Machine and Activity', () => {
	it('describe parses the definition', async () => {
		sfn.on('DescribeStateMachine').resolves({
			stateMachineArn: MACHINE,
			name: 'OrderApproval',
			type: 'STANDARD',
			status: 'ACTIVE',
			roleArn: 'arn:aws:iam::123456789012:role/sfn',
			definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
			creationDate: new Date(0),
		});
		const [main] = await run([{ resource: 'stateMachine', operation: 'describe', stateMachine: byArn(MACHINE) }]);
		expect(main[0].json).toMatchObject({ type: 'STANDARD', status: 'ACTIVE', definition: { StartAt: 'A' } });
	});

	it('get task returns token and parsed input', async () => {
		sfn.on('GetActivityTask').resolves({ taskToken: 'tok-1', input: '{"orderId":7}' });
		const [main] = await run([{ resource: 'activity', operation: 'getTask', activity: byArn(ACTIVITY), workerName: 'n8n-1' }]);
		expect(sfn.commandCalls('GetActivityTask')[0]).toEqual({ activityArn: ACTIVITY, workerName: 'n8n-1' });
		expect(main[0].json).toEqual({ hasTask: true, activityArn: ACTIVITY, taskToken: 'tok-1', input: { orderId: 7 } });
	});

	it('get task without a waiting task returns an item saying so, not an error', async () => {
		sfn.on('GetActivityTask').resolves({});
		const [main] = await run([{ resource: 'activity', operation: 'getTask', activity: byArn(ACTIVITY), workerName: '' }]);
		expect(main[0].json).toEqual({ hasTask: false, activityArn: ACTIVITY, message: 'No task was waiting for this activity' });
	});
});
