import type { INodeProperties } from 'n8n-workflow';

/** The "Options" collection of optional settings, as n8n nodes offer it. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}
