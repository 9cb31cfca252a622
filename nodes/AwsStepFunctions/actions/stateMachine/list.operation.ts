import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../helpers/itemJson';
import { collectPages } from '../../helpers/pagination';
import { stateMachinesPage } from '../../transport/listings';
import type { Operation } from '../operation';
import { pagingProperties, readPaging } from '../shared/paging';
import type { Paging } from '../shared/paging';

function buildRequest(this: IExecuteFunctions, itemIndex: number): Paging {
	return readPaging(this, itemIndex);
}

export const list: Operation<Paging> = {
	action: 'ListStateMachines',
	description: pagingProperties({ resource: ['stateMachine'], operation: ['list'] }),
	buildRequest,
	async send(session, { returnAll, limit }) {
		const machines = await collectPages((maxResults, nextToken) => stateMachinesPage(session, maxResults, nextToken), returnAll, limit);
		return machines.map((machine) => toItemJson(machine));
	},
};
