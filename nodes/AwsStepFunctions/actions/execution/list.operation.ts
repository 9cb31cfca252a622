import type { ExecutionRedriveFilter, ExecutionStatus, ListExecutionsInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { collectPages } from '../../../shared/helpers/pagination';
import { readChoice, readText } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { locatorProperty, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import { mapRunLocatorProperties, readMapRun } from '../shared/mapRunFields';
import { pagingProperties, readPaging } from '../shared/paging';
import type { Paging } from '../shared/paging';
import { readQualifiedStateMachine, resolveQualifiedArn, versionOrAliasProperty } from '../shared/versionOrAliasFields';
import type { QualifiedStateMachine } from '../shared/versionOrAliasFields';

const show = { resource: ['execution'], operation: ['list'] };
const SOURCES = ['stateMachine', 'mapRun'] as const;
const REDRIVE_FILTERS = ['', 'REDRIVEN', 'NOT_REDRIVEN'] as const;
const ofStateMachine = { show: { executionsOf: ['stateMachine'] } };
const ofMapRun = { show: { executionsOf: ['mapRun'] } };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'Executions Of',
		name: 'executionsOf',
		type: 'options',
		options: [
			{ name: 'Map Run', value: 'mapRun', description: 'The child executions a Distributed Map state started' },
			{ name: 'State Machine', value: 'stateMachine', description: 'A state machine, or one of its versions or aliases' },
		],
		default: 'stateMachine',
	},
	locatorProperty('stateMachine', { displayOptions: ofStateMachine }),
	{ ...versionOrAliasProperty('only the executions started through this version or alias'), displayOptions: ofStateMachine },
	...mapRunLocatorProperties().map((property) => ({ ...property, displayOptions: ofMapRun })),
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
	{
		displayName: 'Redrive Status',
		name: 'redriveFilter',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Not Redriven', value: 'NOT_REDRIVEN' },
			{ name: 'Redriven', value: 'REDRIVEN' },
		],
		default: '',
		description: 'Only executions that were redriven at least once, or never',
	},
	...pagingProperties(),
]);

export interface ListRequest {
	/** Either a state machine (with its version or alias) or a Map Run: ListExecutions takes one of them */
	stateMachine?: QualifiedStateMachine;
	mapRun?: ResourceReference;
	filters: Pick<ListExecutionsInput, 'statusFilter' | 'redriveFilter'>;
	paging: Paging;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const statusFilter = readText(this, itemIndex, 'statusFilter', 'Status');
	const redriveFilter = readChoice(this, itemIndex, 'redriveFilter', 'Redrive Status', REDRIVE_FILTERS, '');
	const filters = {
		...(statusFilter ? { statusFilter: statusFilter as ExecutionStatus } : {}),
		...(redriveFilter ? { redriveFilter: redriveFilter as ExecutionRedriveFilter } : {}),
	};
	const paging = readPaging(this, itemIndex);
	if (readChoice(this, itemIndex, 'executionsOf', 'Executions Of', SOURCES, 'stateMachine') === 'mapRun') {
		return { mapRun: readMapRun(this, itemIndex), filters, paging };
	}
	return { stateMachine: readQualifiedStateMachine(this, itemIndex), filters, paging };
}

export const list: Operation<ListRequest> = {
	action: 'ListExecutions',
	description,
	buildRequest,
	async send(session, request, item) {
		const source = request.mapRun
			? { mapRunArn: await resolveArn(session, request.mapRun, item) }
			: { stateMachineArn: await resolveQualifiedArn(session, request.stateMachine as QualifiedStateMachine, item) };
		const executions = await collectPages(
			async (maxResults, nextToken) => {
				const page = await session.call('ListExecutions', { ...source, ...request.filters, maxResults, nextToken });
				return { entries: page.executions ?? [], nextToken: page.nextToken };
			},
			request.paging.returnAll,
			request.paging.limit,
			{ ...item, action: list.action, cancelSignal: session.cancelSignal },
		);
		return executions.map((execution) => toItemJson(execution));
	},
};
