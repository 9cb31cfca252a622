import type { CreateActivityInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import type { Operation } from '../operation';
import { encryptionProperty, readEncryption } from '../shared/encryption';
import { optionsCollection } from '../shared/optionsCollection';
import { readResourceName, resourceNameProperty } from '../shared/resourceName';
import { readTags, tagsProperty } from '../shared/tags';

const show = { resource: ['activity'], operation: ['create'] };

function buildRequest(this: IExecuteFunctions, itemIndex: number): CreateActivityInput {
	const node = this.getNode();
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const tags = readTags(node, itemIndex, options.tags);
	return {
		name: readResourceName(this, itemIndex),
		...(tags.length ? { tags } : {}),
		encryptionConfiguration: readEncryption(node, itemIndex, options.encryption),
	};
}

export const create: Operation<CreateActivityInput> = {
	action: 'CreateActivity',
	oneRequestPerItem: true,
	description: updateDisplayOptions({ show }, [resourceNameProperty('activity', 'ApproveOrder'), optionsCollection([encryptionProperty(), tagsProperty()])]),
	buildRequest,
	async send({ call }, input) {
		// Repeatable: CreateActivity is idempotent by name (AWS API reference): a repeat returns the activity the
		// first attempt made, so a retry after a lost answer creates nothing twice.
		return toItemJson(await call('CreateActivity', input));
	},
};
