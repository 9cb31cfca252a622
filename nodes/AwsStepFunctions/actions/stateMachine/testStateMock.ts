import type { MockInput, MockResponseValidationMode } from '@aws-sdk/client-sfn';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { readChoice, readText } from '../../../shared/helpers/text';

/** Test State's mock: a result or an error in place of the state's real call (Task, Map and Parallel states). */

const MOCK_KINDS = ['error', 'none', 'result'] as const;
const VALIDATION_MODES: readonly MockResponseValidationMode[] = ['NONE', 'PRESENT', 'STRICT'];
const showMock = (kind: (typeof MOCK_KINDS)[number]) => ({ show: { mock: [kind] } });

export const mockProperties: INodeProperties[] = [
	{
		displayName: 'Mock',
		name: 'mock',
		type: 'options',
		options: [
			{ name: 'Mock a Result', value: 'result', description: "Answer the state's call with a result you give; nothing is called" },
			{ name: 'Mock an Error', value: 'error', description: "Make the state's call fail with an error you give, to test Retry and Catch" },
			{ name: 'None', value: 'none', description: 'Run the state for real' },
		],
		default: 'none',
		description:
			'Whether to replace the call of a Task, Map or Parallel state with a mocked answer. Activity tasks, .sync and .waitForTaskToken integrations, Map and Parallel states can be tested only with a mock.',
	},
	{
		displayName: 'Mocked Result',
		name: 'mockResult',
		type: 'json',
		default: '{}',
		description: "The JSON the state's call returns, as the called service would answer, up to 262,144 bytes",
		displayOptions: showMock('result'),
	},
	{
		displayName: 'Field Validation Mode',
		name: 'fieldValidationMode',
		type: 'options',
		options: [
			{ name: 'None', value: 'NONE', description: 'No check' },
			{ name: 'Present', value: 'PRESENT', description: "The fields given must match the service's API model" },
			{ name: 'Strict', value: 'STRICT', description: "Every required field must be present and all must match the service's API model" },
		],
		default: 'STRICT',
		description: "How strictly the mocked result is checked against the called service's API",
		displayOptions: showMock('result'),
	},
	{
		displayName: 'Mocked Error',
		name: 'mockError',
		type: 'string',
		default: '',
		placeholder: 'e.g. States.TaskFailed',
		description: "Error name the state's Retry and Catch rules see, 1-256 characters",
		displayOptions: showMock('error'),
	},
	{
		displayName: 'Mocked Cause',
		name: 'mockCause',
		type: 'string',
		default: '',
		description: 'Details of the mocked error, up to 32,768 characters',
		displayOptions: showMock('error'),
	},
];

/** The mock as the API takes it; undefined when the state runs for real. */
export function readMock(ctx: IExecuteFunctions, itemIndex: number): MockInput | undefined {
	const node = ctx.getNode();
	const kind = readChoice(ctx, itemIndex, 'mock', 'Mock', MOCK_KINDS, 'none');
	if (kind === 'none') return undefined;
	if (kind === 'result') {
		const label = LIMITS.mockResult.label;
		const result = toJsonText(node, itemIndex, label, ctx.getNodeParameter('mockResult', itemIndex, '{}'));
		assertWithinLimit(node, itemIndex, LIMITS.mockResult, result);
		return { result, fieldValidationMode: readChoice(ctx, itemIndex, 'fieldValidationMode', 'Field Validation Mode', VALIDATION_MODES, 'STRICT') };
	}
	// The model requires the error whenever an error is mocked.
	const error = readText(ctx, itemIndex, 'mockError', 'Mocked Error');
	assertWithinLimit(node, itemIndex, { ...LIMITS.error, label: 'Mocked Error', min: 1 }, error);
	const cause = readText(ctx, itemIndex, 'mockCause', 'Mocked Cause');
	assertWithinLimit(node, itemIndex, { ...LIMITS.cause, label: 'Mocked Cause' }, cause);
	return { errorOutput: cause ? { error, cause } : { error } };
}
