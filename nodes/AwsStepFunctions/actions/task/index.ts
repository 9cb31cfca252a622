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
			description: 'Fail the waiting task of a task token, with an error name (matched by Catch and Retry) and a cause; returns an empty object (SendTaskFailure)',
			action: 'Fail a waiting task by its task token',
		},
		{
			name: 'Send Task Heartbeat',
			value: 'sendTaskHeartbeat',
			description: 'Tell Step Functions that the task of a task token is still being worked on, restarting its heartbeat timeout; returns an empty object (SendTaskHeartbeat)',
			action: 'Keep a waiting task alive by its task token',
		},
		{
			name: 'Send Task Success',
			value: 'sendTaskSuccess',
			description: 'Complete the waiting task of a task token with its JSON output, so the execution goes on; returns an empty object (SendTaskSuccess)',
			action: 'Complete a waiting task with JSON output by its token',
		},
	],
	'sendTaskFailure',
	taskOperations,
);
