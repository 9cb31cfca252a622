import type { IExecuteFunctions } from 'n8n-workflow';

import { resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { readTaggedResource, taggedResourceProperties } from './taggedResource';

function buildRequest(this: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readTaggedResource(this, itemIndex);
}

/** One item per tag, as n8n's Get Many operations return entries; a resource without tags gives no item. */
export const list: Operation<ResourceReference> = {
	action: 'ListTagsForResource',
	description: taggedResourceProperties({ resource: ['tag'], operation: ['list'] }),
	buildRequest,
	async send(session, reference, item) {
		const resourceArn = await resolveArn(session, reference, item);
		const { tags } = await session.call('ListTagsForResource', { resourceArn });
		return (tags ?? []).map((tag) => ({ key: tag.key ?? '', value: tag.value ?? '', resourceArn }));
	},
};
