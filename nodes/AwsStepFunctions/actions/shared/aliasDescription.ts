import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';
import { optionsCollection } from './optionsCollection';

/** Options › Description of Create and Update Alias. */
export function aliasOptionsProperty(): INodeProperties {
	return optionsCollection([
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: 'What the alias is for, up to 256 characters. On Update, an empty Description clears it.',
		},
	]);
}

/** The description if the Options hold one (an empty one too: on Update it clears the description). */
export function readAliasDescription(ctx: IExecuteFunctions, itemIndex: number): { description?: string } {
	const given = ctx.getNodeParameter('options', itemIndex, {}) as { description?: unknown };
	if (!('description' in given)) return {};
	const description = toText(ctx.getNode(), itemIndex, LIMITS.aliasDescription.label, given.description);
	assertWithinLimit(ctx.getNode(), itemIndex, LIMITS.aliasDescription, description);
	return { description };
}
