import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { deleteOnce, pickerStateMachineProperty } from '../shared/versionOrAliasFields';

export const deleteAlias: Operation<ResourceReference> = {
	action: 'DeleteStateMachineAlias',
	description: updateDisplayOptions({ show: { resource: ['stateMachineAlias'], operation: ['delete'] } }, [
		pickerStateMachineProperty('aliases'),
		locatorProperty('stateMachineAlias', {
			description: 'The alias to delete permanently. Its versions stay; executions started through it keep running.',
		}),
	]),
	buildRequest(this: IExecuteFunctions, itemIndex: number) {
		return readReference(this, itemIndex, 'stateMachineAlias');
	},
	async send(session, alias, item) {
		const stateMachineAliasArn = await resolveArn(session, alias, item);
		await deleteOnce(() => session.call('DeleteStateMachineAlias', { stateMachineAliasArn }));
		return { deleted: true, stateMachineAliasArn };
	},
};
