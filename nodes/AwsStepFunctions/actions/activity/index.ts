import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { getTask } from './getTask.operation';
import { list } from './list.operation';

export const activityOperations = { getTask, list } as unknown as Record<string, Operation>;

export const activityProperties = resourceProperties(
	'activity',
	[
		{ name: 'Get Task', value: 'getTask', description: 'Take the next task of an activity, with its token and input', action: 'Get an activity task' },
		{ name: 'List', value: 'list', description: 'List the activities of the region', action: 'List activities' },
	],
	'getTask',
	activityOperations,
);
