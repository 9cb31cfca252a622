import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { assertWithinLimit, forbiddenNameCharacter, LIMITS } from '../../../shared/helpers/limits';
import { readText } from '../../../shared/helpers/text';

const NAME_RULES = '1-80 characters, no spaces or &lt; &gt; { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /';

/** The Name of a new state machine or activity. */
export function resourceNameProperty(kind: 'state machine' | 'activity', example: string): INodeProperties {
	return {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${example}`,
		description: `Name of the ${kind}, unique in the account and region; ${NAME_RULES}`,
	};
}

/** Reads and checks a name as the model documents names (the same rules as execution names). */
export function readResourceName(ctx: IExecuteFunctions, itemIndex: number): string {
	const node = ctx.getNode();
	const name = readText(ctx, itemIndex, 'name', LIMITS.resourceName.label);
	assertWithinLimit(node, itemIndex, LIMITS.resourceName, name);
	const character = forbiddenNameCharacter(name);
	if (character !== undefined) {
		const shown = /\s/.test(character) ? 'whitespace' : /^[^\p{C}]$/u.test(character) ? `"${character}"` : 'a control character';
		throw refusedValueError(
			node,
			itemIndex,
			LIMITS.resourceName.label,
			`may not contain ${shown}`,
			`"${name}" breaks the naming rules: no whitespace, no control characters and none of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /.`,
		);
	}
	return name;
}
