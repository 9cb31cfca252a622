import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { readTagKeys, tagKeysProperty } from '../shared/tags';
import { readTaggedResource, taggedResourceProperties } from './taggedResource';

const show = { resource: ['tag'], operation: ['remove'] };

export interface RemoveTagsRequest {
	resource: ResourceReference;
	tagKeys: string[];
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): RemoveTagsRequest {
	const node = this.getNode();
	const tagKeys = readTagKeys(node, itemIndex, this.getNodeParameter('tagKeys', itemIndex, {}));
	if (!tagKeys.length) throw refusedValueError(node, itemIndex, 'Tag Keys', 'is empty', 'Add the key of at least one tag to remove.');
	return { resource: readTaggedResource(this, itemIndex), tagKeys };
}

export const remove: Operation<RemoveTagsRequest> = {
	action: 'UntagResource',
	description: [...taggedResourceProperties(show), ...updateDisplayOptions({ show }, [tagKeysProperty()])],
	buildRequest,
	async send(session, { resource, tagKeys }, item) {
		const resourceArn = await resolveArn(session, resource, item);
		// Repeatable: removing tags that are already gone changes nothing.
		await session.call('UntagResource', { resourceArn, tagKeys });
		return { resourceArn, tagKeysRemoved: tagKeys };
	},
};
