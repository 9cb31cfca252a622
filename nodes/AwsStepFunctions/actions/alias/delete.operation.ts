import { deleteOperation } from '../shared/versionOrAliasFields';

export const deleteAlias = deleteOperation(
	'stateMachineAlias',
	'DeleteStateMachineAlias',
	'stateMachineAliasArn',
	'The alias to delete permanently. Its versions stay; executions started through it keep running.',
	// Repeatable: a repeat after a lost answer finds the alias gone (deleteOnce reads that as done).
	async (session, stateMachineAliasArn) => await session.call('DeleteStateMachineAlias', { stateMachineAliasArn }),
);
