import type { SendTaskFailureCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { errorAndCauseProperties, readErrorAndCause } from '../shared/errorAndCause';
import { readTaskToken, taskTokenProperty } from './taskToken';

function buildRequest(this: IExecuteFunctions, itemIndex: number): SendTaskFailureCommandInput {
	return { taskToken: readTaskToken.call(this, itemIndex), ...readErrorAndCause(this, itemIndex) };
}

export const sendTaskFailure: Operation<SendTaskFailureCommandInput> = {
	action: 'SendTaskFailure',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show: { resource: ['task'], operation: ['sendTaskFailure'] } }, [
		taskTokenProperty(),
		...errorAndCauseProperties(),
	]),
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('SendTaskFailure', request));
	},
};
