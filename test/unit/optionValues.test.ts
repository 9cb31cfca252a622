import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

/**
 * True/false, choice and number parameters as expressions give them: "false" is false (never "truthy: list
 * everything"), an unknown choice is refused instead of quietly taken as another, and numbers in text are
 * read while empty values, true and NaN are refused, before any request.
 */
const sfn = mockStepFunctions();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const byArn = { __rl: true, mode: 'arn', value: MACHINE };

function run(items: Array<Record<string, unknown>>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));
}

const list = (params: Record<string, unknown>) => ({ resource: 'execution', operation: 'list', stateMachine: byArn, statusFilter: '', ...params });
const start = (params: Record<string, unknown>) => ({ resource: 'execution', operation: 'start', stateMachine: byArn, input: '{}', options: {}, ...params });

// nock.restore() also takes nock off Node's http module, which later test files in the same jest worker share
// (sfnMock's restore() only forgets the answers).
afterAll(() => {
	sfn.restore();
	nock.restore();
});

beforeEach(() => {
	sfn.reset();
	sfn.on('ListExecutions').resolves({ executions: [], nextToken: undefined });
	sfn.on('StartExecution').resolves({ executionArn: `${MACHINE.replace('stateMachine', 'execution')}:x`, startDate: new Date() });
	sfn.on('DescribeExecution').resolves({ status: 'SUCCEEDED', output: '{}' });
});

describe('true/false parameters', () => {
	it('reads "false" and "true" as text the way they read', async () => {
		await run([list({ returnAll: 'false', limit: 7 })]);
		expect(sfn.commandCalls('ListExecutions')[0].maxResults).toBe(7);
		await run([start({ waitForCompletion: ' TRUE ', stateMachineType: 'STANDARD', maxWaitSeconds: 5 })]);
		expect(sfn.commandCalls('DescribeExecution')).toHaveLength(1);
	});

	it('refuses anything else, naming the item and the field', async () => {
		const error = await rejection<NodeOperationError>(run([list({ returnAll: {} })]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 0: "Return All" must be true or false, not an object');
		const waitError = await rejection(run([start({ waitForCompletion: 1 })]));
		expect(waitError.message).toBe('Item 0: "Wait for Completion" must be true or false, not the number 1');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('choices and numbers', () => {
	it('refuses a State Machine Type the editor does not offer instead of taking it as STANDARD', async () => {
		const error = await rejection(run([start({ waitForCompletion: true, stateMachineType: 'express' })]));
		expect(error.message).toBe('Item 0: "State Machine Type" cannot be "express"');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('reads a number given as text, and refuses empty, true and fractions with the range', async () => {
		await run([list({ returnAll: false, limit: '12' })]);
		expect(sfn.commandCalls('ListExecutions')[0].maxResults).toBe(12);
		await expect(run([list({ returnAll: false, limit: '' })])).rejects.toThrow('Item 0: "Limit" must be a whole number of at least 1, not empty or not a number');
		await expect(run([list({ returnAll: false, limit: true })])).rejects.toThrow('not true');
		await expect(run([start({ waitForCompletion: true, stateMachineType: 'STANDARD', maxWaitSeconds: 2.5 })])).rejects.toThrow(
			'"Max Wait (Seconds)" must be a whole number of at least 1, not 2.5',
		);
		await expect(run([list({ returnAll: false, limit: 5, requestOptions: { maxConcurrency: '8' } })])).resolves.toBeDefined();
	});

	it('refuses NaN and Infinity inside Input instead of sending null', async () => {
		const error = await rejection(run([start({ input: { total: Number.NaN } })]));
		expect(error.message).toBe('Item 0: "Input" cannot be sent as JSON: the expression gave the number NaN at total');
		expect(sfn.commandCalls('StartExecution')).toHaveLength(0);
	});
});
