import type { SendTaskHeartbeatCommandInput } from '@aws-sdk/client-sfn';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../helpers/itemJson';
import type { Operation } from '../operation';
import { readTaskToken, taskTokenProperty } from './taskToken';

function buildRequest(this: IExecuteFunctions, itemIndex: number): SendTaskHeartbeatCommandInput {
	return { taskToken: readTaskToken.call(this, itemIndex) };
}

export const sendTaskHeartbeat: Operation<SendTaskHeartbeatCommandInput> = {
	action: 'SendTaskHeartbeat',
	oneRequestPerItem: true,
	description: [taskTokenProperty('sendTaskHeartbeat')],
	buildRequest,
	async send({ send, sdk }, request) {
		return toItemJson(await send(new sdk.SendTaskHeartbeatCommand(request)));
	},
};
