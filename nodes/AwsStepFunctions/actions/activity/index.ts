import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import { getTask } from './getTask.operation';
import { list } from './list.operation';

export const activityOperations = { getTask, list } as unknown as Record<string, Operation>;

export const activityProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activity'] } },
		options: [
			{ name: 'Get Task', value: 'getTask', description: 'Take the next task of an activity, with its token and input', action: 'Get an activity task' },
			{ name: 'List', value: 'list', description: 'List the activities of the region', action: 'List activities' },
		],
		default: 'getTask',
	},
	...Object.values(activityOperations).flatMap((operation) => operation.description),
];
