import type { ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionSeverity } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { NUMBER_RANGES, readInRange } from '../../../shared/helpers/limits';
import { readChoice } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { definitionProperty, readDefinition } from '../shared/definition';
import { stateMachineTypeProperty, STATE_MACHINE_TYPES } from './machineType';

const show = { resource: ['stateMachine'], operation: ['validateDefinition'] };
const SEVERITIES: readonly ValidateStateMachineDefinitionSeverity[] = ['ERROR', 'WARNING'];

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	definitionProperty(),
	stateMachineTypeProperty('The type of state machine the definition is meant for: Express machines allow fewer integrations'),
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'options',
		options: [
			{ name: 'Errors Only', value: 'ERROR', description: 'Only problems that would make Create or Update fail' },
			{ name: 'Errors and Warnings', value: 'WARNING', description: 'Also problems that may make executions fail' },
		],
		default: 'ERROR',
		description: 'The least severe diagnostics to return',
	},
	{
		displayName: 'Max Diagnostics',
		name: 'maxResults',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 100,
		description: 'How many diagnostics to return at most, 1-100; "truncated" is true when there were more',
	},
	{
		displayName:
			'Returns one item per definition: "result" is OK or FAIL, "diagnostics" lists each problem (severity, code, message, location). Use Split Out on "diagnostics" for one item per problem.',
		name: 'validateDefinitionNotice',
		type: 'notice',
		default: '',
	},
]);

function buildRequest(this: IExecuteFunctions, itemIndex: number): ValidateStateMachineDefinitionInput {
	const node = this.getNode();
	const maxResults = readInRange(node, itemIndex, NUMBER_RANGES.diagnosticsLimit, this.getNodeParameter('maxResults', itemIndex, 100));
	return {
		definition: readDefinition(node, itemIndex, this.getNodeParameter('definition', itemIndex, '')),
		type: readChoice(this, itemIndex, 'type', 'Type', STATE_MACHINE_TYPES, 'STANDARD'),
		severity: readChoice(this, itemIndex, 'severity', 'Severity', SEVERITIES, 'ERROR'),
		maxResults,
	};
}

/**
 * One item per definition, never one per diagnostic: a workflow that validates and then deploys on
 * result OK would otherwise run its deployment once per warning, and a clean definition would produce no item
 * at all and stop the workflow.
 */
export const validateDefinition: Operation<ValidateStateMachineDefinitionInput> = {
	action: 'ValidateStateMachineDefinition',
	oneRequestPerItem: true,
	description,
	buildRequest,
	async send({ call }, input) {
		const answer = toItemJson(await call('ValidateStateMachineDefinition', input));
		const diagnostics = (answer.diagnostics as IDataObject[] | undefined) ?? [];
		return { result: answer.result, truncated: answer.truncated === true, diagnosticCount: diagnostics.length, diagnostics };
	},
};
