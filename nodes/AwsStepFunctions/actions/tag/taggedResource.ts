import { updateDisplayOptions } from 'n8n-workflow';
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty, readReference } from '../../../shared/locators';
import type { LocatedKind, ResourceReference } from '../../../shared/locators';
import { readChoice } from '../../../shared/helpers/text';
import { readUnqualifiedStateMachine } from '../shared/unqualifiedStateMachine';

const RESOURCE_TYPES: readonly LocatedKind[] = ['activity', 'stateMachine'];

/**
 * What the tags belong to: Step Functions tags state machines (the machine itself, not a version or alias)
 * and activities. Resource Type chooses which picker shows.
 */
export function taggedResourceProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return updateDisplayOptions({ show }, [
		{
			displayName: 'Resource Type',
			name: 'resourceType',
			type: 'options',
			options: [
				{ name: 'Activity', value: 'activity' },
				{ name: 'State Machine', value: 'stateMachine' },
			],
			default: 'stateMachine',
			description: 'The kind of resource whose tags to work on',
		},
		{ ...locatorProperty('stateMachine'), displayOptions: { show: { resourceType: ['stateMachine'] } } },
		{ ...locatorProperty('activity'), displayOptions: { show: { resourceType: ['activity'] } } },
	]);
}

export function readTaggedResource(ctx: IExecuteFunctions, itemIndex: number): ResourceReference {
	const kind = readChoice(ctx, itemIndex, 'resourceType', 'Resource Type', RESOURCE_TYPES, 'stateMachine');
	return kind === 'stateMachine' ? readUnqualifiedStateMachine(ctx, itemIndex) : readReference(ctx, itemIndex, 'activity');
}
