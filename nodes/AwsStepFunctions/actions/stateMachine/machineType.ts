import type { INodeProperties } from 'n8n-workflow';

export const STATE_MACHINE_TYPES = ['EXPRESS', 'STANDARD'] as const;

/** Standard or Express, for Create and Validate Definition. */
export function stateMachineTypeProperty(description: string): INodeProperties {
	return {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Express', value: 'EXPRESS', description: 'High-volume, short (up to 5 minutes), at-least-once; no execution history kept' },
			{ name: 'Standard', value: 'STANDARD', description: 'Long-running (up to a year), exactly-once, with execution history' },
		],
		default: 'STANDARD',
		description,
	};
}
