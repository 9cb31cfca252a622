import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';

function buildRequest(this: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readReference(this, itemIndex, 'activity');
}

export const describe: Operation<ResourceReference> = {
	action: 'DescribeActivity',
	description: updateDisplayOptions({ show: { resource: ['activity'], operation: ['describe'] } }, [locatorProperty('activity')]),
	buildRequest,
	async send(session, reference, item) {
		const activityArn = await resolveArn(session, reference, item);
		return toItemJson(await session.call('DescribeActivity', { activityArn }));
	},
};
