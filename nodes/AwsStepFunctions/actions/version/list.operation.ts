import { versionsPage } from '../../../shared/aws/listings';
import { childListOperation, stateMachineParent } from '../shared/versionAliasMapRunLists';

export const list = childListOperation(
	'ListStateMachineVersions',
	{ resource: ['stateMachineVersion'], operation: ['list'] },
	stateMachineParent,
	versionsPage,
);
