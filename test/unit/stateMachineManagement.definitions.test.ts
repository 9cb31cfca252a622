import type { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';

// State Machine: Validate Definition and Test State, with AWS faked by nock.
const sfn = mockStepFunctionsInSuite();
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctionsRole';
const DEFINITION = '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}';
const PASS_STATE = '{"Type":"Pass","End":true}';

function run(items: Array<Record<string, unknown>>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));
}

const validate = (params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'validateDefinition',
	definition: DEFINITION,
	type: 'STANDARD',
	severity: 'ERROR',
	maxResults: 100,
	...params,
});
const testState = (params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'testState',
	definition: PASS_STATE,
	stateName: '',
	roleArn: '',
	input: '{"orderId": 1}',
	inspectionLevel: 'INFO',
	mock: 'none',
	options: {},
	...params,
});

beforeEach(() => sfn.reset());

describe('State Machine: Validate Definition', () => {
	it('sends definition, type, severity and max diagnostics; returns one item with result, truncated and the diagnostics', async () => {
		const diagnostics = [
			{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The field "Type" is required', location: '/States/A' },
			{ severity: 'WARNING', code: 'NO_TIMEOUT', message: 'no TimeoutSeconds', location: '/States/B' },
		];
		sfn.on('ValidateStateMachineDefinition').resolves({ result: 'FAIL', truncated: true, diagnostics });
		const [main] = await run([validate({ type: 'EXPRESS', severity: 'WARNING', maxResults: 2 })]);
		expect(sfn.commandCalls('ValidateStateMachineDefinition')).toEqual([{ definition: DEFINITION, type: 'EXPRESS', severity: 'WARNING', maxResults: 2 }]);
		expect(main).toEqual([{ json: { result: 'FAIL', truncated: true, diagnosticCount: 2, diagnostics }, pairedItem: { item: 0 } }]);
	});

	it('a clean definition still gives one item, so the workflow goes on', async () => {
		sfn.on('ValidateStateMachineDefinition').resolves({ result: 'OK', diagnostics: [] });
		const [main] = await run([validate({ definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } })]);
		expect(sfn.commandCalls('ValidateStateMachineDefinition')[0].definition).toBe(DEFINITION);
		expect(main.map((item) => item.json)).toEqual([{ result: 'OK', truncated: false, diagnosticCount: 0, diagnostics: [] }]);
	});

	it.each([
		[0, '"Max Diagnostics" is 0, not from 1 to 100'],
		[101, '"Max Diagnostics" is 101, not from 1 to 100'],
		[2.5, '"Max Diagnostics" is 2.5, not a whole number'],
	])('refuses Max Diagnostics %s before sending', async (maxResults, message) => {
		await expect(run([validate({ maxResults })])).rejects.toThrow(message);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses an empty definition before sending', async () => {
		await expect(run([validate({ definition: ' ' })])).rejects.toThrow('"Definition" is not valid JSON: it is empty');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('State Machine: Test State', () => {
	it('sends a single state with input and inspection level to the sync- host; output and inspection data parsed', async () => {
		sfn.on('TestState').resolves({
			output: '{"orderId":1}',
			status: 'SUCCEEDED',
			nextState: 'Charge',
			inspectionData: { input: '{"orderId":1}', afterInputPath: '{"orderId":1}', result: 'not json', request: { method: 'GET', body: '' } },
		});
		const [main] = await run([testState({ inspectionLevel: 'DEBUG' })]);
		expect(sfn.commandCalls('TestState')).toEqual([{ definition: PASS_STATE, input: '{"orderId": 1}', inspectionLevel: 'DEBUG' }]);
		// TestState is served by the region's sync- host, as the API model's hostPrefix says.
		expect(sfn.calls()[0].host).toBe('sync-states.eu-west-1.amazonaws.com');
		expect(main[0].json).toEqual({
			output: { orderId: 1 },
			status: 'SUCCEEDED',
			nextState: 'Charge',
			inspectionData: { input: { orderId: 1 }, afterInputPath: { orderId: 1 }, result: 'not json', request: { method: 'GET', body: '' } },
		});
	});

	it('sends a mocked result, role, state name, variables, context, reveal secrets and the state configuration', async () => {
		sfn.on('TestState').resolves({ status: 'CAUGHT_ERROR', error: 'States.TaskFailed', cause: 'mocked', nextState: 'Handle' });
		await run([
			testState({
				definition: DEFINITION,
				stateName: 'Done',
				roleArn: ROLE,
				mock: 'result',
				mockResult: { Payload: { ok: true } },
				fieldValidationMode: 'PRESENT',
				options: {
					revealSecrets: true,
					variables: '{"limit": 5}',
					context: { Execution: { Id: 'x' } },
					retrierRetryCount: 2,
					mapIterationFailureCount: 0,
					errorCausedByState: 'Inner',
					mapItemReaderData: 'id,amount\n1,20',
				},
			}),
		]);
		expect(sfn.commandCalls('TestState')).toEqual([
			{
				definition: DEFINITION,
				stateName: 'Done',
				roleArn: ROLE,
				input: '{"orderId": 1}',
				inspectionLevel: 'INFO',
				revealSecrets: true,
				variables: '{"limit": 5}',
				context: '{"Execution":{"Id":"x"}}',
				mock: { result: '{"Payload":{"ok":true}}', fieldValidationMode: 'PRESENT' },
				stateConfiguration: { retrierRetryCount: 2, mapIterationFailureCount: 0, errorCausedByState: 'Inner', mapItemReaderData: 'id,amount\n1,20' },
			},
		]);
	});

	it('sends a mocked error with its cause', async () => {
		sfn.on('TestState').resolves({ status: 'FAILED', error: 'Payment.Declined', cause: 'card expired' });
		const [main] = await run([testState({ mock: 'error', mockError: 'Payment.Declined', mockCause: 'card expired' })]);
		expect(sfn.commandCalls('TestState')[0].mock).toEqual({ errorOutput: { error: 'Payment.Declined', cause: 'card expired' } });
		// A FAILED test is the answer, not an error of the item: the test ran.
		expect(main[0].json).toEqual({ status: 'FAILED', error: 'Payment.Declined', cause: 'card expired' });
	});

	it('is not sent again after a server fault: an unmocked state may have called its service', async () => {
		sfn.on('TestState').rejectsOnce('InternalFailure', 'oops', 500).resolves({ status: 'SUCCEEDED' });
		await expect(run([testState()])).rejects.toThrow();
		expect(sfn.commandCalls('TestState')).toHaveLength(1);
	});

	it.each([
		['a mocked error without its name', { mock: 'error', mockError: '' }, '"Mocked Error" is empty'],
		['a mocked error over 256 characters', { mock: 'error', mockError: 'e'.repeat(257) }, '"Mocked Error" is 257 characters long'],
		['a mocked result that is not JSON', { mock: 'result', mockResult: '{oops' }, '"Mocked Result" is not valid JSON'],
		['a context without a mock', { options: { context: '{}' } }, 'Item 0: "Context" is set without a mock'],
		['variables that are not an object', { options: { variables: '[1, 2]' } }, 'Item 0: "Variables" is not a JSON object'],
		['a state name over 80 characters', { stateName: 's'.repeat(81) }, '"State Name" is 81 characters long'],
		['a negative retry count', { options: { retrierRetryCount: -1 } }, '"Retrier Retry Count" must be a whole number from 0 to 2147483647, not -1'],
		['an input over 256 KiB', { input: JSON.stringify({ blob: 'x'.repeat(262_144) }) }, '"Input" is 262,155 bytes long, over the limit of 262,144 bytes'],
		['a role that is not an IAM role ARN', { roleArn: 'admin' }, 'is not a valid IAM Role ARN'],
		['a State Name the definition lacks', { definition: DEFINITION, stateName: 'Missing' }, 'Item 0: "State Name" "Missing" is not a state of the definition'],
		['a Task state run for real without a role', { definition: '{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}' }, 'Item 0: "Role ARN" is empty for a Task state that is not mocked'],
		['an inspection level not offered', { inspectionLevel: 'VERBOSE' }, '"Inspection Level" cannot be "VERBOSE"'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await rejection<NodeOperationError>(run([testState(params)]));
		expect(error.message).toContain(message);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('leaves a blank input out (the API takes none)', async () => {
		sfn.on('TestState').resolves({ status: 'SUCCEEDED', output: '{}' });
		await run([testState({ input: '' })]);
		expect(sfn.commandCalls('TestState')).toEqual([{ definition: PASS_STATE, inspectionLevel: 'INFO' }]);
	});
});
