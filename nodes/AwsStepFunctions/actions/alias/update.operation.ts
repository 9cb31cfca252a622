import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { toItemJson } from '../../../shared/helpers/itemJson';
import { readBoolean } from '../../../shared/helpers/text';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { aliasOptionsProperty, readAliasDescription } from '../shared/aliasDescription';
import { readRouting, resolveRouting, routingProperties } from '../shared/routing';
import type { RouteReference } from '../shared/routing';
import { pickerStateMachineProperty } from '../shared/versionOrAliasFields';

const show = { resource: ['stateMachineAlias'], operation: ['update'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	pickerStateMachineProperty('aliases'),
	locatorProperty('stateMachineAlias', { description: 'The alias to change' }),
	{
		displayName: 'Change Routing',
		name: 'changeRouting',
		type: 'boolean',
		default: true,
		description: 'Whether to set which versions the alias routes to (e.g. move a canary from 90/10 to 100)',
	},
	...routingProperties({ show: { changeRouting: [true] } }),
	aliasOptionsProperty(),
]);

export interface UpdateAliasRequest {
	alias: ResourceReference;
	description?: string;
	routes?: RouteReference[];
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): UpdateAliasRequest {
	const request: UpdateAliasRequest = { alias: readReference(this, itemIndex, 'stateMachineAlias'), ...readAliasDescription(this, itemIndex) };
	if (readBoolean(this, itemIndex, 'changeRouting', 'Change Routing', true)) request.routes = readRouting(this, itemIndex);
	if (!request.routes && request.description === undefined) {
		throw refusedValueError(this.getNode(), itemIndex, 'Change Routing', 'is off and no Description is given', 'Turn on Change Routing, or add Options › Description.');
	}
	return request;
}

export const update: Operation<UpdateAliasRequest> = {
	action: 'UpdateStateMachineAlias',
	description,
	buildRequest,
	async send(session, { alias, routes, description: aliasDescription }, item) {
		const stateMachineAliasArn = await resolveArn(session, alias, item);
		const routingConfiguration = routes ? await resolveRouting(session, routes, item) : undefined;
		const changes = { ...(routingConfiguration ? { routingConfiguration } : {}), ...(aliasDescription !== undefined ? { description: aliasDescription } : {}) };
		// Repeatable: it sets the routing and description, so a second identical request changes nothing more.
		const updated = await session.call('UpdateStateMachineAlias', { stateMachineAliasArn, ...changes });
		return toItemJson({ updated: true, stateMachineAliasArn, ...updated, ...changes });
	},
};
