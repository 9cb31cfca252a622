import type { SendTaskHeartbeatCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { readTaskToken, taskTokenProperty } from './taskToken';

function buildRequest(this: IExecuteFunctions, itemIndex: number): SendTaskHeartbeatCommandInput {
	return { taskToken: readTaskToken.call(this, itemIndex) };
}

export const sendTaskHeartbeat: Operation<SendTaskHeartbeatCommandInput> = {
	action: 'SendTaskHeartbeat',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show: { resource: ['task'], operation: ['sendTaskHeartbeat'] } }, [taskTokenProperty()]),
	buildRequest,
	async send({ call }, request) {
		return toItemJson(await call('SendTaskHeartbeat', request));
	},
};
