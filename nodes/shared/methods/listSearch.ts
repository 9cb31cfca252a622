import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { LISTINGS } from '../aws/listings';
import { sessionFromCredential } from '../aws/session';

// One page of the AWS listing per request of the editor's list; the typed text filters it by name.
const PAGE_SIZE = 100;

async function search(
	ctx: ILoadOptionsFunctions,
	kind: keyof typeof LISTINGS,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const session = await sessionFromCredential(ctx);
	const page = await LISTINGS[kind].page(session, PAGE_SIZE, paginationToken);
	const needle = (filter ?? '').toLowerCase();
	return {
		results: page.entries
			.filter((entry) => entry.name.toLowerCase().includes(needle))
			.map((entry) => ({
				name: entry.name,
				value: entry.arn,
				// A custom endpoint (Step Functions Local, LocalStack) has no AWS console page to link to.
				url: session.customEndpoint ? undefined : consoleUrl(session.region, kind, entry.arn),
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		paginationToken: page.nextToken,
	};
}

/** Link to the resource in its partition's AWS console (shown next to the chosen entry). */
function consoleUrl(region: string, kind: keyof typeof LISTINGS, arn: string): string | undefined {
	const host = region.startsWith('cn-')
		? 'console.amazonaws.cn'
		: region.startsWith('us-gov-')
			? 'console.amazonaws-us-gov.com'
			: region.startsWith('eusc-')
				? undefined
				: 'console.aws.amazon.com';
	if (!host) return undefined;
	const page = kind === 'stateMachine' ? 'statemachines/view' : 'activities/view';
	return `https://${host}/states/home?region=${region}#/${page}/${encodeURIComponent(arn)}`;
}

export async function searchStateMachines(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'stateMachine', filter, paginationToken);
}

export async function searchActivities(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'activity', filter, paginationToken);
}
