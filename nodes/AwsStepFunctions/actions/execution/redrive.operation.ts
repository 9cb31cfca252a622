import { createHash } from 'crypto';

import type { RedriveExecutionCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { optionsCollection } from '../shared/optionsCollection';
import { executionArnProperty, readExecutionArn } from '../shared/executionArn';

const show = { resource: ['execution'], operation: ['redrive'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	executionArnProperty(),
	optionsCollection([
		{
			displayName: 'Client Token',
			name: 'clientToken',
			// An idempotency key, masked as n8n's verification asks of every "token" field.
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Idempotency token, up to 64 characters: a repeated redrive with the same token does nothing. Empty: one made from this workflow run, node and item, so a retry of the item never redrives twice.',
		},
	]),
]);

function buildRequest(this: IExecuteFunctions, itemIndex: number): RedriveExecutionCommandInput {
	const executionArn = readExecutionArn(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { clientToken?: unknown };
	const clientToken = toText(this.getNode(), itemIndex, LIMITS.clientToken.label, options.clientToken);
	if (clientToken) {
		assertWithinLimit(this.getNode(), itemIndex, LIMITS.clientToken, clientToken);
		return { executionArn, clientToken };
	}
	// Same workflow run, node, item and execution -> same token (64 hex characters, the API's maximum).
	const identity = [this.getExecutionId(), this.getNode().id, itemIndex, executionArn].join('\n');
	return { executionArn, clientToken: createHash('sha256').update(identity).digest('hex') };
}

export const redrive: Operation<RedriveExecutionCommandInput> = {
	action: 'RedriveExecution',
	oneRequestPerItem: true,
	description,
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('RedriveExecution', request));
	},
};
