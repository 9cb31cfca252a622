import type { UpdateMapRunInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { NUMBER_RANGES, readInRange } from '../../../shared/helpers/limits';
import { resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { mapRunLocatorProperties, readMapRun } from '../shared/mapRunFields';

const show = { resource: ['mapRun'], operation: ['update'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...mapRunLocatorProperties(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What to change while the Map Run is running; at least one',
		options: [
			{
				displayName: 'Max Concurrency',
				name: 'maxConcurrency',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How many child executions may run at once; 0 means no limit (up to 10,000 in parallel)',
			},
			{
				displayName: 'Tolerated Failure Count',
				name: 'toleratedFailureCount',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How many items may fail before the whole Map Run fails',
			},
			{
				displayName: 'Tolerated Failure Percentage',
				name: 'toleratedFailurePercentage',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
				default: 0,
				description: 'Which share of the items (0 to 100, decimals allowed) may fail before the whole Map Run fails',
			},
		],
	},
]);

export interface UpdateMapRunRequest {
	mapRun: ResourceReference;
	changes: Omit<UpdateMapRunInput, 'mapRunArn'>;
}

const FIELDS = ['maxConcurrency', 'toleratedFailurePercentage', 'toleratedFailureCount'] as const;

function buildRequest(this: IExecuteFunctions, itemIndex: number): UpdateMapRunRequest {
	const node = this.getNode();
	const mapRun = readMapRun(this, itemIndex);
	const given = this.getNodeParameter('updateFields', itemIndex, {}) as Partial<Record<(typeof FIELDS)[number], unknown>>;
	const changes: UpdateMapRunRequest['changes'] = {};
	for (const field of FIELDS) {
		const value = given[field];
		// A field added to the collection but left empty by its expression changes nothing.
		if (value === undefined || value === null || value === '') continue;
		changes[field] = readInRange(node, itemIndex, NUMBER_RANGES[field], value);
	}
	if (Object.keys(changes).length === 0) {
		throw refusedValueError(
			node,
			itemIndex,
			'Update Fields',
			'change nothing',
			'Add Max Concurrency, Tolerated Failure Percentage or Tolerated Failure Count to Update Fields.',
		);
	}
	return { mapRun, changes };
}

export const update: Operation<UpdateMapRunRequest> = {
	action: 'UpdateMapRun',
	description,
	buildRequest,
	// UpdateMapRun sets values rather than adding to them: sent twice, it leaves the same settings, so the
	// client may repeat it after a lost answer like any read.
	async send(session, request, item) {
		const mapRunArn = await resolveArn(session, request.mapRun, item);
		await session.call('UpdateMapRun', { mapRunArn, ...request.changes });
		return { updated: true, mapRunArn, ...request.changes };
	},
};
