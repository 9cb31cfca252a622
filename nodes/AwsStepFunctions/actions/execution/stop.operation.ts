import type { StopExecutionCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { errorAndCauseProperties, readErrorAndCause } from '../shared/errorAndCause';
import { executionArnProperty, readExecutionArn } from '../shared/executionArn';

const show = { resource: ['execution'], operation: ['stop'] };

function buildRequest(this: IExecuteFunctions, itemIndex: number): StopExecutionCommandInput {
	return { executionArn: readExecutionArn(this, itemIndex), ...readErrorAndCause(this, itemIndex) };
}

export const stop: Operation<StopExecutionCommandInput> = {
	action: 'StopExecution',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show }, [executionArnProperty(), ...errorAndCauseProperties()]),
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('StopExecution', request));
	},
};
