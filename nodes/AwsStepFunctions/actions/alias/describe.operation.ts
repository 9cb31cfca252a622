import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { pickerStateMachineProperty } from '../shared/versionOrAliasFields';

export const describe: Operation<ResourceReference> = {
	action: 'DescribeStateMachineAlias',
	description: updateDisplayOptions({ show: { resource: ['stateMachineAlias'], operation: ['describe'] } }, [
		pickerStateMachineProperty('aliases'),
		locatorProperty('stateMachineAlias'),
	]),
	buildRequest(this: IExecuteFunctions, itemIndex: number) {
		return readReference(this, itemIndex, 'stateMachineAlias');
	},
	async send(session, alias, item) {
		const stateMachineAliasArn = await resolveArn(session, alias, item);
		return toItemJson(await session.call('DescribeStateMachineAlias', { stateMachineAliasArn }));
	},
};
