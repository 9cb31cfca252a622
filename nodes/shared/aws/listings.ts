import type { ActivityListItem, StateMachineListItem } from '@aws-sdk/client-sfn';

import type { Page } from '../helpers/pagination';
import type { SfnSession } from './session';

/** One page of the account's state machines or activities in the session's region. */
export async function stateMachinesPage(
	{ call }: SfnSession,
	maxResults: number,
	nextToken?: string,
): Promise<Page<StateMachineListItem>> {
	const page = await call('ListStateMachines', { maxResults, nextToken });
	return { entries: page.stateMachines ?? [], nextToken: page.nextToken };
}

export async function activitiesPage(
	{ call }: SfnSession,
	maxResults: number,
	nextToken?: string,
): Promise<Page<ActivityListItem>> {
	const page = await call('ListActivities', { maxResults, nextToken });
	return { entries: page.activities ?? [], nextToken: page.nextToken };
}

/** Name and ARN of a listed resource, whichever kind it is. */
export interface NamedResource {
	name: string;
	arn: string;
}

/** Per kind: the API action (for error wording) and a page of name/ARN pairs. */
export const LISTINGS = {
	stateMachine: {
		action: 'ListStateMachines',
		async page(session: SfnSession, maxResults: number, nextToken?: string): Promise<Page<NamedResource>> {
			const page = await stateMachinesPage(session, maxResults, nextToken);
			return { ...page, entries: page.entries.map((entry) => ({ name: entry.name ?? '', arn: entry.stateMachineArn ?? '' })) };
		},
	},
	activity: {
		action: 'ListActivities',
		async page(session: SfnSession, maxResults: number, nextToken?: string): Promise<Page<NamedResource>> {
			const page = await activitiesPage(session, maxResults, nextToken);
			return { ...page, entries: page.entries.map((entry) => ({ name: entry.name ?? '', arn: entry.activityArn ?? '' })) };
		},
	},
} as const;
