import { aliasesPage } from '../../../shared/aws/listings';
import { childListOperation, stateMachineParent } from '../shared/versionAliasMapRunLists';

export const list = childListOperation(
	'ListStateMachineAliases',
	{ resource: ['stateMachineAlias'], operation: ['list'] },
	stateMachineParent,
	aliasesPage,
);
