import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Operation } from '../operation';

/** A resource's Operation selector followed by every parameter of its operations. */
export function resourceProperties(
	resource: string,
	choices: INodePropertyOptions[],
	defaultOperation: string,
	operations: Record<string, Operation>,
): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: choices,
			default: defaultOperation,
		},
		...Object.values(operations).flatMap((operation) => operation.description),
	];
}
