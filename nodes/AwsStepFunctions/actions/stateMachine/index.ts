import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { describe } from './describe.operation';
import { list } from './list.operation';

export const stateMachineOperations = { describe, list } satisfies Record<string, Operation>;

export const stateMachineProperties = resourceProperties(
	'stateMachine',
	[
		{ name: 'Get', value: 'describe', description: 'Get the definition, type, status and role of a state machine (DescribeStateMachine)', action: 'Get a state machine' },
		{ name: 'Get Many', value: 'list', description: 'Get the state machines of the region (ListStateMachines)', action: 'Get many state machines' },
	],
	'list',
	stateMachineOperations,
);
