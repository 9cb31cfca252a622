import type { SendTaskSuccessCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { readTaskToken, taskTokenProperty } from './taskToken';

const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['task'], operation: ['sendTaskSuccess'] } }, [
	taskTokenProperty(),
	{
		displayName: 'Output',
		name: 'output',
		type: 'json',
		required: true,
		default: '{}',
		description:
			'What the task returns to the state machine: JSON text, or an expression that gives an object. At most 262,144 bytes.',
	},
]);

function buildRequest(this: IExecuteFunctions, itemIndex: number): SendTaskSuccessCommandInput {
	const node = this.getNode();
	const taskToken = readTaskToken.call(this, itemIndex);
	const output = toJsonText(node, itemIndex, LIMITS.output.label, this.getNodeParameter('output', itemIndex));
	assertWithinLimit(node, itemIndex, LIMITS.output, output);
	return { taskToken, output };
}

export const sendTaskSuccess: Operation<SendTaskSuccessCommandInput> = {
	action: 'SendTaskSuccess',
	oneRequestPerItem: true,
	description,
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('SendTaskSuccess', request));
	},
};
