import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * The run's own outcomes, which AWS did not refuse: the user cancelled, an execution ended badly or outlasted
 * the wait, a start's answer was lost, a listing never ended.
 */

export const CANCELLED_MESSAGE = 'The workflow run was cancelled';
export const CANCELLED_DESCRIPTION =
	'The node stopped sending when the run was cancelled. Requests already answered took effect in AWS; items not yet sent were not sent.';

/** The user cancelled the workflow run: never worded as a timeout. */
export function cancelledError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, CANCELLED_MESSAGE, { itemIndex, description: CANCELLED_DESCRIPTION });
}

/** A started execution that ended in FAILED, TIMED_OUT or ABORTED, with what Step Functions said about it. */
export function executionEndedError(
	node: INode,
	itemIndex: number,
	ended: { status: string; executionArn: string; error?: string; cause?: string },
): NodeOperationError {
	const reason = ended.error ? `: ${ended.error}` : '';
	const cause = ended.cause ? `Cause: ${ended.cause}. ` : '';
	return new NodeOperationError(node, `The execution ended ${ended.status}${reason}`, {
		itemIndex,
		description: `${cause}Execution: ${ended.executionArn}`,
	});
}

export function waitTimedOutError(node: INode, itemIndex: number, executionArn: string, seconds: number): NodeOperationError {
	return new NodeOperationError(node, `The execution is still running after ${seconds} seconds`, {
		itemIndex,
		description: `It goes on in Step Functions; this node stopped waiting. Follow it with Describe Execution: ${executionArn}. Raise "Max Wait (Seconds)" to wait longer.`,
	});
}

/** A start whose answer was lost, and whose execution the look-up could not confirm or rule out. */
export function lateStartError(node: INode, itemIndex: number, executionArn: string): NodeOperationError {
	return new NodeOperationError(node, 'Step Functions did not answer the start in time, and whether the execution started cannot be told', {
		itemIndex,
		description: `Look for the execution ${executionArn} (Get Execution, or the Step Functions console) before running this item again: a second start could run the work twice. Its name is the one this node chose for this item.`,
	});
}

/** A listing whose pages never end: the server repeated a page token, or sent more pages than any real listing has. */
export function endlessListingError(node: INode, itemIndex: number, action: string, reason: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: ${action} did not come to an end: ${reason}`, {
		itemIndex,
		description: `The node stopped following ${action}'s page tokens so that the run ends. Set a Limit, or check the endpoint: AWS never repeats a page token.`,
	});
}
