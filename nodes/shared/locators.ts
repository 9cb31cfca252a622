import type { IExecuteFunctions, INode, INodeParameterResourceLocator, INodeProperties, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';

import { ARN_PATTERNS, checkArn } from './helpers/arn';
import { nameNotFoundError } from './errors/input';
import { assertWithinLimit, LIMITS } from './helpers/limits';
import { walkPages } from './helpers/pagination';
import { toText } from './helpers/text';
import { LISTINGS } from './aws/listings';
import { asAction, lookupOnce } from './aws/session';
import type { SfnSession } from './aws/session';
import type { ItemContext } from './helpers/itemContext';

/** The resources a user picks from a list, by ARN or by name: state machines and activities. */
export type LocatedKind = 'stateMachine' | 'activity';

const LOCATED = {
	stateMachine: { displayName: 'State Machine', searchListMethod: 'searchStateMachines', exampleName: 'OrderApproval' },
	activity: { displayName: 'Activity', searchListMethod: 'searchActivities', exampleName: 'ApproveOrder' },
} as const;

/** What buildRequest reads; a name is resolved to an ARN when the request is sent. */
export interface ResourceReference {
	kind: LocatedKind;
	arn?: string;
	name?: string;
}

export function locatorProperty(kind: LocatedKind): INodeProperties {
	const { displayName, searchListMethod, exampleName } = LOCATED[kind];
	return {
		displayName,
		name: kind,
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
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: `e.g. ${exampleName}`,
				hint: "Looked up in the credential's region",
			},
		],
	};
}

export function readReference(ctx: IExecuteFunctions, itemIndex: number, kind: LocatedKind): ResourceReference {
	return referenceFrom(ctx.getNode(), itemIndex, kind, ctx.getNodeParameter(kind, itemIndex) as INodeParameterResourceLocator);
}

/** A trigger's locator: triggers have no input items, so their parameters are read once, as item 0's. */
export function readTriggerReference(ctx: ITriggerFunctions | IPollFunctions, kind: LocatedKind): ResourceReference {
	return referenceFrom(ctx.getNode(), 0, kind, ctx.getNodeParameter(kind) as INodeParameterResourceLocator);
}

/** Checks a locator's value (a name's length, an ARN's shape) before anything is sent. */
function referenceFrom(node: INode, itemIndex: number, kind: LocatedKind, locator: INodeParameterResourceLocator): ResourceReference {
	if (locator.mode === 'name') {
		const label = `${LOCATED[kind].displayName} Name`;
		const name = toText(node, itemIndex, label, locator.value).trim();
		assertWithinLimit(node, itemIndex, { ...LIMITS.executionName, label }, name);
		return { kind, name };
	}
	return { kind, arn: checkArn(node, itemIndex, kind, locator.value) };
}

/** The reference's ARN; a name is looked up once per run among the account's resources in the region. */
export async function resolveArn(session: SfnSession, reference: ResourceReference, item: ItemContext): Promise<string> {
	if (reference.arn) return reference.arn;
	const name = reference.name ?? '';
	const listing = LISTINGS[reference.kind];
	const arn = await lookupOnce(session, `${reference.kind}:name:${name}`, async () => {
		const pages = walkPages((maxResults, nextToken) => asAction(listing.action, listing.page(session, maxResults, nextToken)), {
			...item,
			action: listing.action,
			cancelSignal: session.cancelSignal,
		});
		for await (const page of pages) {
			const found = page.entries.find((entry) => entry.name === name);
			if (found) return found.arn;
		}
		return undefined;
	});
	if (!arn) throw nameNotFoundError(item.node, item.itemIndex, LOCATED[reference.kind].displayName.toLowerCase(), name, session.region);
	return arn;
}
