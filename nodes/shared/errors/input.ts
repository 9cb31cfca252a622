import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import type { FieldLimit, NumberRange } from '../helpers/limits';

/**
 * Values refused before anything is sent: the credential, and each item's parameters as its expressions gave
 * them. Each message names the item and the field, and says that nothing was sent for it.
 */

export function limitViolationError(node: INode, itemIndex: number, limit: FieldLimit, size: number): NodeOperationError {
	const problem =
		size < limit.min
			? `"${limit.label}" is empty`
			: `"${limit.label}" is ${size.toLocaleString('en-US')} ${limit.unit} long, over the limit of ${limit.max.toLocaleString('en-US')} ${limit.unit}`;
	return new NodeOperationError(node, `Item ${itemIndex}: ${problem}`, {
		itemIndex,
		description:
			size < limit.min
				? `Step Functions needs a ${limit.label} of at least ${limit.min} ${limit.unit}. Nothing was sent for this item.`
				: `Step Functions accepts at most ${limit.max.toLocaleString('en-US')} ${limit.unit} here. Shorten it; nothing was sent for this item.`,
	});
}

export function rangeViolationError(node: INode, itemIndex: number, range: NumberRange, value: number): NodeOperationError {
	const bounds = range.max === Number.MAX_SAFE_INTEGER ? `at least ${range.min}` : `from ${range.min} to ${range.max}`;
	const kind = range.whole ? 'a whole number' : 'a number';
	const problem =
		range.whole && Number.isFinite(value) && !Number.isInteger(value)
			? 'not a whole number'
			: range.max === Number.MAX_SAFE_INTEGER
				? `below ${range.min}`
				: `not ${bounds}`;
	return new NodeOperationError(node, `Item ${itemIndex}: "${range.label}" is ${String(value)}, ${problem}`, {
		itemIndex,
		description: `Step Functions accepts ${kind} ${bounds} here. Nothing was sent for this item.`,
	});
}

export function notANumberError(node: INode, itemIndex: number, range: NumberRange, value: unknown): NodeOperationError {
	const bounds = range.max === Number.MAX_SAFE_INTEGER ? `at least ${range.min}` : `from ${range.min} to ${range.max}`;
	return new NodeOperationError(node, `Item ${itemIndex}: "${range.label}" is ${shownNumber(value)}`, {
		itemIndex,
		description: `Give ${range.whole ? 'a whole number' : 'a number'} ${bounds}. Nothing was sent for this item.`,
	});
}

/** A value the API refuses for a reason other than its size (a pattern, a count, a sum); nothing is sent. */
export function refusedValueError(node: INode, itemIndex: number, label: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" ${problem}`, {
		itemIndex,
		description: `${fix} Nothing was sent for this item.`,
	});
}

export function invalidJsonError(node: INode, itemIndex: number, label: string, reason: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" is not valid JSON: ${reason}`, {
		itemIndex,
		description:
			'Give one JSON value, e.g. {"approved": true}. Plain text must be in double quotes ("done"). Nothing was sent for this item.',
	});
}

export function credentialsError(node: INode, problem: string): NodeOperationError {
	return new NodeOperationError(node, `The AWS Step Functions credential is not usable: ${problem}`, {
		description: 'Open the credential and correct it. Nothing was sent.',
	});
}

export function invalidArnError(node: INode, itemIndex: number, label: string, value: string, example: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${value}" is not a valid ${label}`, {
		itemIndex,
		description: `A ${label} looks like ${example}. Choose it from the list or copy it from the AWS console. Nothing was sent for this item.`,
	});
}

/** C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F), which execution names may not hold. */
function isControlCharacter(character: string): boolean {
	const code = character.codePointAt(0) ?? 0;
	return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

export function executionNameError(node: INode, itemIndex: number, name: string, character: string): NodeOperationError {
	// An invisible character is named by its kind: quoted, it would show as nothing.
	const shown = /\s/.test(character) ? 'whitespace' : isControlCharacter(character) ? 'a control character' : `"${character}"`;
	return new NodeOperationError(node, `Item ${itemIndex}: "Execution Name" may not contain ${shown}`, {
		itemIndex,
		description: `"${name}" breaks the naming rules: no whitespace, no control characters and none of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /. Nothing was sent for this item.`,
	});
}

export function nameNotFoundError(
	node: INode,
	itemIndex: number,
	kind: string,
	name: string,
	region: string,
): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: no ${kind} is named "${name}" in ${region}`, {
		itemIndex,
		description: `Names are case-sensitive. Check the credential's region, or choose the ${kind} from the list.`,
	});
}

/** How a person would name what an expression produced, for the errors below. */
function describeReceived(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return `the number ${String(value)}`;
	if (typeof value === 'bigint') return 'a BigInt';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/** What a number field received, as messages show it (the triggers' number errors too). */
export function shownNumber(value: unknown): string {
	if (value === '' || value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
		return 'empty or not a number';
	}
	return typeof value === 'object' ? describeReceived(value) : String(value);
}

export function invalidNumberError(
	node: INode,
	itemIndex: number,
	label: string,
	value: unknown,
	min = 1,
	max?: number,
): NodeOperationError {
	const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be a whole number ${range}, not ${shownNumber(value)}`, {
		itemIndex,
		description: `Correct "${label}". Nothing was sent for this item.`,
	});
}

export function notTextError(node: INode, itemIndex: number, label: string, value: unknown): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be text, but the expression gave ${describeReceived(value)}`, {
		itemIndex,
		description: `"${label}" takes text, a number or true/false. Point the expression at the one value to send, e.g. {{ $json.order.id }} rather than {{ $json.order }}. Nothing was sent for this item.`,
	});
}

/** What stops an expression's value from becoming JSON: a value JSON has no form for, or a circle. */
export type JsonProblem =
	| { kind: 'value'; value: unknown; path: string }
	| { kind: 'circular' }
	| { kind: 'failed'; reason: string };

export function notJsonValueError(node: INode, itemIndex: number, label: string, problem: JsonProblem): NodeOperationError {
	const where = problem.kind === 'value' && problem.path !== '' ? ` at ${problem.path}` : '';
	const reason =
		problem.kind === 'value'
			? `the expression gave ${describeReceived(problem.value)}${where}`
			: problem.kind === 'circular'
				? 'the expression gave an object that contains itself'
				: problem.reason;
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" cannot be sent as JSON: ${reason}`, {
		itemIndex,
		description: `JSON holds only objects, arrays, text, numbers, true, false and null. Point the expression at data of those kinds, or build "${label}" as JSON text. Nothing was sent for this item.`,
	});
}

export function notBooleanError(node: INode, itemIndex: number, label: string, value: unknown): NodeOperationError {
	const shown = typeof value === 'string' ? `"${value}"` : describeReceived(value);
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" must be true or false, not ${shown}`, {
		itemIndex,
		description: `Give true or false (or the text "true" / "false"). Nothing was sent for this item.`,
	});
}

export function invalidChoiceError(node: INode, itemIndex: number, label: string, value: unknown, choices: readonly string[]): NodeOperationError {
	const shown = typeof value === 'string' ? `"${value}"` : describeReceived(value);
	return new NodeOperationError(node, `Item ${itemIndex}: "${label}" cannot be ${shown}`, {
		itemIndex,
		description: `Choose one of ${choices.map((choice) => `"${choice}"`).join(', ')} (values are case-sensitive). Nothing was sent for this item.`,
	});
}
