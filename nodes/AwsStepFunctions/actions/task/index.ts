import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import { sendTaskFailure } from './sendTaskFailure.operation';
import { sendTaskHeartbeat } from './sendTaskHeartbeat.operation';
import { sendTaskSuccess } from './sendTaskSuccess.operation';

export const taskOperations: Record<string, Operation> = {
	sendTaskFailure,
	sendTaskSuccess,
	sendTaskHeartbeat,
} as Record<string, Operation>;

const taskOperationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['task'] } },
	options: [
		{
			name: 'Send Task Failure',
			value: 'sendTaskFailure',
			description: 'Report that the task of a token failed, with an error name and a cause',
			action: 'Send task failure',
		},
		{
			name: 'Send Task Heartbeat',
			value: 'sendTaskHeartbeat',
			description: 'Report that the task of a token is still being worked on',
			action: 'Send task heartbeat',
		},
		{
			name: 'Send Task Success',
			value: 'sendTaskSuccess',
			description: 'Report that the task of a token succeeded, with its JSON output',
			action: 'Send task success',
		},
	],
	default: 'sendTaskFailure',
};

export const taskProperties: INodeProperties[] = [
	taskOperationProperty,
	...Object.values(taskOperations).flatMap((operation) => operation.description),
];
