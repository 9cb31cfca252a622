import type { INode } from 'n8n-workflow';

import { invalidJsonError, notJsonValueError } from '../errors/input';
import type { JsonProblem } from '../errors/input';

/** Thrown from inside JSON.stringify to stop at the first value JSON has no form for. */
class NotJsonValue extends Error {
	constructor(readonly value: unknown, readonly path: string) {
		super('not a JSON value');
	}
}

/** Where a value sits in the expression's result, e.g. order.items[2].callback; '' for the result itself. */
function pathOf(holderPath: string | undefined, key: string, inArray: boolean): string {
	// JSON.stringify first hands the top value over from a wrapper object of its own, which has no path.
	if (holderPath === undefined) return '';
	if (inArray) return `${holderPath}[${key}]`;
	return holderPath ? `${holderPath}.${key}` : key;
}

/**
 * Serialises an expression's value. JSON.stringify alone would silently drop functions and symbols (or make
 * them null in arrays), give undefined for one at the top, and throw a bare TypeError on circles. BigInt
 * it would quote as text: n8n-workflow gives BigInt a toJSON that turns 1001n into "1001", changing the
 * number's type without a word. Each is refused instead, naming where it sits.
 */
function stringifyValue(value: unknown): string | JsonProblem {
	const paths = new WeakMap<object, string>();
	function replacer(this: Record<string, unknown>, key: string, nested: unknown): unknown {
		const path = pathOf(paths.get(this), key, Array.isArray(this));
		// The holder's own value, as it was before any toJSON ran
		const raw = this[key];
		// NaN and Infinity would silently become null.
		const nonFinite = typeof raw === 'number' && !Number.isFinite(raw);
		if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint' || nonFinite) throw new NotJsonValue(raw, path);
		if (typeof nested === 'object' && nested !== null) paths.set(nested, path);
		return nested;
	}
	try {
		const text = JSON.stringify(value, replacer) as string | undefined;
		// Only a toJSON that returns undefined gets here without text.
		return text ?? { kind: 'value', value: undefined, path: '' };
	} catch (error) {
		if (error instanceof NotJsonValue) return { kind: 'value', value: error.value, path: error.path };
		if (error instanceof TypeError && /circular/i.test(error.message)) return { kind: 'circular' };
		return { kind: 'failed', reason: (error as Error).message };
	}
}

/**
 * Turns a JSON parameter into the JSON text the API expects. n8n hands a JSON parameter over as text when
 * typed in, and as an object (or array, number...) when an expression produced one: both are accepted.
 * Text is checked and sent as written, so the user's formatting and number precision survive.
 */
export function toJsonText(node: INode, itemIndex: number, label: string, value: unknown): string {
	if (typeof value !== 'string') {
		if (value === undefined) throw invalidJsonError(node, itemIndex, label, 'it is empty');
		const text = stringifyValue(value);
		if (typeof text !== 'string') throw notJsonValueError(node, itemIndex, label, text);
		return text;
	}
	if (value.trim() === '') throw invalidJsonError(node, itemIndex, label, 'it is empty');
	try {
		JSON.parse(value);
	} catch (error) {
		throw invalidJsonError(node, itemIndex, label, (error as Error).message);
	}
	return value;
}
