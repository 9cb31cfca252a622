import { deleteOperation } from '../shared/versionOrAliasFields';

export const deleteVersion = deleteOperation(
	'stateMachineVersion',
	'DeleteStateMachineVersion',
	'stateMachineVersionArn',
	'The version to delete permanently. A version that an alias routes executions to cannot be deleted: update or delete the alias first.',
	// Repeatable: deleting a version that is already gone changes nothing (deleteOnce reads a repeat's "not found" as done).
	async (session, stateMachineVersionArn) => await session.call('DeleteStateMachineVersion', { stateMachineVersionArn }),
);
