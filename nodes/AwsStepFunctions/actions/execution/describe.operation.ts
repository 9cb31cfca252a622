import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { executionArnProperty, readExecutionArn } from '../shared/executionArn';

function buildRequest(this: IExecuteFunctions, itemIndex: number) {
	return { executionArn: readExecutionArn(this, itemIndex) };
}

export const describe: Operation<{ executionArn: string }> = {
	action: 'DescribeExecution',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show: { resource: ['execution'], operation: ['describe'] } }, [executionArnProperty()]),
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('DescribeExecution', request), ['input', 'output']);
	},
};
