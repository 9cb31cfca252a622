import type { InspectionLevel, TestStateConfiguration, TestStateInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { toItemJson } from '../../../shared/helpers/itemJson';
import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import type { FieldLimit } from '../../../shared/helpers/limits';
import { readChoice, readText, toBoolean, toText, toWholeNumber } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { definitionProperty, readDefinition } from '../shared/definition';
import { optionsCollection } from '../shared/optionsCollection';
import { checkRoleArn, roleArnProperty } from '../shared/roleArn';
import { sendOnce } from './sendOnce';
import { mockProperties, readMock } from './testStateMock';

const show = { resource: ['stateMachine'], operation: ['testState'] };
const INSPECTION_LEVELS: readonly InspectionLevel[] = ['DEBUG', 'INFO', 'TRACE'];
// TestStateConfiguration counts are boxed integers of the model (min 0, no max beyond int32).
const MAX_COUNT = 2_147_483_647;
// mapItemReaderData is SensitiveData: text of up to 256 KiB, as its source holds it (JSON, CSV...).
const MAP_ITEM_READER_DATA: FieldLimit = { label: 'Map Item Reader Data', min: 0, max: 262144, unit: 'bytes' };
// The inspection data fields that carry JSON documents as text.
const INSPECTION_JSON_FIELDS = [
	'input', 'afterArguments', 'afterInputPath', 'afterParameters', 'result', 'afterResultSelector', 'afterResultPath',
	'variables', 'afterItemsPath', 'afterItemSelector', 'afterItemBatcher', 'afterItemsPointer',
];

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	definitionProperty({
		default: JSON.stringify({ Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}', $.name)" }, End: true }, null, 2),
		description:
			'The state to test: one state\'s definition (e.g. {"Type": "Pass", ...}), or a whole state machine definition with State Name set. At most 1 MB (UTF-8).',
		// TestState may run a state for up to 5 minutes, past the default 30 s request timeout.
		hint: 'A test may run up to 5 minutes: for a slow state, raise Request Options > Request Timeout',
	}),
	{
		displayName: 'State Name',
		name: 'stateName',
		type: 'string',
		default: '',
		placeholder: 'e.g. ChargeCard',
		description: 'Which state of a whole state machine definition to test; leave empty when Definition is a single state',
	},
	roleArnProperty({
		required: false,
		description:
			"The IAM role the state's call runs with. Needed when the state calls an AWS service or HTTP endpoint for real; Pass, Choice, Wait, Succeed, Fail and mocked states need none.",
	}),
	{
		displayName: 'Input',
		name: 'input',
		type: 'json',
		default: '{}',
		description: 'The JSON the state receives, up to 262,144 bytes',
	},
	{
		displayName: 'Inspection Level',
		name: 'inspectionLevel',
		type: 'options',
		options: [
			{ name: 'Debug', value: 'DEBUG', description: 'Also the data after each input and output processing step' },
			{ name: 'Info', value: 'INFO', description: 'The output, status and next state' },
			{ name: 'Trace', value: 'TRACE', description: 'Also the HTTP request and response of an HTTP Task' },
		],
		default: 'INFO',
		description: 'How much of the run to return in inspectionData',
	},
	...mockProperties,
	optionsCollection([
		{
			displayName: 'Context',
			name: 'context',
			type: 'json',
			default: '{}',
			description: 'The Context object ($$) the state sees, as JSON; only with a mock',
		},
		{
			displayName: 'Error Caused By State',
			name: 'errorCausedByState',
			type: 'string',
			default: '',
			description: 'For a mocked error of a Map or Parallel state: the name of the inner state it comes from',
		},
		{
			displayName: 'Map Item Reader Data',
			name: 'mapItemReaderData',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: "For a Distributed Map state: the data its ItemReader reads, as found in the source (e.g. a CSV file's text)",
		},
		{
			displayName: 'Map Iteration Failure Count',
			name: 'mapIterationFailureCount',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'For a Map state: how many iterations failed, to test its tolerated failure settings',
		},
		{
			displayName: 'Retrier Retry Count',
			name: 'retrierRetryCount',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'How many retries of the Retry rule that matches the mocked error have already happened',
		},
		{
			displayName: 'Reveal Secrets',
			name: 'revealSecrets',
			type: 'boolean',
			default: false,
			description:
				'Whether the result of an HTTP Task shows what its EventBridge connection adds (authorization headers, query parameters, body). Needs the states:RevealSecrets permission; off, those values are hidden.',
		},
		{
			displayName: 'Variables',
			name: 'variables',
			type: 'json',
			default: '{}',
			description: 'A JSON object of the variables the state sees: each key a variable name, each value its value',
		},
	]),
]);

function optionalJson(node: INode, itemIndex: number, value: unknown, limit: FieldLimit): string | undefined {
	// Blank means not given: each of these is optional in the API.
	if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
	const text = toJsonText(node, itemIndex, limit.label, value);
	assertWithinLimit(node, itemIndex, limit, text);
	return text;
}

