import type { INode } from 'n8n-workflow';

import { invalidArnError } from '../errors/input';
import { assertWithinLimit, LIMITS } from './limits';
import { toText } from './text';

/**
 * The shapes of the ARNs the node sends, checked before sending so that a name or a URL pasted into an ARN
 * field is refused with a clear message instead of an InvalidArn from AWS. The account part accepts any
 * digits: AWS uses 12, emulators such as stepfunctions-local other counts.
 */
const ARN_PREFIX = '^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]+:';

export const ARN_PATTERNS = {
	stateMachine: {
		label: 'State Machine ARN',
		// A state machine, one of its versions (:3) or aliases (:prod)
		pattern: new RegExp(`${ARN_PREFIX}stateMachine:[^:\\s]+(:[^:\\s]+)?$`),
		example: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval',
	},
	execution: {
		label: 'Execution ARN',
		// Standard executions, and express executions as StartSyncExecution reports them
		pattern: new RegExp(`${ARN_PREFIX}(execution|express):[^:\\s]+:[^:\\s]+(:[^:\\s]+)?$`),
		example: 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-1001',
	},
	activity: {
		label: 'Activity ARN',
		pattern: new RegExp(`${ARN_PREFIX}activity:[^:\\s]+$`),
		example: 'arn:aws:states:us-east-1:123456789012:activity:ApproveOrder',
	},
} as const;

export type ArnKind = keyof typeof ARN_PATTERNS;

/** Trims the ARN and checks its length and shape; throws a NodeOperationError naming the item. */
export function checkArn(node: INode, itemIndex: number, kind: ArnKind, value: unknown): string {
	const { label, pattern, example } = ARN_PATTERNS[kind];
	const arn = toText(node, itemIndex, label, value).trim();
	assertWithinLimit(node, itemIndex, { ...LIMITS.arn, label }, arn);
	if (!pattern.test(arn)) throw invalidArnError(node, itemIndex, label, arn, example);
	return arn;
}
