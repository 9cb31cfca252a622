import type { ExecutionListItem, ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import type { IDataObject } from 'n8n-workflow';

import { toItemJson } from '../shared/helpers/itemJson';
import { walkPages } from '../shared/helpers/pagination';
import type { ListingContext } from '../shared/helpers/pagination';
import { asAction } from '../shared/aws/session';
import type { SfnSession } from '../shared/aws/session';

export const ENDED_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];

/** A listed execution that has ended, with its stop time in ms for the poll state. */
export interface Ended {
	executionArn: string;
	stopDate: number;
	startDate: number;
	listed: ExecutionListItem;
}

/** ListExecutions pages of at most this many entries: a poll usually needs one page per status. */
const PAGE_SIZE = 200;

/**
 * The ended executions of a state machine with the given statuses, one listing per status. AWS lists newest
 * start first, so a listing is read down to the first page that ends with an execution started before
 * `startedAfter(newestStop)` (asked after each page, with the latest stop found so far: the manual test narrows
 * it as it finds executions). A server that lists in another order (emulators list oldest first) is read to its end.
 */
export async function listEnded(
	session: SfnSession,
	stateMachineArn: string,
	statuses: readonly EndedStatus[],
	startedAfter: (newestStop: number) => number,
	context: ListingContext,
): Promise<Ended[]> {
	const found = new Map<string, Ended>();
	let newestStop = -Infinity;
	for (const statusFilter of statuses) {
		const pages = walkPages(
			async (maxResults, nextToken) => {
				const page = await asAction(
					'ListExecutions',
					session.call('ListExecutions', { stateMachineArn, statusFilter: statusFilter as ExecutionStatus, maxResults, nextToken },
					),
				);
				return { entries: page.executions ?? [], nextToken: page.nextToken };
			},
			{ ...context, action: 'ListExecutions' },
			() => PAGE_SIZE,
		);
		for await (const page of pages) {
			for (const listed of page.entries) {
				// An execution listed again on a later page (new ones pushed it down meanwhile) is kept once.
				if (!listed.executionArn || !listed.stopDate || found.has(listed.executionArn)) continue;
				const stopDate = time(listed.stopDate);
				newestStop = Math.max(newestStop, stopDate);
				found.set(listed.executionArn, { executionArn: listed.executionArn, stopDate, startDate: time(listed.startDate ?? listed.stopDate), listed });
			}
			if (newestFirst(page.entries) && startedBefore(page.entries.at(-1), startedAfter(newestStop))) break;
		}
	}
	return [...found.values()];
}

function time(date: Date | string | number): number {
	return new Date(date).getTime();
}

function newestFirst(entries: readonly ExecutionListItem[]): boolean {
	return entries.every((entry, index) => index === 0 || time(entry.startDate ?? 0) <= time(entries[index - 1].startDate ?? 0));
}

function startedBefore(entry: ExecutionListItem | undefined, limit: number): boolean {
	return entry?.startDate !== undefined && time(entry.startDate) < limit;
}

/** The item of an ended execution: what ListExecutions said, and with execution data its input, output, error and cause. */
export async function executionItem(session: SfnSession, ended: Ended, includeData: boolean): Promise<IDataObject> {
	const listed = toItemJson(ended.listed);
	if (!includeData) return listed;
	const described = toItemJson(
		await asAction('DescribeExecution', session.call('DescribeExecution', { executionArn: ended.executionArn })),
		['input', 'output'],
	);
	const item: IDataObject = { ...listed, ...described };
	const lacksOutcome = ended.listed.status === 'SUCCEEDED' ? item.output === undefined : item.error === undefined && item.cause === undefined;
	if (lacksOutcome) Object.assign(item, await outcomeFromHistory(session, ended.executionArn));
	return item;
}

/** The last events of an execution tell how it ended, for servers whose DescribeExecution leaves it out. */
async function outcomeFromHistory(session: SfnSession, executionArn: string): Promise<IDataObject> {
	const { events } = await asAction(
		'GetExecutionHistory',
		session.call('GetExecutionHistory', { executionArn, reverseOrder: true, maxResults: 10 }),
	);
	const last = (events ?? []).find(endingEvent);
	if (!last) return {};
	if (last.executionSucceededEventDetails) return toItemJson({ output: last.executionSucceededEventDetails.output }, ['output']);
	const details = last.executionFailedEventDetails ?? last.executionTimedOutEventDetails ?? last.executionAbortedEventDetails ?? {};
	return toItemJson({ error: details.error, cause: details.cause });
}

function endingEvent(event: HistoryEvent): boolean {
	return ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'].includes(event.type ?? '');
}