function readStateConfiguration(node: INode, itemIndex: number, options: Record<string, unknown>): TestStateConfiguration | undefined {
	const configuration: TestStateConfiguration = {};
	if (options.retrierRetryCount !== undefined) {
		configuration.retrierRetryCount = toWholeNumber(node, itemIndex, 'Retrier Retry Count', options.retrierRetryCount, 0, MAX_COUNT);
	}
	if (options.mapIterationFailureCount !== undefined) {
		configuration.mapIterationFailureCount = toWholeNumber(node, itemIndex, 'Map Iteration Failure Count', options.mapIterationFailureCount, 0, MAX_COUNT);
	}
	const errorCausedByState = toText(node, itemIndex, 'Error Caused By State', options.errorCausedByState);
	if (errorCausedByState !== '') {
		assertWithinLimit(node, itemIndex, { ...LIMITS.stateName, label: 'Error Caused By State' }, errorCausedByState);
		configuration.errorCausedByState = errorCausedByState;
	}
	const mapItemReaderData = toText(node, itemIndex, MAP_ITEM_READER_DATA.label, options.mapItemReaderData);
	if (mapItemReaderData !== '') {
		assertWithinLimit(node, itemIndex, MAP_ITEM_READER_DATA, mapItemReaderData);
		configuration.mapItemReaderData = mapItemReaderData;
	}
	return Object.keys(configuration).length ? configuration : undefined;
}

/**
 * What AWS would refuse after parsing the definition, said before sending: a State Name the definition does not
 * hold, and a Task state run for real without a role (AWS needs the role only then).
 */
function checkTestedState(node: INode, itemIndex: number, definition: string, stateName: string, roleOrMock: boolean): void {
	const parsed = JSON.parse(definition) as { States?: Record<string, { Type?: unknown }>; Type?: unknown } | null;
	const state = stateName === '' ? parsed : parsed?.States?.[stateName];
	if (stateName !== '' && (typeof state !== 'object' || state === null)) {
		throw refusedValueError(node, itemIndex, LIMITS.stateName.label, `"${stateName}" is not a state of the definition`, 'Give the name of a state under "States", or leave State Name empty and give a single state as Definition.');
	}
	if (state?.Type === 'Task' && !roleOrMock) {
		throw refusedValueError(node, itemIndex, LIMITS.roleArn.label, 'is empty for a Task state that is not mocked', 'Give the IAM role the task runs with, or mock its result or error.');
	}
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): TestStateInput {
	const node = this.getNode();
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const stateName = readText(this, itemIndex, 'stateName', LIMITS.stateName.label);
	if (stateName !== '') assertWithinLimit(node, itemIndex, LIMITS.stateName, stateName);
	const roleArn = checkRoleArn(node, itemIndex, this.getNodeParameter('roleArn', itemIndex, ''), true);
	const variables = optionalJson(node, itemIndex, options.variables, LIMITS.testVariables);
	if (variables !== undefined && !/^\s*\{/.test(variables)) {
		throw refusedValueError(node, itemIndex, LIMITS.testVariables.label, 'is not a JSON object', 'Give an object whose keys are variable names, e.g. {"orderId": 17}.');
	}
	const mock = readMock(this, itemIndex);
	const context = optionalJson(node, itemIndex, options.context, LIMITS.testContext);
	// The API takes a Context object only together with a mock.
	if (context !== undefined && !mock) {
		throw refusedValueError(node, itemIndex, LIMITS.testContext.label, 'is set without a mock', 'Choose a Mock, or remove the Context option.');
	}
	const definition = readDefinition(node, itemIndex, this.getNodeParameter('definition', itemIndex, ''));
	checkTestedState(node, itemIndex, definition, stateName, roleArn !== '' || mock !== undefined);
	return {
		definition,
		stateName: stateName || undefined,
		roleArn: roleArn || undefined,
		input: optionalJson(node, itemIndex, this.getNodeParameter('input', itemIndex, '{}'), LIMITS.testInput),
		inspectionLevel: readChoice(this, itemIndex, 'inspectionLevel', 'Inspection Level', INSPECTION_LEVELS, 'INFO'),
		revealSecrets: toBoolean(node, itemIndex, 'Reveal Secrets', options.revealSecrets, false) || undefined,
		variables,
		context,
		mock,
		stateConfiguration: readStateConfiguration(node, itemIndex, options),
	};
}

export const testState: Operation<TestStateInput> = {
	action: 'TestState',
	description,
	buildRequest,
	async send(session, input, item) {
		// A mocked state calls nothing, so a repeat after a lost answer is harmless. Otherwise unrepeatable: an
		// unmocked Task really calls its service or HTTP endpoint (a payment, an e-mail), so an attempt whose
		// answer was lost is not sent again (throttled or never-sent attempts still are).
		const tested = input.mock
			? await session.call('TestState', input)
			: await sendOnce(session, session.callUnrepeatable('TestState', input), item, {
					action: 'TestState',
					mayHave: 'the state may have run and called its service for real',
					whyNotRepeated: 'because a state that is not mocked calls its service or HTTP endpoint each time it runs',
					check: 'Before running this item again, check whether the service the state calls received the call, or mock the state.',
				});
		const answer = toItemJson(tested, ['output']);
		if (answer.inspectionData) answer.inspectionData = toItemJson(answer.inspectionData as IDataObject, INSPECTION_JSON_FIELDS);
		return answer;
	},
};
