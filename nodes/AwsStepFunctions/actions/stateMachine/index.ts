import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { create } from './create.operation';
import { deleteStateMachine } from './delete.operation';
import { describe } from './describe.operation';
import { describeForExecution } from './describeForExecution.operation';
import { list } from './list.operation';
import { testState } from './testState.operation';
import { update } from './update.operation';
import { validateDefinition } from './validateDefinition.operation';

export const stateMachineOperations = {
	create,
	delete: deleteStateMachine,
	describe,
	describeForExecution,
	list,
	testState,
	update,
	validateDefinition,
} satisfies Record<string, Operation>;

export const stateMachineProperties = resourceProperties(
	'stateMachine',
	[
		{
			name: 'Create',
			value: 'create',
			description: 'Create a state machine from a name, definition and IAM role; returns its ARN, and a version ARN when published (CreateStateMachine)',
			action: 'Create a state machine from a name, definition and role',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Permanently delete a state machine with its versions and aliases; completes once its executions end (DeleteStateMachine)',
			action: 'Delete a state machine permanently',
		},
		{ name: 'Get', value: 'describe', description: 'Get the definition, type, status and role of a state machine, version or alias, from its ARN or name (DescribeStateMachine)', action: "Get a state machine's definition, type and role" },
		{
			name: 'Get for Execution',
			value: 'describeForExecution',
			description: 'Get the definition, role and settings an execution ran with, from its execution ARN (DescribeStateMachineForExecution)',
			action: 'Get the state machine definition an execution ran',
		},
		{ name: 'Get Many', value: 'list', description: "Get the state machines of the credential's region, one item each with its name, ARN and type (ListStateMachines)", action: 'Get many state machines of the region' },
		{
			name: 'Test State',
			value: 'testState',
			description: 'Run one state with a given input, optionally mocked, and return its output, error, next state and inspection data (TestState)',
			action: 'Test one state of a definition on an input',
		},
		{
			name: 'Update',
			value: 'update',
			description: "Change a state machine's definition, role, logging, tracing or encryption, optionally publishing a version (UpdateStateMachine)",
			action: "Update a state machine's definition or settings",
		},
		{
			name: 'Validate Definition',
			value: 'validateDefinition',
			description: 'Check a definition without creating anything; returns OK or FAIL with each problem found (ValidateStateMachineDefinition)',
			action: 'Validate a state machine definition (OK or FAIL)',
		},
	],
	'list',
	stateMachineOperations,
);
