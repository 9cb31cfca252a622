import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { sendTaskFailure } from './sendTaskFailure.operation';
import { sendTaskHeartbeat } from './sendTaskHeartbeat.operation';
import { sendTaskSuccess } from './sendTaskSuccess.operation';

export const taskOperations = { sendTaskFailure, sendTaskSuccess, sendTaskHeartbeat } satisfies Record<string, Operation>;

export const taskProperties = resourceProperties(
	'task',
	[
		{
			name: 'Send Task Failure',
			value: 'sendTaskFailure',
			description: 'Report that the task of a token failed, with an error name and a cause (SendTaskFailure)',
			action: 'Send task failure',
		},
		{
			name: 'Send Task Heartbeat',
			value: 'sendTaskHeartbeat',
			description: 'Report that the task of a token is still being worked on (SendTaskHeartbeat)',
			action: 'Send task heartbeat',
		},
		{
			name: 'Send Task Success',
			value: 'sendTaskSuccess',
			description: 'Report that the task of a token succeeded, with its JSON output (SendTaskSuccess)',
			action: 'Send task success',
		},
	],
	'sendTaskFailure',
	taskOperations,
);
