import type { IExecuteFunctions, INode, INodeParameterResourceLocator, INodeProperties, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';

import { ARN_PATTERNS, checkArn } from './helpers/arn';
import { nameNotFoundError, refusedValueError } from './errors/input';
import { ALIAS_NAME_PATTERN, assertWithinLimit, LIMITS } from './helpers/limits';
import { walkPages } from './helpers/pagination';
import { toText } from './helpers/text';
import { LISTINGS } from './aws/listings';
import type { ListedKind, NamedResource } from './aws/listings';
import { asAction, lookupOnce } from './aws/session';
import type { SfnSession } from './aws/session';
import type { ItemContext } from './helpers/itemContext';

/**
 * The resources a user picks from a list, by ARN or by name: state machines and activities of the region, and
 * resources that belong to a parent: a state machine's versions and aliases, an execution's Map Runs.
 */
export type LocatedKind = ListedKind;

/** Where a child resource's parent is read from: the State Machine locator, or the Execution ARN field. */
type ParentKind = 'stateMachine' | 'execution';

interface Located {
	displayName: string;
	/** The node parameter holding the locator */
	parameter: string;
	searchListMethod: string;
	byName: { displayName: string; placeholder: string; hint: string };
	parent?: ParentKind;
	/** A child whose ARN follows from its parent's and its name (a version number, an alias name): no look-up */
	arnFromName?: (parentArn: string, name: string) => string;
	/** Several resources may share the name (Map Runs of one Map state): the newest is meant */
	namesRepeat?: boolean;
	checkName(node: INode, itemIndex: number, label: string, name: string): void;
}

const withinResourceName = (node: INode, itemIndex: number, label: string, name: string) =>
	assertWithinLimit(node, itemIndex, { ...LIMITS.resourceName, label }, name);
const qualified = (parentArn: string, name: string) => `${parentArn}:${name}`;

const LOCATED: Record<LocatedKind, Located> = {
	stateMachine: {
		displayName: 'State Machine',
		parameter: 'stateMachine',
		searchListMethod: 'searchStateMachines',
		byName: { displayName: 'By Name', placeholder: 'e.g. OrderApproval', hint: "Looked up in the credential's region" },
		checkName: withinResourceName,
	},
	activity: {
		displayName: 'Activity',
		parameter: 'activity',
		searchListMethod: 'searchActivities',
		byName: { displayName: 'By Name', placeholder: 'e.g. ApproveOrder', hint: "Looked up in the credential's region" },
		checkName: withinResourceName,
	},
	stateMachineVersion: {
		displayName: 'Version',
		parameter: 'version',
		searchListMethod: 'searchVersions',
		byName: { displayName: 'By Number', placeholder: 'e.g. 3', hint: 'The version number within the state machine chosen above' },
		parent: 'stateMachine',
		arnFromName: qualified,
		checkName(node, itemIndex, label, name) {
			if (!/^[1-9][0-9]{0,9}$/.test(name)) {
				throw refusedValueError(node, itemIndex, label, `is "${name}", not a version number`, 'Give the number of a published version, e.g. 3.');
			}
		},
	},
	stateMachineAlias: {
		displayName: 'Alias',
		parameter: 'alias',
		searchListMethod: 'searchAliases',
		byName: { displayName: 'By Name', placeholder: 'e.g. prod', hint: 'The alias name within the state machine chosen above' },
		parent: 'stateMachine',
		arnFromName: qualified,
		checkName: checkAliasName,
	},
	mapRun: {
		displayName: 'Map Run',
		parameter: 'mapRunArn',
		searchListMethod: 'searchMapRuns',
		byName: {
			displayName: 'By Map State Label',
			placeholder: 'e.g. ProcessOrders',
			hint: "The Distributed Map state's label: its newest Map Run in the execution above",
		},
		parent: 'execution',
		namesRepeat: true,
		checkName: (node, itemIndex, label, name) => assertWithinLimit(node, itemIndex, { ...LIMITS.stateName, label }, name),
	},
};

/** Alias names: 1-80 letters, digits, _ - . and not only digits (a number would read as a version). */
export function checkAliasName(node: INode, itemIndex: number, label: string, name: string): void {
	withinResourceName(node, itemIndex, label, name);
	if (!ALIAS_NAME_PATTERN.test(name)) {
		throw refusedValueError(
			node,
			itemIndex,
			label,
			`is "${name}": alias names hold only letters, digits, _ - . and not only digits`,
			'Rename it, e.g. prod or blue-green.',
		);
	}
}

/** The state machine itself, for a version or alias ARN (…:stateMachine:Name:3 -> …:stateMachine:Name). */
export function unqualifiedArn(stateMachineArn: string): string {
	const at = stateMachineArn.indexOf(':stateMachine:');
	if (at < 0) return stateMachineArn;
	const start = at + ':stateMachine:'.length;
	const end = stateMachineArn.indexOf(':', start);
	return end < 0 ? stateMachineArn : stateMachineArn.slice(0, end);
}

/** What buildRequest reads; a name is resolved to an ARN when the request is sent. */
export interface ResourceReference {
	kind: LocatedKind;
	arn?: string;
	name?: string;
	/** For a child given by name: its state machine (a reference) or execution (an ARN) */
	parent?: ResourceReference | string;
}

export function locatorProperty(kind: LocatedKind, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const { displayName, parameter, searchListMethod, byName } = LOCATED[kind];
	return {
		displayName,
		name: parameter,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${displayName.toLowerCase()}...`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ARN',
				name: 'arn',
				type: 'string',
				placeholder: ARN_PATTERNS[kind].example,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: ARN_PATTERNS[kind].pattern.source,
							errorMessage: `Not a ${ARN_PATTERNS[kind].label}, e.g. ${ARN_PATTERNS[kind].example}`,
						},
					},
				],
			},
			{ displayName: byName.displayName, name: 'name', type: 'string', placeholder: byName.placeholder, hint: byName.hint },
		],
		...overrides,
	};
}

/** Reads a locator; `parameter` names a second locator of the same kind (an alias's second version). */
export function readReference(ctx: IExecuteFunctions, itemIndex: number, kind: LocatedKind, parameter = LOCATED[kind].parameter): ResourceReference {
	const locator = ctx.getNodeParameter(parameter, itemIndex) as INodeParameterResourceLocator;
	return referenceFrom(ctx.getNode(), itemIndex, kind, locator, readParent(ctx, itemIndex, kind));
}

/** A trigger's locator: triggers have no input items, so their parameters are read once, as item 0's. */
export function readTriggerReference(ctx: ITriggerFunctions | IPollFunctions, kind: LocatedKind): ResourceReference {
	return referenceFrom(ctx.getNode(), 0, kind, ctx.getNodeParameter(LOCATED[kind].parameter) as INodeParameterResourceLocator);
}

/** Checks a locator's value (a name's shape, an ARN's shape) before anything is sent. */
function referenceFrom(
	node: INode,
	itemIndex: number,
	kind: LocatedKind,
	locator: INodeParameterResourceLocator,
	parentOf?: (name: string) => ResourceReference | string,
): ResourceReference {
	if (locator.mode === 'name') {
		const located = LOCATED[kind];
		const label = located.byName.displayName === 'By Number' ? `${located.displayName} Number` : `${located.displayName} Name`;
		const name = toText(node, itemIndex, label, locator.value).trim();
		located.checkName(node, itemIndex, label, name);
		return located.parent && parentOf ? { kind, name, parent: parentOf(name) } : { kind, name };
	}
	return { kind, arn: checkArn(node, itemIndex, kind, locator.value) };
}

/** The parent a child named by name belongs to: the State Machine locator, or the Execution ARN field. */
function readParent(ctx: IExecuteFunctions, itemIndex: number, kind: LocatedKind): (name: string) => ResourceReference | string {
	return (name) => {
		const node = ctx.getNode();
		// "Map Run" is a proper name in AWS's wording; the others read in lower case inside a sentence.
		const what = kind === 'mapRun' ? 'Map Run' : LOCATED[kind].displayName.toLowerCase();
		const missing = (label: string) =>
			refusedValueError(
				node,
				itemIndex,
				label,
				'is empty',
				`The ${what} "${name}" is looked up within it: fill it in, or choose the ${what} by ARN.`,
			);
		if (LOCATED[kind].parent === 'execution') {
			const value = ctx.getNodeParameter('executionArn', itemIndex, '');
			if (value === '' || value === undefined || value === null) throw missing('Execution ARN');
			return checkArn(node, itemIndex, 'execution', value);
		}
		const locator = ctx.getNodeParameter('stateMachine', itemIndex, undefined) as INodeParameterResourceLocator | undefined;
		if (locator?.value === '' || locator?.value === undefined || locator.value === null) throw missing('State Machine');
		return referenceFrom(node, itemIndex, 'stateMachine', locator);
	};
}

/**
 * The reference's ARN. A name is looked up once per run: among the region's state machines or activities, or
 * within its parent (a version's or alias's ARN follows from its state machine's; a Map Run is listed).
 */
export async function resolveArn(session: SfnSession, reference: ResourceReference, item: ItemContext): Promise<string> {
	if (reference.arn) return reference.arn;
	const name = reference.name ?? '';
	const located = LOCATED[reference.kind];
	const parentArn = await resolveParent(session, reference, item);
	if (located.arnFromName && parentArn) return located.arnFromName(parentArn, name);
	const arn = await lookupOnce(session, `${reference.kind}:${parentArn ?? ''}:name:${name}`, async () =>
		findByName(session, reference.kind, name, parentArn, item),
	);
	if (!arn) {
		const what = parentArn ? `${located.displayName} of ${parentArn}` : located.displayName.toLowerCase();
		throw nameNotFoundError(item.node, item.itemIndex, what, name, session.region);
	}
	return arn;
}

async function resolveParent(session: SfnSession, reference: ResourceReference, item: ItemContext): Promise<string | undefined> {
	const { parent } = reference;
	if (parent === undefined) return undefined;
	if (typeof parent === 'string') return parent;
	return unqualifiedArn(await resolveArn(session, parent, item));
}

/** Pages through the listing for the name; where names repeat, the newest entry of that name wins. */
async function findByName(
	session: SfnSession,
	kind: LocatedKind,
	name: string,
	parentArn: string | undefined,
	item: ItemContext,
): Promise<string | undefined> {
	const listing = LISTINGS[kind];
	const pages = walkPages(
		(maxResults, nextToken) => asAction(listing.action, listing.page(session, maxResults, nextToken, parentArn)),
		{ ...item, action: listing.action, cancelSignal: session.cancelSignal },
	);
	let newest: NamedResource | undefined;
	for await (const page of pages) {
		for (const entry of page.entries.filter((candidate) => candidate.name === name)) {
			if (!LOCATED[kind].namesRepeat) return entry.arn;
			if (!newest || (entry.created ?? '') > (newest.created ?? '')) newest = entry;
		}
	}
	return newest?.arn;
}

/** The parameter a kind's picker reads its parent from, for the editor's lists. */
export function parentOfKind(kind: LocatedKind): ParentKind | undefined {
	return LOCATED[kind].parent;
}
