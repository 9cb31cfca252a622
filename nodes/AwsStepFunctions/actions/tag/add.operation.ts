import type { Tag } from '@aws-sdk/client-sfn';
import type { IExecuteFunctions } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { readTags, tagsProperty } from '../shared/tags';
import { readTaggedResource, taggedResourceProperties } from './taggedResource';

const show = { resource: ['tag'], operation: ['add'] };

export interface AddTagsRequest {
	resource: ResourceReference;
	tags: Tag[];
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): AddTagsRequest {
	const node = this.getNode();
	const tags = readTags(node, itemIndex, this.getNodeParameter('tags', itemIndex, {}));
	if (!tags.length) throw refusedValueError(node, itemIndex, 'Tags', 'is empty', 'Add at least one tag.');
	return { resource: readTaggedResource(this, itemIndex), tags };
}

export const add: Operation<AddTagsRequest> = {
	action: 'TagResource',
	description: [
		...taggedResourceProperties(show),
		tagsProperty({
			required: true,
			displayOptions: { show },
			description: 'The tags to add; a key the resource already has gets the new value. At most 50 tags per resource in all.',
		}),
	],
	buildRequest,
	async send(session, { resource, tags }, item) {
		const resourceArn = await resolveArn(session, resource, item);
		// Repeatable: setting the same tags again changes nothing.
		await session.call('TagResource', { resourceArn, tags });
		return { resourceArn, tagsAdded: tags.map((tag) => ({ key: tag.key, value: tag.value })) };
	},
};
