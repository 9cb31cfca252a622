import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { add } from './add.operation';
import { list } from './list.operation';
import { remove } from './remove.operation';

export const tagOperations = { add, list, remove } satisfies Record<string, Operation>;

export const tagProperties = resourceProperties(
	'tag',
	[
		{
			name: 'Add',
			value: 'add',
			description: 'Add tags (key and value) to a state machine or activity, replacing the values of keys it already has (TagResource)',
			action: 'Add tags to a state machine or activity',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the tags of a state machine or activity, one item per tag with its key and value (ListTagsForResource)',
			action: 'Get many tags of a state machine or activity',
		},
		{
			name: 'Remove',
			value: 'remove',
			description: 'Remove tags by key from a state machine or activity (UntagResource)',
			action: 'Remove tags by key from a state machine or activity',
		},
	],
	'list',
	tagOperations,
);
