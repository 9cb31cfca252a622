import type { INode } from 'n8n-workflow';

import { invalidJsonError } from './errors';

/**
 * Turns a JSON parameter into the JSON text the API expects. n8n hands a JSON parameter over as text when
 * typed in, and as an object (or array, number...) when an expression produced one: both are accepted.
 * Text is checked and sent as written, so the user's formatting and number precision survive.
 */
export function toJsonText(node: INode, itemIndex: number, label: string, value: unknown): string {
	if (typeof value !== 'string') {
		if (value === undefined) throw invalidJsonError(node, itemIndex, label, 'it is empty');
		return JSON.stringify(value);
	}
	if (value.trim() === '') throw invalidJsonError(node, itemIndex, label, 'it is empty');
	try {
		JSON.parse(value);
	} catch (error) {
		throw invalidJsonError(node, itemIndex, label, (error as Error).message);
	}
	return value;
}
