import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';

function buildRequest(this: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readReference(this, itemIndex, 'stateMachine');
}

export const describe: Operation<ResourceReference> = {
	action: 'DescribeStateMachine',
	description: updateDisplayOptions({ show: { resource: ['stateMachine'], operation: ['describe'] } }, [locatorProperty('stateMachine')]),
	buildRequest,
	async send(session, reference, item) {
		const stateMachineArn = await resolveArn(session, reference, item);
		const machine = await session.call('DescribeStateMachine', { stateMachineArn });
		return toItemJson(machine, ['definition']);
	},
};
