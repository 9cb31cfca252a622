import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { deleteVersion } from './delete.operation';
import { list } from './list.operation';
import { publish } from './publish.operation';

export const versionOperations = { publish, list, delete: deleteVersion } satisfies Record<string, Operation>;

export const versionProperties = resourceProperties(
	'stateMachineVersion',
	[
		{
			name: 'Delete',
			value: 'delete',
			description:
				'Permanently deletes a state machine version; fails while an alias routes to it (DeleteStateMachineVersion)',
			action: 'Delete a state machine version permanently',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the published versions of a state machine, newest first, with ARN and creation date (ListStateMachineVersions)',
			action: 'Get many versions of a state machine',
		},
		{
			name: 'Publish',
			value: 'publish',
			description:
				"Publish the state machine's current revision as a numbered version, optionally only at a given revision ID; returns the version ARN (PublishStateMachineVersion)",
			action: "Publish a state machine's current revision as a version",
		},
	],
	'publish',
	versionOperations,
);
