import { NodeOperationError } from 'n8n-workflow';

import { AwsError } from '../../../shared/aws/awsError';
import { mayRepeat } from '../../../shared/aws/retry';
import { settle } from '../../../shared/helpers/settle';
import type { SfnSession } from '../../../shared/aws/session';
import type { ItemContext } from '../operation';

/** What an unrepeatable send may have done, and how the user finds out before running the item again. */
export interface SendOnceEffect {
	action: 'UpdateStateMachine' | 'TestState';
	mayHave: string;
	whyNotRepeated: string;
	check: string;
}

/**
 * An unrepeatable send (callUnrepeatable) whose answer was lost: a reset, a timeout or a server fault after
 * the request left. A repeatable send would have been tried again; this one was not, and AWS may have acted.
 * The transport's wording for such failures says the node retried and to try again, which here is neither
 * true nor safe: the item says what may have happened and what to check first.
 */
export async function sendOnce<T>(session: SfnSession, sending: Promise<T>, item: ItemContext, effect: SendOnceEffect): Promise<T> {
	const outcome = await settle(sending);
	if (outcome.ok) return outcome.value;
	const { error } = outcome;
	// Repeated for a repeatable send but not for this one: the outcome is unknown.
	if (!(error instanceof AwsError) || !mayRepeat(error, false) || mayRepeat(error, true)) throw error;
	// The code stays out of the message: n8n replaces a message naming ECONNRESET or ETIMEDOUT with its own.
	throw new NodeOperationError(item.node, `Item ${item.itemIndex}: no answer said whether ${effect.action} was carried out; ${effect.mayHave}`, {
		itemIndex: item.itemIndex,
		description: session.scrub(
			`The request left for ${session.endpoint}, but the connection failed or the server faulted before answering (error ${error.code}). It was sent once and not repeated, ${effect.whyNotRepeated}. ${effect.check}`,
		),
	});
}
