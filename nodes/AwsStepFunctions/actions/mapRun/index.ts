import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { describe } from './describe.operation';
import { list } from './list.operation';
import { update } from './update.operation';

export const mapRunOperations = { describe, list, update } satisfies Record<string, Operation>;

export const mapRunProperties = resourceProperties(
	'mapRun',
	[
		{
			name: 'Get',
			value: 'describe',
			description:
				"Get a Map Run's status, concurrency, tolerated failures and counts of items and child executions (DescribeMapRun)",
			action: "Get a Map Run's status and item counts",
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the Map Runs that an execution started, one item each with its ARN and dates (ListMapRuns)',
			action: 'Get many Map Runs of an execution',
		},
		{
			name: 'Update',
			value: 'update',
			description:
				"Change a running Map Run's max concurrency or tolerated failures (percentage, count); needs the Map Run ARN and at least one value (UpdateMapRun)",
			action: "Update a Map Run's concurrency or tolerated failures",
		},
	],
	'describe',
	mapRunOperations,
);
