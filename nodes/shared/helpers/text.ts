import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { invalidChoiceError, invalidNumberError, notBooleanError, notTextError } from '../errors/input';

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

/**
 * A true/false parameter as an expression may give it: true and false, or their text ("true", " FALSE ") as
 * n8n's string-typed fields and webhooks carry them. Anything else is refused: treating "false" as truthy
 * would list everything, or skip a wait, without a word.
 */
export function readBoolean(ctx: IExecuteFunctions, itemIndex: number, parameterName: string, label: string, fallback: boolean): boolean {
	const value = ctx.getNodeParameter(parameterName, itemIndex, fallback);
	return toBoolean(ctx.getNode(), itemIndex, label, value, fallback);
}

export function toBoolean(node: INode, itemIndex: number, label: string, value: unknown, fallback: boolean): boolean {
	if (typeof value === 'boolean') return value;
	if (value === null || value === undefined || value === '') return fallback;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true') return true;
	if (text === 'false') return false;
	throw notBooleanError(node, itemIndex, label, value);
}

/** An options parameter: one of its values, as the editor offers them; an expression's other value is refused. */
export function readChoice<T extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameterName: string,
	label: string,
	choices: readonly T[],
	fallback: T,
): T {
	const value = ctx.getNodeParameter(parameterName, itemIndex, fallback);
	if (choices.includes(value as T)) return value as T;
	throw invalidChoiceError(ctx.getNode(), itemIndex, label, value, choices);
}

/**
 * A whole-number parameter: a number, or its text ("50") as expressions often give it. Empty, null, true,
 * arrays and fractions are refused with the range, rather than read as 0 or 1 by Number().
 */
export function toWholeNumber(node: INode, itemIndex: number, label: string, value: unknown, min: number, max?: number): number {
	const number = parseNumber(value);
	if (number === undefined || !Number.isInteger(number) || number < min || (max !== undefined && number > max)) {
		throw invalidNumberError(node, itemIndex, label, value, min, max);
	}
	return number;
}

/** Decimal text only: Number() would also read "0x5A" (90), "0b1" or "0o17", which nobody means as a weight. */
const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/** A number parameter's value, or its decimal text ("50") as expressions often give it; undefined for anything else. */
export function parseNumber(value: unknown): number | undefined {
	if (typeof value === 'string' && !DECIMAL.test(value)) return undefined;
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
