import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { taskOperationProperty, taskProperties } from './task';

/** Shows the chosen operation's display name under the node, e.g. "Send Task Failure". */
function operationSubtitle(operationProperties: INodeProperties[]): string {
	const names: Record<string, string> = {};
	for (const property of operationProperties) {
		for (const option of property.options ?? []) {
			if ('value' in option) names[String(option.value)] = option.name;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["operation"]] }}`;
}

export const CREDENTIAL_TEST_METHOD = 'awsStepFunctionsApiTest';

export const description: INodeTypeDescription = {
	displayName: 'AWS Step Functions',
	name: 'awsStepFunctions',
	icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: operationSubtitle([taskOperationProperty]),
	description: 'Answer AWS Step Functions task tokens: report success, failure or a heartbeat',
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
			options: [{ name: 'Task Callback', value: 'task' }],
			default: 'task',
		},
		...taskProperties,
	],
};
