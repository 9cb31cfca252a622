import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { create } from './create.operation';
import { deleteActivity } from './delete.operation';
import { describe } from './describe.operation';
import { getTask } from './getTask.operation';
import { list } from './list.operation';

export const activityOperations = { create, delete: deleteActivity, describe, getTask, list } satisfies Record<string, Operation>;

export const activityProperties = resourceProperties(
	'activity',
	[
		{
			name: 'Create',
			value: 'create',
			description: 'Create an activity for workers to take tasks from, from a name; returns its ARN (CreateActivity)',
			action: 'Create an activity by name',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Permanently delete an activity; its workers then get ActivityDoesNotExist (DeleteActivity)',
			action: 'Delete an activity permanently',
		},
		{ name: 'Get', value: 'describe', description: 'Get the name, creation date and encryption of an activity, from its ARN or name (DescribeActivity)', action: "Get an activity's name, date and encryption" },
		{ name: 'Get Many', value: 'list', description: "Get the activities of the credential's region, one item each with its name and ARN (ListActivities)", action: 'Get many activities of the region' },
		{ name: 'Get Task', value: 'getTask', description: 'Take the next task of an activity, waiting up to 60 s; returns its task token and input, or hasTask false (GetActivityTask)', action: "Get an activity's next task with its token and input" },
	],
	'getTask',
	activityOperations,
);
