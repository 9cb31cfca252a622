import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeTypeDescription } from 'n8n-workflow';

import { taskProperties } from './task';

export const CREDENTIAL_TEST_METHOD = 'awsStepFunctionsApiTest';

export const description: INodeTypeDescription = {
	displayName: 'AWS Step Functions',
	name: 'awsStepFunctions',
	icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
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
