import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidNumberError } from '../../helpers/errors';

/** Return All and Limit, as every n8n listing offers them. */
export function pagingProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

export interface Paging {
	returnAll: boolean;
	limit: number;
}

export function readPaging(ctx: IExecuteFunctions, itemIndex: number): Paging {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) throw invalidNumberError(ctx.getNode(), itemIndex, 'Limit', limit);
	return { returnAll, limit };
}
