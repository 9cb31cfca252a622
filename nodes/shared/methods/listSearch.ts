import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ARN_PATTERNS } from '../helpers/arn';
import { LISTINGS } from '../aws/listings';
import type { ListedKind, NamedResource } from '../aws/listings';
import { sessionFromCredential } from '../aws/session';
import type { SfnSession } from '../aws/session';
import { parentOfKind, resolveArn, unqualifiedArn } from '../locators';

// One page of the AWS listing per request of the editor's list; the typed text filters it by name.
const PAGE_SIZE = 100;

async function search(
	ctx: ILoadOptionsFunctions,
	kind: ListedKind,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const session = await sessionFromCredential(ctx);
	const parentArn = await pickedParentArn(ctx, session, kind);
	const listing = LISTINGS[kind];
	const page = await listing.page(session, PAGE_SIZE, paginationToken, parentArn);
	const needle = (filter ?? '').toLowerCase();
	const entries = page.entries.filter((entry) => entry.name.toLowerCase().includes(needle));
	entries.sort(
		listing.order === 'newest'
			? (a, b) => (b.created ?? '').localeCompare(a.created ?? '')
			: (a, b) => a.name.localeCompare(b.name),
	);
	return {
		results: entries.map((entry) => ({
			...shown(kind, entry),
			value: entry.arn,
			// A custom endpoint (Step Functions Local, LocalStack) has no AWS console page to link to.
			url: session.customEndpoint ? undefined : consoleUrl(session.region, kind, entry.arn),
		})),
		paginationToken: page.nextToken,
	};
}

/** How an entry reads in the list: a version by its number, a Map Run by its label and start. */
function shown(kind: ListedKind, entry: NamedResource): Pick<INodeListSearchItems, 'name' | 'description'> {
	const created = entry.created ? `created ${entry.created.replace('T', ' ').slice(0, 19)} UTC` : undefined;
	if (kind === 'stateMachineVersion') return { name: `Version ${entry.name}`, description: created };
	if (kind === 'mapRun') return { name: `${entry.name} (started ${entry.created?.replace('T', ' ').slice(0, 19) ?? '?'} UTC)`, description: entry.arn };
	return { name: entry.name, description: kind === 'stateMachineAlias' ? created : undefined };
}

/**
 * The parent whose children a picker lists: the node's State Machine (its own ARN, also when a version or
 * alias ARN was given; a name is looked up) or Execution ARN. Nothing chosen yet: the list says what to fill.
 */
async function pickedParentArn(ctx: ILoadOptionsFunctions, session: SfnSession, kind: ListedKind): Promise<string | undefined> {
	const parent = parentOfKind(kind);
	if (!parent) return undefined;
	const parameter = parent === 'stateMachine' ? 'stateMachine' : 'executionArn';
	const value = ctx.getCurrentNodeParameter(parameter, { extractValue: true });
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		const what = parent === 'stateMachine' ? 'a state machine' : 'the Execution ARN';
		throw new NodeOperationError(ctx.getNode(), `Choose ${what} first`, { description: `The list shows what belongs to ${what}.` });
	}
	// The editor hands over an expression it could not evaluate (no input data yet) as written: looking it up
	// would page through every state machine of the region for a name that cannot exist.
	if (text.startsWith('=') || text.includes('{{')) {
		const field = parent === 'stateMachine' ? 'State Machine' : 'Execution ARN';
		throw new NodeOperationError(ctx.getNode(), `The list cannot use the expression in ${field}`, {
			description: `The editor could not evaluate ${text} without input data. Run the previous node once so that it can, or leave the list and give the resource by ARN, name or number: those take expressions, evaluated when the node runs.`,
		});
	}
	if (parent === 'execution') {
		if (!ARN_PATTERNS.execution.pattern.test(text)) {
			throw new NodeOperationError(ctx.getNode(), `"${text}" is not an execution ARN`, {
				description: `The list shows the Map Runs of the execution in Execution ARN, e.g. ${ARN_PATTERNS.execution.example}.`,
			});
		}
		return text;
	}
	if (ARN_PATTERNS.stateMachine.pattern.test(text)) return unqualifiedArn(text);
	return await resolveArn(session, { kind: 'stateMachine', name: text }, { node: ctx.getNode(), itemIndex: 0 });
}

/** Link to the resource in its partition's AWS console (shown next to the chosen entry). */
function consoleUrl(region: string, kind: ListedKind, arn: string): string | undefined {
	const page = kind === 'stateMachine' ? 'statemachines/view' : kind === 'activity' ? 'activities/view' : undefined;
	const host = region.startsWith('cn-')
		? 'console.amazonaws.cn'
		: region.startsWith('us-gov-')
			? 'console.amazonaws-us-gov.com'
			: region.startsWith('eusc-')
				? undefined
				: 'console.aws.amazon.com';
	if (!host || !page) return undefined;
	return `https://${host}/states/home?region=${region}#/${page}/${encodeURIComponent(arn)}`;
}

export async function searchStateMachines(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, 'stateMachine', filter, paginationToken);
}

export async function searchActivities(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, 'activity', filter, paginationToken);
}

export async function searchVersions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, 'stateMachineVersion', filter, paginationToken);
}

export async function searchAliases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, 'stateMachineAlias', filter, paginationToken);
}

export async function searchMapRuns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, 'mapRun', filter, paginationToken);
}

/**
 * Start's "Version or Alias": the state machine's aliases (at most 100), then its versions newest first, one AWS
 * page per request. The value is what follows the state machine's ARN: an alias name or a version number. The
 * page token says which listing it continues ("stateMachineAlias|<token>").
 */
export async function searchVersionsAndAliases(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const [continued, token] = (paginationToken ?? '').split(/\|(.*)/s);
	const kind: ListedKind = continued === 'stateMachineVersion' ? 'stateMachineVersion' : 'stateMachineAlias';
	const page = await search(this, kind, filter, token || undefined);
	const next = page.paginationToken ? `${kind}|${String(page.paginationToken)}` : kind === 'stateMachineAlias' ? 'stateMachineVersion|' : undefined;
	return {
		results: page.results.map((entry) => {
			const qualifier = String(entry.value).slice(String(entry.value).lastIndexOf(':') + 1);
			return { ...entry, name: kind === 'stateMachineAlias' ? `Alias ${entry.name}` : entry.name, value: qualifier };
		}),
		paginationToken: next,
	};
}
