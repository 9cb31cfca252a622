import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { readText } from '../../../shared/helpers/text';
import { checkAliasName, locatorProperty } from '../../../shared/locators';
import type { Operation } from '../operation';
import { aliasOptionsProperty, readAliasDescription } from '../shared/aliasDescription';
import { readRouting, resolveRouting, routingProperties } from '../shared/routing';
import type { RouteReference } from '../shared/routing';

const show = { resource: ['stateMachineAlias'], operation: ['create'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine', {
		required: false,
		description: 'The state machine whose versions the lists below show. The alias belongs to the state machine of its versions.',
	}),
	{
		displayName: 'Alias Name',
		name: 'aliasName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. prod',
		description: 'Unique within the state machine: 1-80 letters, digits, _ - . (not only digits).',
	},
	...routingProperties(),
	aliasOptionsProperty(),
]);

export interface CreateAliasRequest {
	name: string;
	description?: string;
	routes: RouteReference[];
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): CreateAliasRequest {
	const name = readText(this, itemIndex, 'aliasName', 'Alias Name').trim();
	checkAliasName(this.getNode(), itemIndex, 'Alias Name', name);
	return { name, ...readAliasDescription(this, itemIndex), routes: readRouting(this, itemIndex) };
}

export const create: Operation<CreateAliasRequest> = {
	action: 'CreateStateMachineAlias',
	description,
	buildRequest,
	async send(session, { routes, ...input }, item) {
		const routingConfiguration = await resolveRouting(session, routes, item);
		// Repeatable: AWS answers a create with the same name and settings with the existing alias, and one with
		// other settings with ConflictException, so a repeat after a lost answer never makes a second alias.
		const created = await session.call('CreateStateMachineAlias', { ...input, routingConfiguration });
		return toItemJson({ ...created, name: input.name, routingConfiguration });
	},
};
