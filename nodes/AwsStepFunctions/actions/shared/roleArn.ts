import type { INode, INodeProperties } from 'n8n-workflow';

import { invalidArnError } from '../../../shared/errors/input';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';

/**
 * IAM role ARNs: the service model only bounds their length, and AWS answers a malformed one with a late
 * InvalidArn or ValidationException; checked here so a role name or a policy ARN pasted in is refused at once.
 * Any digits for the account, as emulators use other counts than AWS's 12; a path may precede the role name.
 */
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::[0-9]+:role\/[\w+=,.@/-]+$/;
const ROLE_ARN_EXAMPLE = 'arn:aws:iam::123456789012:role/StepFunctionsExecutionRole';

export function roleArnProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Role ARN',
		name: 'roleArn',
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${ROLE_ARN_EXAMPLE}`,
		description: 'The IAM role Step Functions assumes to run the state machine (it needs the permissions its states use)',
		...overrides,
	};
}

/** The role ARN trimmed and checked (length, IAM role shape); '' when optional and left empty. */
export function checkRoleArn(node: INode, itemIndex: number, value: unknown, optional = false): string {
	const roleArn = toText(node, itemIndex, LIMITS.roleArn.label, value).trim();
	if (optional && roleArn === '') return '';
	assertWithinLimit(node, itemIndex, LIMITS.roleArn, roleArn);
	if (!ROLE_ARN_PATTERN.test(roleArn)) throw invalidArnError(node, itemIndex, 'IAM Role ARN', roleArn, ROLE_ARN_EXAMPLE);
	return roleArn;
}
