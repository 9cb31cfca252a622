import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../helpers/itemJson';
import { collectPages } from '../../helpers/pagination';
import { activitiesPage } from '../../transport/listings';
import type { Operation } from '../operation';
import { pagingProperties, readPaging } from '../shared/paging';
import type { Paging } from '../shared/paging';

function buildRequest(this: IExecuteFunctions, itemIndex: number): Paging {
	return readPaging(this, itemIndex);
}

export const list: Operation<Paging> = {
	action: 'ListActivities',
	description: pagingProperties({ resource: ['activity'], operation: ['list'] }),
	buildRequest,
	async send(session, { returnAll, limit }) {
		const activities = await collectPages((maxResults, nextToken) => activitiesPage(session, maxResults, nextToken), returnAll, limit);
		return activities.map((activity) => toItemJson(activity));
	},
};
