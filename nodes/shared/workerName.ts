import type { INodeProperties } from 'n8n-workflow';

/** The worker name an activity task is taken under (Get Task and the Activity Trigger), up to LIMITS.workerName. */
export const workerNameProperty: INodeProperties = {
	displayName: 'Worker Name',
	name: 'workerName',
	type: 'string',
	default: 'n8n',
	description: "Shown in the execution's history as the worker that took the task, up to 80 characters",
};
