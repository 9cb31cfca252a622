import type { INodeProperties } from 'n8n-workflow';

import { activityProperties } from './activity';
import { aliasProperties } from './alias';
import { executionProperties } from './execution';
import { mapRunProperties } from './mapRun';
import { stateMachineProperties } from './stateMachine';
import { requestOptionsProperty } from './shared/requestOptions';
import { tagProperties } from './tag';
import { taskProperties } from './task';
import { versionProperties } from './version';

const resourceProperties: INodeProperties[] = [
	...activityProperties,
	...executionProperties,
	...mapRunProperties,
	...stateMachineProperties,
	...aliasProperties,
	...versionProperties,
	...tagProperties,
	...taskProperties,
];

/** Shows the chosen operation under the node, e.g. "Send Task Failure" or "Execution: Start". */
function operationSubtitle(): string {
	const names: Record<string, string> = {};
	for (const property of resourceProperties.filter((p) => p.name === 'operation')) {
		const resource = String(property.displayOptions?.show?.resource?.[0]);
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			names[`${resource}:${String(option.value)}`] = resource === 'task' ? option.name : `${RESOURCE_NAMES[resource]}: ${option.name}`;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

const RESOURCE_NAMES: Record<string, string> = {
	activity: 'Activity',
	execution: 'Execution',
	mapRun: 'Map Run',
	stateMachine: 'State Machine',
	stateMachineAlias: 'State Machine Alias',
	stateMachineVersion: 'State Machine Version',
	tag: 'Tag',
	task: 'Task Callback',
};

/** The node's parameters: Resource, each resource's operations and fields, and the Request Options. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: Object.entries(RESOURCE_NAMES).map(([value, name]) => ({ name, value })),
		default: 'task',
	},
	...resourceProperties,
	requestOptionsProperty,
];

export const OPERATION_SUBTITLE = operationSubtitle();
