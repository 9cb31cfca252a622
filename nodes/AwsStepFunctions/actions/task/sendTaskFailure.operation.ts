import type { SendTaskFailureCommandInput } from '@aws-sdk/client-sfn';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertWithinLimit, LIMITS } from '../../helpers/limits';
import { responseJson } from '../../transport/sfnClient';
import type { Operation } from '../operation';
import { readTaskToken, taskTokenProperty } from './taskToken';

const show = { resource: ['task'], operation: ['sendTaskFailure'] };

const description: INodeProperties[] = [
	taskTokenProperty('sendTaskFailure'),
	{
		displayName: 'Error',
		name: 'error',
		type: 'string',
		default: '',
		placeholder: 'e.g. Approval.Rejected',
		description:
			"Error name the state machine's Catch and Retry rules match on, up to 256 characters. Leave empty to send none.",
		displayOptions: { show },
	},
	{
		displayName: 'Cause',
		name: 'cause',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Rejected by the finance team',
		description: 'Details for people reading the execution, up to 32,768 characters. Leave empty to send none.',
		hint: 'With Error and Cause both empty, failing a task of a KMS-encrypted state machine needs no KMS permission',
		displayOptions: { show },
	},
];

function buildRequest(this: IExecuteFunctions, itemIndex: number): SendTaskFailureCommandInput {
	const node = this.getNode();
	const request: SendTaskFailureCommandInput = { taskToken: readTaskToken.call(this, itemIndex) };
	const error = String(this.getNodeParameter('error', itemIndex, ''));
	const cause = String(this.getNodeParameter('cause', itemIndex, ''));
	// Blank fields are left out rather than sent empty: a request without error and cause needs no KMS access.
	if (error !== '') {
		assertWithinLimit(node, itemIndex, LIMITS.error, error);
		request.error = error;
	}
	if (cause !== '') {
		assertWithinLimit(node, itemIndex, LIMITS.cause, cause);
		request.cause = cause;
	}
	return request;
}

export const sendTaskFailure: Operation<SendTaskFailureCommandInput> = {
	action: 'SendTaskFailure',
	description,
	buildRequest,
	async send({ client, sdk }, request) {
		return responseJson(await client.send(new sdk.SendTaskFailureCommand(request)));
	},
};
