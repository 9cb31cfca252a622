import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { toBoolean } from '../../../shared/helpers/text';
import { collectPages } from '../../../shared/helpers/pagination';
import type { Operation } from '../operation';
import { optionsCollection } from '../shared/optionsCollection';
import { executionArnProperty, readExecutionArn } from '../shared/executionArn';
import { pagingProperties, readPaging } from '../shared/paging';
import type { Paging } from '../shared/paging';

const show = { resource: ['execution'], operation: ['getHistory'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	executionArnProperty(),
	...pagingProperties(),
	optionsCollection([
		{
			displayName: 'Include Execution Data',
			name: 'includeExecutionData',
			type: 'boolean',
			default: true,
			description: 'Whether to include the input and output of each event (off: only their shape, no KMS access needed)',
		},
		{
			displayName: 'Newest First',
			name: 'reverseOrder',
			type: 'boolean',
			default: false,
			description: 'Whether to list the newest events first (e.g. with Limit 1, the event that ended the execution)',
		},
	]),
]);

export interface HistoryRequest {
	executionArn: string;
	includeExecutionData: boolean;
	reverseOrder: boolean;
	paging: Paging;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): HistoryRequest {
	const options = this.getNodeParameter('options', itemIndex, {}) as { includeExecutionData?: unknown; reverseOrder?: unknown };
	const node = this.getNode();
	return {
		executionArn: readExecutionArn(this, itemIndex),
		includeExecutionData: toBoolean(node, itemIndex, 'Include Execution Data', options.includeExecutionData, true),
		reverseOrder: toBoolean(node, itemIndex, 'Newest First', options.reverseOrder, false),
		paging: readPaging(this, itemIndex),
	};
}

export const getHistory: Operation<HistoryRequest> = {
	action: 'GetExecutionHistory',
	description,
	buildRequest,
	async send(session, { executionArn, includeExecutionData, reverseOrder, paging }, item) {
		const events = await collectPages(
			async (maxResults, nextToken) => {
				const page = await session.call('GetExecutionHistory', { executionArn, includeExecutionData, reverseOrder, maxResults, nextToken },
				);
				return { entries: page.events ?? [], nextToken: page.nextToken };
			},
			paging.returnAll,
			paging.limit,
			{ ...item, action: getHistory.action, cancelSignal: session.cancelSignal },
		);
		return events.map((event) => toItemJson(event));
	},
};
