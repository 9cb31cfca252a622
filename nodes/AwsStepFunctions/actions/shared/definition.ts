import type { StateMachineType, ValidateStateMachineDefinitionDiagnostic } from '@aws-sdk/client-sfn';
import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { asAction } from '../../../shared/aws/session';
import type { SfnSession } from '../../../shared/aws/session';
import type { ItemContext } from '../operation';

const EXAMPLE_DEFINITION = JSON.stringify(
	{ Comment: 'An example', StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: { hello: 'world' }, End: true } } },
	null,
	2,
);

/** A state machine definition in Amazon States Language, edited as JSON. */
export function definitionProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Definition',
		name: 'definition',
		type: 'json',
		typeOptions: { rows: 10 },
		required: true,
		default: EXAMPLE_DEFINITION,
		description: 'The Amazon States Language definition: JSON text, or an expression that gives an object. At most 1 MB (UTF-8).',
		...overrides,
	};
}

/**
 * The definition as JSON text (the API takes text), checked to be a JSON object (Amazon States Language has no
 * other form: AWS would refuse an array or a string only after sending) of at most 1 MB in UTF-8 bytes. A
 * leading byte order mark, as editors on Windows write one into files, is dropped: JSON.parse and AWS refuse
 * it, and the error would point at a character nobody can see.
 */
export function readDefinition(node: INode, itemIndex: number, value: unknown, label: string = LIMITS.definition.label): string {
	const given = typeof value === 'string' && value.startsWith('\uFEFF') ? value.slice(1) : value;
	const definition = toJsonText(node, itemIndex, label, given);
	if (!/^\s*\{/.test(definition)) {
		throw refusedValueError(
			node,
			itemIndex,
			label,
			`is ${jsonKind(JSON.parse(definition))}, not a JSON object`,
			'Give the definition as one JSON object, e.g. {"StartAt": "Done", "States": {...}}. If it comes from a file or an HTTP answer, give the object itself, not a list holding it or text quoting it.',
		);
	}
	assertWithinLimit(node, itemIndex, { ...LIMITS.definition, label }, definition);
	return definition;
}

function jsonKind(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

export function validateFirstProperty(): INodeProperties {
	return {
		displayName: 'Validate First',
		name: 'validateFirst',
		type: 'boolean',
		default: false,
		description:
			'Whether to check the definition with ValidateStateMachineDefinition before sending it; any ERROR diagnostic fails the item with every problem listed, and nothing is created or changed. Needs states:ValidateStateMachineDefinition.',
	};
}

function diagnosticLine(diagnostic: ValidateStateMachineDefinitionDiagnostic): string {
	const where = diagnostic.location ? ` at ${diagnostic.location}` : '';
	return `${diagnostic.code}${where}: ${diagnostic.message}`;
}

/**
 * Validates the definition first and refuses it when AWS reports an ERROR (warnings pass), so that a broken
 * definition never replaces a working one. Asks for up to 100 diagnostics, the API's maximum, to list them all.
 */
export async function assertDefinitionValid(
	session: SfnSession,
	definition: string,
	type: StateMachineType | undefined,
	item: ItemContext,
	consequence: string,
): Promise<void> {
	const validation = await asAction(
		'ValidateStateMachineDefinition',
		session.call('ValidateStateMachineDefinition', { definition, type, severity: 'ERROR', maxResults: 100 }),
	);
	const errors = (validation.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === 'ERROR');
	if (validation.result !== 'FAIL' && errors.length === 0) return;
	const count = errors.length === 1 ? '1 error' : `${errors.length}${validation.truncated ? '+' : ''} errors`;
	throw new NodeOperationError(item.node, `Item ${item.itemIndex}: the definition has ${count}; ${consequence}`, {
		itemIndex: item.itemIndex,
		// The diagnostics are the server's text, shown in n8n as they are: scrubbed like the server's error messages.
		description: session.scrub(
			`ValidateStateMachineDefinition found: ${errors.map(diagnosticLine).join('; ') || 'result FAIL'}. Correct the definition and run the item again.`,
		),
	});
}
