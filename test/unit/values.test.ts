import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { parseNumber } from '../../nodes/shared/helpers/text';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

/**
 * Expressions give text parameters numbers, null, objects and arrays ({{ $json.orderId }}, a missing field,
 * {{ $json }}); JSON parameters functions, BigInts and circles. Each is sent as the text the user meant,
 * left out, or refused before any request, naming the item, the field and what the expression gave.
 */

const sfn = mockStepFunctions();
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAbRy7fAkeToken';
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:order-1';
const ACTIVITY = 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder';
const locator = (mode: string, value: unknown) => ({ __rl: true, mode, value });

function run(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	const context = executeContext({ credentials: AWS_CREDENTIALS, items, onError }) as IExecuteFunctions & {
		getExecutionId: () => string;
	};
	context.getExecutionId = () => 'run-1';
	return new AwsStepFunctions().execute.call(context);
}

const failure = (params: Record<string, unknown>) => ({
	resource: 'task',
	operation: 'sendTaskFailure',
	taskToken: TOKEN,
	error: '',
	cause: '',
	...params,
});
const success = (params: Record<string, unknown>) => ({ resource: 'task', operation: 'sendTaskSuccess', taskToken: TOKEN, output: '{}', ...params });
const start = (params: Record<string, unknown> = {}) => ({
	resource: 'execution',
	operation: 'start',
	stateMachine: locator('arn', MACHINE),
	input: '{}',
	waitForCompletion: false,
	options: {},
	...params,
});

function circular(): Record<string, unknown> {
	const order: Record<string, unknown> = { id: 1 };
	order.self = order;
	return order;
}

// nock.restore() also takes nock off Node's http module, which later test files in the same jest worker share
// (sfnMock's restore() only forgets the answers).
afterAll(() => {
	sfn.restore();
	nock.restore();
});

beforeEach(() => {
	sfn.reset();
	sfn.on('SendTaskFailure').resolves({});
	sfn.on('SendTaskSuccess').resolves({});
	sfn.on('SendTaskHeartbeat').resolves({});
	sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
});

