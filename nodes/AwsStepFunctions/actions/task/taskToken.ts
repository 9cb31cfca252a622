import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { readText } from '../../../shared/helpers/text';

/** The Task Token parameter, shared by the three task callbacks. */
export function taskTokenProperty(): INodeProperties {
	return {
		displayName: 'Task Token',
		name: 'taskToken',
		// Masked as n8n's verification asks of every "token" field: a task token lets anyone who holds it answer
		// the task. Tokens normally come through an expression, which the editor still shows.
		type: 'string',
		typeOptions: { password: true },
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
