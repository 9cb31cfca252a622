import type { INode } from 'n8n-workflow';

import { cancelledError, endlessListingError } from '../errors/run';
import { MAX_PAGE_SIZE, MAX_PAGES } from './limits';

export interface Page<T> {
	entries: T[];
	nextToken?: string;
}

export type FetchPage<T> = (maxResults: number, nextToken: string | undefined) => Promise<Page<T>>;

/** What a listing needs to end cleanly: who asked (for errors), the API action, and the run's cancel signal. */
export interface ListingContext {
	node: INode;
	itemIndex: number;
	action: string;
	cancelSignal?: AbortSignal;
}

/**
 * Yields the pages of a listing, following nextToken. A listing always ends: a page token seen before (a
 * server that loops) or more than MAX_PAGES pages stop it with an error naming the action, and a cancelled
 * run stops it between pages. `pageSize` says how many entries the next page should hold at most.
 */
export async function* walkPages<T>(
	fetchPage: FetchPage<T>,
	context: ListingContext,
	pageSize: () => number = () => MAX_PAGE_SIZE,
): AsyncGenerator<Page<T>> {
	const seenTokens = new Set<string>();
	let nextToken: string | undefined;
	for (let pages = 1; ; pages++) {
		if (context.cancelSignal?.aborted) throw cancelledError(context.node, context.itemIndex);
		const page = await fetchPage(pageSize(), nextToken);
		yield page;
		nextToken = page.nextToken;
		if (!nextToken) return;
		if (seenTokens.has(nextToken)) {
			throw endlessListingError(context.node, context.itemIndex, context.action, `page ${pages} repeated the page token of an earlier page`);
		}
		if (pages >= MAX_PAGES) {
			throw endlessListingError(context.node, context.itemIndex, context.action, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
		}
		seenTokens.add(nextToken);
	}
}

/**
 * Reads every entry (returnAll) or the first `limit` entries, asking each page for no more than is still
 * wanted and sending no request once enough entries are in.
 */
export async function collectPages<T>(
	fetchPage: FetchPage<T>,
	returnAll: boolean,
	limit: number,
	context: ListingContext,
): Promise<T[]> {
	const entries: T[] = [];
	const wanted = () => (returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - entries.length));
	for await (const page of walkPages(fetchPage, context, wanted)) {
		entries.push(...page.entries);
		if (!returnAll && entries.length >= limit) break;
	}
	return returnAll ? entries : entries.slice(0, limit);
}
