import { MAX_PAGE_SIZE } from './limits';

export interface Page<T> {
	entries: T[];
	nextToken?: string;
}

/**
 * Follows nextToken until every entry is read (returnAll) or `limit` entries are, asking each page for no
 * more than is still wanted.
 */
export async function collectPages<T>(
	fetchPage: (maxResults: number, nextToken: string | undefined) => Promise<Page<T>>,
	returnAll: boolean,
	limit: number,
): Promise<T[]> {
	const entries: T[] = [];
	let nextToken: string | undefined;
	do {
		const wanted = returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - entries.length);
		const page = await fetchPage(wanted, nextToken);
		entries.push(...page.entries);
		nextToken = page.nextToken;
	} while (nextToken && (returnAll || entries.length < limit));
	return returnAll ? entries : entries.slice(0, limit);
}
