import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties, OPERATION_SUBTITLE } from './actions/node.description';
import { router } from './actions/router';
import { credentialTest, listSearch } from '../shared/methods';

export class AwsStepFunctions implements INodeType {
	// The description literal stays on the class, where n8n's community-node lint rules look for the icon,
	// the credential test and usableAsTool; the parameters are built in actions/.
	description: INodeTypeDescription = {
		displayName: 'AWS Step Functions',
		name: 'awsStepFunctions',
		icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
		group: ['output'],
		version: 1,
		// The chosen operation's display name, e.g. "Send Task Failure" or "Execution: Start"
		subtitle: OPERATION_SUBTITLE,
		// The AWS Step Functions Trigger carries the same description: n8n's nodes panel merges a trigger into the node
		// whose name it has without "Trigger" and shows the trigger's description on that entry.
		description: 'Answer task tokens, start and watch executions, and manage state machines and activities of AWS Step Functions',
		defaults: { name: 'AWS Step Functions' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' }],
		properties: nodeProperties,
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
