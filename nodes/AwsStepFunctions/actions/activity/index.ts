import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { getTask } from './getTask.operation';
import { list } from './list.operation';

export const activityOperations = { getTask, list } satisfies Record<string, Operation>;

export const activityProperties = resourceProperties(
	'activity',
	[
		{ name: 'Get Many', value: 'list', description: 'Get the activities of the region (ListActivities)', action: 'Get many activities' },
		{ name: 'Get Task', value: 'getTask', description: 'Take the next task of an activity, with its token and input (GetActivityTask)', action: 'Get an activity task' },
	],
	'getTask',
	activityOperations,
);
