import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { describe } from './describe.operation';
import { list } from './list.operation';

export const stateMachineOperations = { describe, list } as unknown as Record<string, Operation>;

export const stateMachineProperties = resourceProperties(
	'stateMachine',
	[
		{ name: 'Describe', value: 'describe', description: 'Get the definition, type, status and role of a state machine', action: 'Describe a state machine' },
		{ name: 'List', value: 'list', description: 'List the state machines of the region', action: 'List state machines' },
	],
	'list',
	stateMachineOperations,
);
