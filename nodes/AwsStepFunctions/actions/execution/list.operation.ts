import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { collectPages } from '../../../shared/helpers/pagination';
import { readText } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import { pagingProperties, readPaging } from '../shared/paging';
import type { Paging } from '../shared/paging';

const show = { resource: ['execution'], operation: ['list'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine'),
	{
		displayName: 'Status',
		name: 'statusFilter',
		type: 'options',
		options: [
			{ name: 'Aborted', value: 'ABORTED' },
			{ name: 'Any', value: '' },
			{ name: 'Failed', value: 'FAILED' },
			{ name: 'Pending Redrive', value: 'PENDING_REDRIVE' },
			{ name: 'Running', value: 'RUNNING' },
			{ name: 'Succeeded', value: 'SUCCEEDED' },
			{ name: 'Timed Out', value: 'TIMED_OUT' },
		],
		default: '',
		description: 'Only executions with this status',
	},
	...pagingProperties(),
]);

export interface ListRequest {
	stateMachine: ResourceReference;
	statusFilter?: ExecutionStatus;
	paging: Paging;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const statusFilter = readText(this, itemIndex, 'statusFilter', 'Status');
	return {
		stateMachine: readReference(this, itemIndex, 'stateMachine'),
		...(statusFilter ? { statusFilter: statusFilter as ExecutionStatus } : {}),
		paging: readPaging(this, itemIndex),
	};
}

export const list: Operation<ListRequest> = {
	action: 'ListExecutions',
	description,
	buildRequest,
	async send(session, request, item) {
		const stateMachineArn = await resolveArn(session, request.stateMachine, item);
		const executions = await collectPages(
			async (maxResults, nextToken) => {
				const page = await session.call('ListExecutions', { stateMachineArn, statusFilter: request.statusFilter, maxResults, nextToken },
				);
				return { entries: page.executions ?? [], nextToken: page.nextToken };
			},
			request.paging.returnAll,
			request.paging.limit,
			{ ...item, action: list.action, cancelSignal: session.cancelSignal },
		);
		return executions.map((execution) => toItemJson(execution));
	},
};
