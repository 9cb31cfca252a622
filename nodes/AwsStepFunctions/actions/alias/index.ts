import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { create } from './create.operation';
import { deleteAlias } from './delete.operation';
import { describe } from './describe.operation';
import { list } from './list.operation';
import { update } from './update.operation';

export const aliasOperations = { create, update, delete: deleteAlias, describe, list } satisfies Record<string, Operation>;

export const aliasProperties = resourceProperties(
	'stateMachineAlias',
	[
		{
			name: 'Create',
			value: 'create',
			description:
				'Create an alias that routes executions to one version, or splits them between two by weight; returns the alias ARN (CreateStateMachineAlias)',
			action: 'Create an alias routing to one or two weighted versions',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Permanently deletes an alias; its versions stay (DeleteStateMachineAlias)',
			action: 'Delete a state machine alias permanently',
		},
		{
			name: 'Get',
			value: 'describe',
			description: "Get an alias's routing (versions and weights), description and dates (DescribeStateMachineAlias)",
			action: "Get an alias's versions and weights",
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the aliases of a state machine, with ARN and creation date (ListStateMachineAliases)',
			action: 'Get many aliases of a state machine',
		},
		{
			name: 'Update',
			value: 'update',
			description:
				"Change an alias's routing and/or description, e.g. shift a canary from 90/10 to 100 (UpdateStateMachineAlias)",
			action: "Update an alias's version weights (canary shift)",
		},
	],
	'create',
	aliasOperations,
);
