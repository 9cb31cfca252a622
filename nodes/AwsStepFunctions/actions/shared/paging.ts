import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readBoolean, toWholeNumber } from '../../../shared/helpers/text';

/** Return All and Limit, as every n8n listing offers them. */
export function pagingProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export interface Paging {
	returnAll: boolean;
	limit: number;
}

export function readPaging(ctx: IExecuteFunctions, itemIndex: number): Paging {
	const returnAll = readBoolean(ctx, itemIndex, 'returnAll', 'Return All', false);
	if (returnAll) return { returnAll, limit: 0 };
	const limit = toWholeNumber(ctx.getNode(), itemIndex, 'Limit', ctx.getNodeParameter('limit', itemIndex, 50), 1);
	return { returnAll, limit };
}
