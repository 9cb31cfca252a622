import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { activityProperties } from './activity';
import { executionProperties } from './execution';
import { stateMachineProperties } from './stateMachine';
import { requestOptionsProperty } from './shared/requestOptions';
import { taskProperties } from './task';

const resourceProperties: INodeProperties[] = [
	...activityProperties,
	...executionProperties,
	...stateMachineProperties,
	...taskProperties,
];

/** Shows the chosen operation under the node, e.g. "Send Task Failure" or "Execution: Start". */
function operationSubtitle(): string {
	const names: Record<string, string> = {};
	for (const property of resourceProperties.filter((p) => p.name === 'operation')) {
		const resource = String(property.displayOptions?.show?.resource?.[0]);
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			names[`${resource}:${String(option.value)}`] = resource === 'task' ? option.name : `${RESOURCE_NAMES[resource]}: ${option.name}`;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

export const CREDENTIAL_TEST_METHOD = 'awsStepFunctionsApiTest';

const RESOURCE_NAMES: Record<string, string> = {
	activity: 'Activity',
	execution: 'Execution',
	stateMachine: 'State Machine',
	task: 'Task Callback',
};

export const description: INodeTypeDescription = {
	displayName: 'AWS Step Functions',
	name: 'awsStepFunctions',
	icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: operationSubtitle(),
	description: 'Answer task tokens, start and watch executions, and work activities of AWS Step Functions',
	defaults: { name: 'AWS Step Functions' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'awsStepFunctionsApi', required: true, testedBy: CREDENTIAL_TEST_METHOD }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: Object.entries(RESOURCE_NAMES).map(([value, name]) => ({ name, value })),
			default: 'task',
		},
		...resourceProperties,
		requestOptionsProperty,
	],
};
