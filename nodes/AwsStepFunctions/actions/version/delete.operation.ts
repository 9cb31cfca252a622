import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { deleteOnce, pickerStateMachineProperty } from '../shared/versionOrAliasFields';

export const deleteVersion: Operation<ResourceReference> = {
	action: 'DeleteStateMachineVersion',
	description: updateDisplayOptions({ show: { resource: ['stateMachineVersion'], operation: ['delete'] } }, [
		pickerStateMachineProperty('versions'),
		locatorProperty('stateMachineVersion', {
			description: 'The version to delete permanently. A version that an alias routes executions to cannot be deleted: update or delete the alias first.',
		}),
	]),
	buildRequest(this: IExecuteFunctions, itemIndex: number) {
		return readReference(this, itemIndex, 'stateMachineVersion');
	},
	async send(session, version, item) {
		const stateMachineVersionArn = await resolveArn(session, version, item);
		await deleteOnce(() => session.call('DeleteStateMachineVersion', { stateMachineVersionArn }));
		return { deleted: true, stateMachineVersionArn };
	},
};
