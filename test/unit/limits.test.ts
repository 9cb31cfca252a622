import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const TOKEN = 'tok-' + 'x'.repeat(60);

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
});

function run(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items, onError }));
}

const failure = (params: Record<string, unknown>) => ({
	resource: 'task',
	operation: 'sendTaskFailure',
	taskToken: TOKEN,
	error: '',
	cause: '',
	...params,
});
const success = (params: Record<string, unknown>) => ({
	resource: 'task',
	operation: 'sendTaskSuccess',
	taskToken: TOKEN,
	output: '{}',
	...params,
});
const heartbeat = (params: Record<string, unknown>) => ({
	resource: 'task',
	operation: 'sendTaskHeartbeat',
	taskToken: TOKEN,
	...params,
});

/** A JSON string value whose document is exactly `bytes` long in UTF-8. */
function jsonOfBytes(bytes: number, filler = 'a'): string {
	const fillerBytes = Buffer.byteLength(filler);
	const body = bytes - 2;
	return `"${filler.repeat(Math.floor(body / fillerBytes))}${'b'.repeat(body % fillerBytes)}"`;
}

const cases = [
	{ field: 'Task Token', unit: 'characters', limit: 2048, item: (n: number) => heartbeat({ taskToken: 't'.repeat(n) }) },
	{ field: 'Task Token', unit: 'characters', limit: 2048, item: (n: number) => failure({ taskToken: 't'.repeat(n) }) },
	{ field: 'Error', unit: 'characters', limit: 256, item: (n: number) => failure({ error: 'e'.repeat(n) }) },
	{ field: 'Cause', unit: 'characters', limit: 32768, item: (n: number) => failure({ cause: 'c'.repeat(n) }) },
	{ field: 'Output', unit: 'bytes', limit: 262144, item: (n: number) => success({ output: jsonOfBytes(n) }) },
	// Multi-byte text: the payload limit counts UTF-8 bytes, not characters.
	{ field: 'Output', unit: 'bytes', limit: 262144, item: (n: number) => success({ output: jsonOfBytes(n, 'é') }) },
];

describe.each(cases)('$field limit ($limit $unit)', ({ field, unit, limit, item }) => {
	it('accepts a value one below the limit and one at the limit', async () => {
		const [main] = await run([item(limit - 1), item(limit)]);
		expect(main).toHaveLength(2);
		expect(sfn.calls()).toHaveLength(2);
	});

	it('refuses a value one over the limit before any request, naming item, field, limit and size', async () => {
		const error = await rejection<NodeOperationError>(run([item(limit), item(limit + 1)]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`Item 1: "${field}" is ${(limit + 1).toLocaleString('en-US')} ${unit} long, over the limit of ${limit.toLocaleString('en-US')} ${unit}`,
		);
		expect(error.description).toMatch(/Nothing was sent|nothing was sent/);
		// Item 0 was valid, but nothing is sent when any item breaks a limit and the run stops.
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('empty token', () => {
	it.each(['', '   '])('refuses %j as an empty Task Token', async (taskToken) => {
		const error = await rejection<NodeOperationError>(run([heartbeat({ taskToken })]));
		expect(error.message).toBe('Item 0: "Task Token" is empty');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('characters are counted as AWS counts them', () => {
	it('counts an emoji as one character of Error', async () => {
		const emoji = '\u{1F44D}';
		const [main] = await run([failure({ error: emoji.repeat(256) })]);
		expect(main).toHaveLength(1);
		await expect(run([failure({ error: emoji.repeat(257) })])).rejects.toThrow('"Error" is 257 characters long');
	});
});

describe('with continue-on-fail', () => {
	it('turns the violating item into its own error item and still sends the others', async () => {
		const [main] = await run([failure({}), failure({ error: 'e'.repeat(300) }), failure({})], 'continueErrorOutput');
		expect(sfn.commandCalls('SendTaskFailure')).toHaveLength(2);
		expect(main[1]).toEqual({
			json: {
				error: 'Item 1: "Error" is 300 characters long, over the limit of 256 characters',
				message: 'Step Functions accepts at most 256 characters here. Shorten it; nothing was sent for this item.',
			},
			pairedItem: { item: 1 },
		});
		expect(main[0].json).toEqual({});
		expect(main[2].json).toEqual({});
	});
});
