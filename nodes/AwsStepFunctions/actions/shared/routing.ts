import type { RoutingConfigurationListItem } from '@aws-sdk/client-sfn';
import type { IExecuteFunctions, INode, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { ALIAS_WEIGHT_TOTAL, MAX_ALIAS_ROUTES, NUMBER_RANGES, readInRange } from '../../../shared/helpers/limits';
import { locatorProperty, readReference, resolveArn, unqualifiedArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { SfnSession } from '../../../shared/aws/session';
import type { ItemContext } from '../../../shared/helpers/itemContext';

/**
 * An alias's routing as people set it: one version with its weight, and optionally a second version that gets
 * the rest of 100 (a canary: 90 / 10, then 100). The API takes one or two versions (MAX_ALIAS_ROUTES) of one
 * state machine, distinct, weights 0-100 summing to 100; with the second weight derived, the sum always holds,
 * and the rest is checked here before sending.
 */
export function routingProperties(displayOptions?: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		locatorProperty('stateMachineVersion', {
			description: 'The version that gets Weight % of the executions started through the alias',
			displayOptions,
		}),
		{
			displayName: 'Weight (%)',
			name: 'weight',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 100,
			description: 'Share of executions for Version, 0-100. Below 100, the Second Version gets the rest.',
			displayOptions,
		},
		locatorProperty('stateMachineVersion', {
			displayName: 'Second Version',
			name: 'secondVersion',
			required: false,
			description: 'Optional: a second version of the same state machine that gets 100 − Weight % (e.g. the canary). Leave empty with Weight 100.',
			displayOptions,
		}),
	];
}

export interface RouteReference {
	version: ResourceReference;
	weight: number;
}

/** Reads and checks the routing; what is known before sending (ARNs) is checked now, names after resolving. */
export function readRouting(ctx: IExecuteFunctions, itemIndex: number): RouteReference[] {
	const node = ctx.getNode();
	const range = NUMBER_RANGES.weight;
	const given = ctx.getNodeParameter('weight', itemIndex, ALIAS_WEIGHT_TOTAL);
	const weight = readInRange(node, itemIndex, range, given);
	const routes: RouteReference[] = [{ version: readReference(ctx, itemIndex, 'stateMachineVersion'), weight }];
	const second = ctx.getNodeParameter('secondVersion', itemIndex, undefined) as INodeParameterResourceLocator | undefined;
	if (second?.value !== undefined && second.value !== null && second.value !== '') {
		routes.push({ version: readReference(ctx, itemIndex, 'stateMachineVersion', 'secondVersion'), weight: ALIAS_WEIGHT_TOTAL - weight });
	} else if (weight !== ALIAS_WEIGHT_TOTAL) {
		throw refusedValueError(
			node,
			itemIndex,
			range.label,
			`is ${weight} but there is no Second Version`,
			`An alias's weights sum to ${ALIAS_WEIGHT_TOTAL}: set Weight to ${ALIAS_WEIGHT_TOTAL}, or add a Second Version for the other ${ALIAS_WEIGHT_TOTAL - weight} %.`,
		);
	}
	const arns = routes.map((route) => route.version.arn);
	if (arns.every((arn) => arn !== undefined)) checkRoutes(node, itemIndex, arns as string[]);
	return routes;
}

/** The routing as the API takes it, with version numbers resolved within their state machine. */
export async function resolveRouting(
	session: SfnSession,
	routes: RouteReference[],
	item: ItemContext,
): Promise<RoutingConfigurationListItem[]> {
	const resolved: RoutingConfigurationListItem[] = [];
	for (const route of routes) {
		resolved.push({ stateMachineVersionArn: await resolveArn(session, route.version, item), weight: route.weight });
	}
	checkRoutes(item.node, item.itemIndex, resolved.map((route) => route.stateMachineVersionArn ?? ''));
	return resolved;
}

/** At most two versions, distinct, of one state machine. */
function checkRoutes(node: INode, itemIndex: number, versionArns: string[]): void {
	if (versionArns.length > MAX_ALIAS_ROUTES) {
		throw refusedValueError(node, itemIndex, 'Routing', `names ${versionArns.length} versions`, `An alias routes to at most ${MAX_ALIAS_ROUTES}.`);
	}
	const [first, second] = versionArns;
	if (second === undefined) return;
	if (first === second) {
		throw refusedValueError(node, itemIndex, 'Second Version', 'is the same version as Version', 'Choose two different versions, or one version with Weight 100.');
	}
	if (unqualifiedArn(first) !== unqualifiedArn(second)) {
		throw refusedValueError(
			node,
			itemIndex,
			'Second Version',
			`belongs to ${unqualifiedArn(second)}, but Version to ${unqualifiedArn(first)}`,
			'The versions of one alias belong to the same state machine.',
		);
	}
}
