import type { IExecuteFunctions } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { readReference } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';

/** A state machine's own ARN: no version number or alias after its name. */
const UNQUALIFIED = /:stateMachine:[^:\s]+$/;

/**
 * The State Machine locator for operations on the state machine itself (Update, Delete, tags): the locator
 * also accepts version and alias ARNs, which these actions refuse (ValidationException, or the whole machine
 * deleted when a version was meant), so a qualified ARN is refused before sending. A name always resolves
 * to the state machine's own ARN.
 */
export function readUnqualifiedStateMachine(ctx: IExecuteFunctions, itemIndex: number): ResourceReference {
	const reference = readReference(ctx, itemIndex, 'stateMachine');
	if (reference.arn && !UNQUALIFIED.test(reference.arn)) {
		throw refusedValueError(
			ctx.getNode(),
			itemIndex,
			'State Machine',
			`"${reference.arn}" is a version or alias ARN`,
			'This operation works on the state machine itself: give its ARN without the ":<version>" or ":<alias>" ending. Versions and aliases have operations of their own.',
		);
	}
	return reference;
}
