import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { readText } from '../../../shared/helpers/text';

/** The Task Token parameter, shared by the three task callbacks. */
export function taskTokenProperty(): INodeProperties {
	return {
		displayName: 'Task Token',
		name: 'taskToken',
		// Not masked: tokens arrive through expressions, and a person debugging must see which one was sent.
		// eslint-disable-next-line n8n-nodes-base/node-param-type-options-password-missing
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.taskToken }}',
		description:
			'The token of the task to answer. A .waitForTaskToken state passes it in its payload as $$.Task.Token; an activity worker gets it from Get Activity Task.',
		hint: 'A token is single-use: once the task got Send Task Success or Send Task Failure, it is spent',
	};
}

/** Reads and checks the item's token. Whitespace around it comes from copying and is never part of a token. */
export function readTaskToken(this: IExecuteFunctions, itemIndex: number): string {
	const taskToken = readText(this, itemIndex, 'taskToken', LIMITS.taskToken.label).trim();
	assertWithinLimit(this.getNode(), itemIndex, LIMITS.taskToken, taskToken);
	return taskToken;
}
