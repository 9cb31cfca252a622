import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ARN_PATTERNS, checkArn } from '../../../shared/helpers/arn';

/** The Execution ARN parameter of the operations on one execution. */
export function executionArnProperty(): INodeProperties {
	return {
		displayName: 'Execution ARN',
		name: 'executionArn',
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${ARN_PATTERNS.execution.example}`,
		description: 'The ARN of the execution, as Start Execution or List returned it in executionArn',
	};
}

export function readExecutionArn(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkArn(ctx.getNode(), itemIndex, 'execution', ctx.getNodeParameter('executionArn', itemIndex, ''));
}
