import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { notTextError } from './errors';

/**
 * Turns what a text parameter's expression produced into the text to send. n8n hands over the expression's
 * value as it is: an order id arrives as a number, a missing field as null, a whole item as an object.
 * Numbers and true/false have one obvious text; null and undefined mean "nothing given", so optional fields
 * are left out and required ones fail their limit check as empty. Objects, arrays, NaN and Infinity have no
 * text the user could have meant ("[object Object]", "a,b", "NaN"), so they are refused before sending.
 */
export function toText(node: INode, itemIndex: number, label: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
	throw notTextError(node, itemIndex, label, value);
}

/** Reads a text parameter of the item as toText turns it into text. */
export function readText(ctx: IExecuteFunctions, itemIndex: number, parameterName: string, label: string): string {
	return toText(ctx.getNode(), itemIndex, label, ctx.getNodeParameter(parameterName, itemIndex, ''));
}
