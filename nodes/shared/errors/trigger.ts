import { NodeOperationError } from 'n8n-workflow';
import type { INode, NodeApiError } from 'n8n-workflow';

import { shownNumber } from './input';

/**
 * The triggers' own wording: what an activity worker tells Step Functions when it hands a task back, and
 * what the triggers report when activation or polling cannot go on. A trigger has no items, so none is named.
 */

/** The error name a stopping activity worker fails its task with, so a state machine's Retry can catch it. */
export const WORKER_STOPPED_ERROR = 'n8n.WorkerStopped';

export const WORKER_STOPPED_CAUSE =
	'The n8n activity worker was stopping (workflow deactivated or n8n shutting down) when it received this task, so it did not start work on it. Retry the state on this error to hand the task to another worker.';

/** The cause a task is handed back with when n8n refused to start its workflow execution: no work was done. */
export const NOT_STARTED_CAUSE =
	'The n8n activity worker received this task but n8n could not start a workflow execution for it, so no work was done. Retry the state on this error to hand the task to another worker.';

/** The activity a worker trigger polls was deleted (or never existed): the trigger stops, polling would only fail. */
export function activityGoneError(node: INode, activityArn: string, region: string): NodeOperationError {
	return new NodeOperationError(node, `The activity ${activityArn} does not exist: the trigger stopped polling it`, {
		description: `No activity has this ARN in the credential's account and region (${region}); it was deleted, or the ARN or region is wrong. Create the activity again (same name, same ARN) or choose another one, then activate the workflow again.`,
	});
}

/** A poll of a trigger failed and will be tried again after a pause; says how long, and how often it failed. */
export function pollFailedError(error: NodeApiError | NodeOperationError, failures: number, retryInMs: number): NodeApiError | NodeOperationError {
	const seconds = Math.max(1, Math.round(retryInMs / 1000));
	const streak = failures > 1 ? `${failures} polls in a row failed. ` : '';
	error.description = `${error.description ?? ''} ${streak}The trigger keeps polling and tries again in ${seconds} s (pauses grow up to a minute while the error lasts).`.trim();
	return error;
}

/** The manual test of the status trigger found no execution to show. */
export function noMatchingExecutionError(node: INode, statuses: readonly string[]): NodeOperationError {
	return new NodeOperationError(node, `No execution of this state machine has ended ${statuses.join(', ')} yet`, {
		description: 'The test shows the newest matching execution. Run the state machine until one ends with a chosen status, or choose other statuses.',
	});
}

/** No status chosen: the trigger would never fire. */
export function noStatusChosenError(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'Choose at least one status for "Statuses"', {
		description: 'The trigger fires for executions that end with one of the chosen statuses.',
	});
}

/** A trigger parameter outside its range: the workflow must be activated again once it is corrected. */
export function triggerNumberError(node: INode, label: string, value: unknown, min: number, max: number): NodeOperationError {
	return new NodeOperationError(node, `"${label}" must be a whole number from ${min} to ${max}, not ${shownNumber(value)}`, {
		description: `Correct "${label}" and activate the workflow again.`,
	});
}
