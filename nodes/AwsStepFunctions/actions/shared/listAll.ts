import { updateDisplayOptions } from 'n8n-workflow';
import type { IDisplayOptions, IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { collectPages } from '../../../shared/helpers/pagination';
import type { Page } from '../../../shared/helpers/pagination';
import type { SfnSession } from '../../../shared/aws/session';
import type { Operation } from '../operation';
import { pagingProperties, readPaging } from './paging';
import type { Paging } from './paging';

/** A listing of the region's resources (state machines, activities): Return All or Limit, one item per entry. */
export function listOperation<T extends object>(
	action: string,
	show: IDisplayOptions['show'],
	fetchPage: (session: SfnSession, maxResults: number, nextToken?: string) => Promise<Page<T>>,
): Operation<Paging> {
	return {
		action,
		description: updateDisplayOptions({ show }, pagingProperties()),
		buildRequest(this: IExecuteFunctions, itemIndex: number) {
			return readPaging(this, itemIndex);
		},
		async send(session, { returnAll, limit }, item) {
			const entries = await collectPages(
				(maxResults, nextToken) => fetchPage(session, maxResults, nextToken),
				returnAll,
				limit,
				{ ...item, action, cancelSignal: session.cancelSignal },
			);
			return entries.map((entry) => toItemJson(entry));
		},
	};
}
