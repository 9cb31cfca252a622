import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { readText } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import { workerNameProperty } from '../../../shared/workerName';
import type { ResourceReference } from '../../../shared/locators';

const show = { resource: ['activity'], operation: ['getTask'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('activity'),
	workerNameProperty,
	{
		displayName:
			'Waits up to 60 seconds for a task (a long poll). Answer the task with Send Task Success or Send Task Failure and the returned token.',
		name: 'getTaskNotice',
		type: 'notice',
		default: '',
	},
]);

export interface GetTaskRequest {
	activity: ResourceReference;
	workerName?: string;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): GetTaskRequest {
	const workerName = readText(this, itemIndex, 'workerName', LIMITS.workerName.label).trim();
	if (workerName) assertWithinLimit(this.getNode(), itemIndex, LIMITS.workerName, workerName);
	return { activity: readReference(this, itemIndex, 'activity'), ...(workerName ? { workerName } : {}) };
}

export const getTask: Operation<GetTaskRequest> = {
	action: 'GetActivityTask',
	longPoll: true,
	description,
	buildRequest,
	async send(session, request, item) {
		const activityArn = await resolveArn(session, request.activity, item);
		const task = await session.call('GetActivityTask', { activityArn, workerName: request.workerName },
		);
		// No task within the long poll is a normal answer, not an error: the item says so.
		if (!task.taskToken) return { hasTask: false, activityArn, message: 'No task was waiting for this activity' };
		return { hasTask: true, activityArn, ...toItemJson(task, ['input']) };
	},
};
