import type { DescribeStateMachineForExecutionInput, IncludedData } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { readChoice } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { executionArnProperty, readExecutionArn } from '../shared/executionArn';

const show = { resource: ['stateMachine'], operation: ['describeForExecution'] };
const INCLUDED_DATA: readonly IncludedData[] = ['ALL_DATA', 'METADATA_ONLY'];

function buildRequest(this: IExecuteFunctions, itemIndex: number): DescribeStateMachineForExecutionInput {
	return {
		executionArn: readExecutionArn(this, itemIndex),
		includedData: readChoice(this, itemIndex, 'includedData', 'Included Data', INCLUDED_DATA, 'ALL_DATA'),
	};
}

export const describeForExecution: Operation<DescribeStateMachineForExecutionInput> = {
	action: 'DescribeStateMachineForExecution',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show }, [
		executionArnProperty(),
		{
			displayName: 'Included Data',
			name: 'includedData',
			type: 'options',
			options: [
				{ name: 'All Data', value: 'ALL_DATA', description: 'The definition and everything else' },
				{ name: 'Metadata Only', value: 'METADATA_ONLY', description: 'Without the definition: needs no KMS permission on an encrypted state machine' },
			],
			default: 'ALL_DATA',
		},
	]),
	buildRequest,
	async send({ call }, input) {
		// The definition, role and settings this execution ran with (a later update does not change them).
		return toItemJson(await call('DescribeStateMachineForExecution', input), ['definition']);
	},
};
