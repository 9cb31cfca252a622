import { updateDisplayOptions } from 'n8n-workflow';
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { collectPages } from '../../../shared/helpers/pagination';
import type { Page } from '../../../shared/helpers/pagination';
import type { ItemContext } from '../../../shared/helpers/itemContext';
import type { SfnSession } from '../../../shared/aws/session';
import { locatorProperty, readReference, resolveArn, unqualifiedArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { pagingProperties, readPaging } from './paging';
import type { Paging } from './paging';

/** How a listing within a parent (a state machine's versions or aliases, an execution's Map Runs) finds that parent. */
export interface ParentOfListing<P> {
	properties: INodeProperties[];
	read(ctx: IExecuteFunctions, itemIndex: number): P;
	resolve(session: SfnSession, parent: P, item: ItemContext): Promise<string>;
}

/** A listing of what belongs to one parent: Return All or Limit, one output item per entry. */
export function childListOperation<P>(
	action: string,
	show: IDisplayOptions['show'],
	parent: ParentOfListing<P>,
	fetchPage: (session: SfnSession, parentArn: string, maxResults: number, nextToken?: string) => Promise<Page<object>>,
): Operation<{ parent: P; paging: Paging }> {
	return {
		action,
		description: updateDisplayOptions({ show }, [...parent.properties, ...pagingProperties()]),
		buildRequest(this: IExecuteFunctions, itemIndex: number) {
			return { parent: parent.read(this, itemIndex), paging: readPaging(this, itemIndex) };
		},
		async send(session, request, item) {
			const parentArn = await parent.resolve(session, request.parent, item);
			const entries = await collectPages(
				(maxResults, nextToken) => fetchPage(session, parentArn, maxResults, nextToken),
				request.paging.returnAll,
				request.paging.limit,
				{ ...item, action, cancelSignal: session.cancelSignal },
			);
			return entries.map((entry) => toItemJson(entry));
		},
	};
}

/** The state machine whose versions or aliases are listed; a version or alias ARN stands for its state machine. */
export const stateMachineParent: ParentOfListing<ResourceReference> = {
	properties: [locatorProperty('stateMachine')],
	read: (ctx, itemIndex) => readReference(ctx, itemIndex, 'stateMachine'),
	resolve: async (session, stateMachine, item) => unqualifiedArn(await resolveArn(session, stateMachine, item)),
};
