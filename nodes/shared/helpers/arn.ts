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
	stateMachineVersion: {
		label: 'State Machine Version ARN',
		// The state machine's ARN and the version number
		pattern: new RegExp(`${ARN_PREFIX}stateMachine:[^:\\s]+:[0-9]+$`),
		example: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval:3',
	},
	stateMachineAlias: {
		label: 'State Machine Alias ARN',
		// An alias name always holds a non-digit, which tells it from a version number
		pattern: new RegExp(`${ARN_PREFIX}stateMachine:[^:\\s]+:(?=[^:\\s]*[a-zA-Z_.-])[a-zA-Z0-9_.-]+$`),
		example: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval:prod',
	},
	mapRun: {
		label: 'Map Run ARN',
		// mapRun:<state machine>/<Map state label>:<run id>
		pattern: new RegExp(`${ARN_PREFIX}mapRun:[^:\\s]+/[^:\\s]+:[^:\\s]+$`),
		example: 'arn:aws:states:us-east-1:123456789012:mapRun:OrderBatch/ProcessOrders:0f3a3e6c-8d2b-3c6c-a1d4-5b8e6f0c2a11',
	},
	taggable: {
		label: 'State Machine or Activity ARN',
		// Tags belong to a state machine (not a version or alias) or an activity
		pattern: new RegExp(`${ARN_PREFIX}(stateMachine|activity):[^:\\s]+$`),
		example: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval',
	},
} as const;

export type ArnKind = keyof typeof ARN_PATTERNS;

/** Trims the ARN and checks its length and shape; throws a NodeOperationError naming the item. */
export function checkArn(node: INode, itemIndex: number, kind: ArnKind, value: unknown): string {
	const { label, pattern, example } = ARN_PATTERNS[kind];
	const arn = toText(node, itemIndex, label, value).trim();
	// Version and Map Run ARNs may be up to 2000 characters (LongArn), the others 256 (Arn)
	const limit = kind === 'stateMachineVersion' || kind === 'mapRun' ? LIMITS.longArn : LIMITS.arn;
	assertWithinLimit(node, itemIndex, { ...limit, label }, arn);
	if (!pattern.test(arn)) throw invalidArnError(node, itemIndex, label, arn, example);
	return arn;
}