describe('text parameters', () => {
	it.each([
		['an object', { token: TOKEN }, 'an object'],
		['an array', [TOKEN, TOKEN], 'an array'],
		['NaN', Number.NaN, 'the number NaN'],
		['Infinity', Number.POSITIVE_INFINITY, 'the number Infinity'],
		['a function', () => TOKEN, 'a function'],
	])('refuses %s as a task token before sending, naming item, field and type', async (_label, taskToken, received) => {
		const error = await rejection<NodeOperationError>(run([failure({}), failure({ taskToken })]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Item 1: "Task Token" must be text, but the expression gave ${received}`);
		expect(error.description).toContain('Nothing was sent for this item.');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses a null task token as empty', async () => {
		await expect(run([{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: null }])).rejects.toThrow(
			'Item 0: "Task Token" is empty',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('leaves a null error and cause out of the request instead of sending "null"', async () => {
		await run([failure({ error: null, cause: null }), failure({ error: undefined, cause: null })]);
		const inputs = sfn.commandCalls('SendTaskFailure');
		expect(inputs).toEqual([{ taskToken: TOKEN }, { taskToken: TOKEN }]);
	});

	it('sends numbers and true/false as their text', async () => {
		await run([failure({ error: true, cause: 42 }), failure({ error: 404, cause: false })]);
		expect(sfn.commandCalls('SendTaskFailure')).toEqual([
			{ taskToken: TOKEN, error: 'true', cause: '42' },
			{ taskToken: TOKEN, error: '404', cause: 'false' },
		]);
	});

	it('refuses an object cause and NaN error on Stop Execution', async () => {
		sfn.on('StopExecution').resolves({ stopDate: new Date(0) });
		const stop = { resource: 'execution', operation: 'stop', executionArn: EXECUTION };
		await expect(run([{ ...stop, cause: { reason: 'late' } }])).rejects.toThrow(
			'Item 0: "Cause" must be text, but the expression gave an object',
		);
		await expect(run([{ ...stop, error: Number.NaN }])).rejects.toThrow('Item 0: "Error" must be text, but the expression gave the number NaN');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('sends a numeric Execution Name (an order id) as text, and a null one as none given', async () => {
		await run([start({ options: { name: 1001 } }), start({ options: { name: null, traceHeader: null } })]);
		const inputs = sfn.commandCalls('StartExecution');
		expect(inputs[0]).toEqual({ stateMachineArn: MACHINE, input: '{}', name: '1001' });
		expect(inputs[1].name).not.toBe('null');
		// None given: the node names the start itself (n8n-<execution id>-<item>-<hash>), as for an empty name.
		expect(inputs[1].name).toMatch(/^n8n-run-1-1-[0-9a-f]{16}$/);
		expect(inputs[1]).not.toHaveProperty('traceHeader');
	});

	it('refuses an object Execution Name', async () => {
		await expect(run([start({ options: { name: { id: 1001 } } })])).rejects.toThrow(
			'Item 0: "Execution Name" must be text, but the expression gave an object',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('sends a numeric worker name as text', async () => {
		sfn.on('GetActivityTask').resolves({});
		await run([{ resource: 'activity', operation: 'getTask', activity: locator('arn', ACTIVITY), workerName: 7 }]);
		expect(sfn.commandCalls('GetActivityTask')[0]).toEqual({ activityArn: ACTIVITY, workerName: '7' });
	});

	it('sends a numeric client token as text', async () => {
		sfn.on('RedriveExecution').resolves({ redriveDate: new Date(0) });
		await run([{ resource: 'execution', operation: 'redrive', executionArn: EXECUTION, options: { clientToken: 12345 } }]);
		expect(sfn.commandCalls('RedriveExecution')[0].clientToken).toBe('12345');
	});

	it('refuses an object execution ARN instead of checking "[object Object]"', async () => {
		const error = await rejection<NodeOperationError>(
			run([{ resource: 'execution', operation: 'describe', executionArn: { executionArn: EXECUTION } }]),
		);
		expect(error.message).toBe('Item 0: "Execution ARN" must be text, but the expression gave an object');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('looks a numeric state machine name up as text', async () => {
		sfn.on('ListStateMachines').resolves({
			stateMachines: [{ name: '1001', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date(0) }],
		});
		await run([start({ stateMachine: locator('name', 1001) })]);
		expect(sfn.commandCalls('StartExecution')[0].stateMachineArn).toBe(MACHINE);
	});

	it.each([
		['name', 'State Machine Name'],
		['arn', 'State Machine ARN'],
		['list', 'State Machine ARN'],
	])('refuses an array as a state machine picked by %s', async (mode, label) => {
		await expect(run([start({ stateMachine: locator(mode, [MACHINE]) })])).rejects.toThrow(
			`Item 0: "${label}" must be text, but the expression gave an array`,
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses an object status filter of List Executions', async () => {
		const list = { resource: 'execution', operation: 'list', stateMachine: locator('arn', MACHINE), returnAll: true };
		await expect(run([{ ...list, statusFilter: { status: 'FAILED' } }])).rejects.toThrow(
			'Item 0: "Status" must be text, but the expression gave an object',
		);
		expect(sfn.commandCalls('ListExecutions')).toHaveLength(0);
	});

	it('keeps the other items going with continue-on-fail, sending nothing for the refused ones', async () => {
		const [main] = await run(
			[failure({ cause: 7 }), failure({ taskToken: { taskToken: TOKEN } }), failure({ taskToken: null }), failure({ error: [1] })],
			'continueErrorOutput',
		);
		expect(sfn.commandCalls('SendTaskFailure')).toEqual([{ taskToken: TOKEN, cause: '7' }]);
		expect(main.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 0 }, undefined],
			[{ item: 1 }, 'Item 1: "Task Token" must be text, but the expression gave an object'],
			[{ item: 2 }, 'Item 2: "Task Token" is empty'],
			[{ item: 3 }, 'Item 3: "Error" must be text, but the expression gave an array'],
		]);
	});

	it('sends nothing when every item is refused, even with continue-on-fail', async () => {
		sfn.on('DescribeExecution').resolves({});
		const [main] = await run(
			[{ resource: 'execution', operation: 'describe', executionArn: [EXECUTION] }],
			'continueErrorOutput',
		);
		expect(main[0].json.error).toBe('Item 0: "Execution ARN" must be text, but the expression gave an array');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('JSON parameters', () => {
	it.each([
		['a function', () => ({}), 'a function'],
		['a symbol', Symbol('order'), 'a symbol'],
		['a BigInt', BigInt(1001), 'a BigInt'],
		['a function inside an object', { approved: true, notify: () => undefined }, 'a function at notify'],
		['a BigInt inside an array', { order: { lines: [1, BigInt(2)] } }, 'a BigInt at order.lines[1]'],
		['a symbol inside an array', [Symbol('x')], 'a symbol at [0]'],
		['an object that contains itself', circular(), 'an object that contains itself'],
	])('refuses %s as Output before sending, naming item and field', async (_label, output, received) => {
		const error = await rejection<NodeOperationError>(run([success({}), success({ output })]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Item 1: "Output" cannot be sent as JSON: the expression gave ${received}`);
		expect(error.description).toContain('Nothing was sent for this item.');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses a function, BigInt, symbol or circle as Input of Start Execution', async () => {
		for (const input of [() => ({}), BigInt(1), Symbol('x'), circular(), { when: { then: () => 1 } }]) {
			await expect(run([start({ input })])).rejects.toThrow(/^Item 0: "Input" cannot be sent as JSON: the expression gave /);
		}
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses an Output that gives nothing, naming the field', async () => {
		await expect(run([success({ output: undefined })])).rejects.toThrow('Item 0: "Output" is not valid JSON: it is empty');
		await expect(run([success({ output: { toJSON: () => undefined } })])).rejects.toThrow(
			'Item 0: "Output" cannot be sent as JSON: the expression gave nothing (undefined)',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('drops undefined inside an object as JSON does, and still sends dates and nulls', async () => {
		await run([success({ output: { a: undefined, b: null, at: new Date(0) } })]);
		expect(sfn.commandCalls('SendTaskSuccess')[0].output).toBe('{"b":null,"at":"1970-01-01T00:00:00.000Z"}');
	});

	it('keeps the other items going with continue-on-fail', async () => {
		const [main] = await run([start({ input: { order: 1 } }), start({ input: circular() })], 'continueErrorOutput');
		expect(sfn.commandCalls('StartExecution').map((input) => input.input)).toEqual(['{"order":1}']);
		expect(main[1]).toEqual({
			json: {
				error: 'Item 1: "Input" cannot be sent as JSON: the expression gave an object that contains itself',
				message: expect.stringContaining('Nothing was sent for this item.'),
			},
			pairedItem: { item: 1 },
		});
	});
});

describe('numbers given as text', () => {
	it.each([
		['90', 90],
		[' 90 ', 90],
		['9e1', 90],
		['-0.5', -0.5],
		['.5', 0.5],
		[90, 90],
	])('reads %p as %p', (given, expected) => {
		expect(parseNumber(given)).toBe(expected);
	});

	// Number() reads these as numbers; nobody types a weight or a concurrency in hexadecimal.
	it.each(['0x5A', '0b1', '0o17', '', '  ', '90%', 'Infinity', 'NaN', '1,5'])('does not read %p as a number', (given) => {
		expect(parseNumber(given)).toBeUndefined();
	});
});
