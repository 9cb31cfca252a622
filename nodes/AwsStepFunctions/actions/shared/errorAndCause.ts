import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { readText } from '../../../shared/helpers/text';

/** Error and Cause, as Send Task Failure and Stop Execution report them. */
export function errorAndCauseProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Error',
			name: 'error',
			type: 'string',
			default: '',
			placeholder: 'e.g. Approval.Rejected',
			description:
				"Error name the state machine's Catch and Retry rules match on, up to 256 characters. Leave empty to send none.",
		},
		{
			displayName: 'Cause',
			name: 'cause',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. Rejected by the finance team',
			description: 'Details for people reading the execution, up to 32,768 characters. Leave empty to send none.',
			hint: 'With Error and Cause both empty, a KMS-encrypted state machine needs no KMS permission for this call',
		},
	];
}

/**
 * Reads Error and Cause. Blank fields are left out rather than sent empty: a request without them needs no
 * KMS access on an encrypted state machine.
 */
export function readErrorAndCause(ctx: IExecuteFunctions, itemIndex: number): { error?: string; cause?: string } {
	const node = ctx.getNode();
	const fields: { error?: string; cause?: string } = {};
	const error = readText(ctx, itemIndex, 'error', LIMITS.error.label);
	const cause = readText(ctx, itemIndex, 'cause', LIMITS.cause.label);
	if (error !== '') {
		assertWithinLimit(node, itemIndex, LIMITS.error, error);
		fields.error = error;
	}
	if (cause !== '') {
		assertWithinLimit(node, itemIndex, LIMITS.cause, cause);
		fields.cause = cause;
	}
	return fields;
}
