import type { ActivityListItem, MapRunListItem, StateMachineAliasListItem, StateMachineListItem, StateMachineVersionListItem } from '@aws-sdk/client-sfn';

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

/** One page of a state machine's versions (ListStateMachineVersions), newest first as AWS lists them. */
export async function versionsPage(
	{ call }: SfnSession,
	stateMachineArn: string,
	maxResults: number,
	nextToken?: string,
): Promise<Page<StateMachineVersionListItem>> {
	const page = await call('ListStateMachineVersions', { stateMachineArn, maxResults, nextToken });
	return { entries: page.stateMachineVersions ?? [], nextToken: page.nextToken };
}

/** One page of a state machine's aliases (ListStateMachineAliases). */
export async function aliasesPage(
	{ call }: SfnSession,
	stateMachineArn: string,
	maxResults: number,
	nextToken?: string,
): Promise<Page<StateMachineAliasListItem>> {
	const page = await call('ListStateMachineAliases', { stateMachineArn, maxResults, nextToken });
	return { entries: page.stateMachineAliases ?? [], nextToken: page.nextToken };
}

/** One page of the Map Runs an execution started (ListMapRuns). */
export async function mapRunsPage(
	{ call }: SfnSession,
	executionArn: string,
	maxResults: number,
	nextToken?: string,
): Promise<Page<MapRunListItem>> {
	const page = await call('ListMapRuns', { executionArn, maxResults, nextToken });
	return { entries: page.mapRuns ?? [], nextToken: page.nextToken };
}

/** Name and ARN of a listed resource, whichever kind it is. */
export interface NamedResource {
	name: string;
	arn: string;
	/** When it was created or started (ISO), for the pickers' order and to choose among equal names */
	created?: string;
}

/** The last part of a qualified ARN: a version's number, an alias's name, a Map Run's id. */
const lastPart = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/** The Map state's label in a Map Run ARN (mapRun:<machine>/<label>:<run id>). */
export function mapRunLabel(mapRunArn: string): string {
	const path = mapRunArn.slice(0, mapRunArn.lastIndexOf(':'));
	return path.slice(path.indexOf('/') + 1);
}

const iso = (date: Date | undefined) => (date === undefined ? undefined : new Date(date).toISOString());

/** A listing within a parent: each entry's ARN and date, and its name taken from the ARN. */
function childListing<T>(
	action: string,
	order: 'name' | 'newest',
	fetch: (session: SfnSession, parentArn: string, maxResults: number, nextToken?: string) => Promise<Page<T>>,
	arnAndDate: (entry: T) => [string | undefined, Date | undefined],
	nameOf: (arn: string) => string,
) {
	return {
		action,
		order,
		async page(session: SfnSession, maxResults: number, nextToken?: string, parentArn = ''): Promise<Page<NamedResource>> {
			const page = await fetch(session, parentArn, maxResults, nextToken);
			const entries = page.entries.map((entry) => {
				const [arn = '', date] = arnAndDate(entry);
				return { name: nameOf(arn), arn, created: iso(date) };
			});
			return { ...page, entries };
		},
	};
}

/**
 * Per kind: the API action (for error wording), a page of name/ARN pairs, and the order a picker shows them
 * in. Versions, aliases and Map Runs are listed within their parent (a state machine, an execution), whose ARN
 * `parentArn` is; the account-wide kinds ignore it.
 */
export const LISTINGS = {
	stateMachine: {
		action: 'ListStateMachines',
		order: 'name' as const,
		async page(session: SfnSession, maxResults: number, nextToken?: string): Promise<Page<NamedResource>> {
			const page = await stateMachinesPage(session, maxResults, nextToken);
			return { ...page, entries: page.entries.map((entry) => ({ name: entry.name ?? '', arn: entry.stateMachineArn ?? '' })) };
		},
	},
	activity: {
		action: 'ListActivities',
		order: 'name' as const,
		async page(session: SfnSession, maxResults: number, nextToken?: string): Promise<Page<NamedResource>> {
			const page = await activitiesPage(session, maxResults, nextToken);
			return { ...page, entries: page.entries.map((entry) => ({ name: entry.name ?? '', arn: entry.activityArn ?? '' })) };
		},
	},
	stateMachineVersion: childListing('ListStateMachineVersions', 'newest', versionsPage, (entry) => [entry.stateMachineVersionArn, entry.creationDate], lastPart),
	stateMachineAlias: childListing('ListStateMachineAliases', 'name', aliasesPage, (entry) => [entry.stateMachineAliasArn, entry.creationDate], lastPart),
	mapRun: childListing('ListMapRuns', 'newest', mapRunsPage, (entry) => [entry.mapRunArn, entry.startDate], mapRunLabel),
} as const;

export type ListedKind = keyof typeof LISTINGS;
