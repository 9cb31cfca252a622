import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';
import { describe } from './describe.operation';
import { getHistory } from './getHistory.operation';
import { list } from './list.operation';
import { redrive } from './redrive.operation';
import { start } from './start.operation';
import { stop } from './stop.operation';

export const executionOperations = { start, describe, list, stop, getHistory, redrive } satisfies Record<string, Operation>;

export const executionProperties = resourceProperties(
	'execution',
	[
		{ name: 'Get', value: 'describe', description: 'Get the status, input, output, error and cause of an execution, from its execution ARN (DescribeExecution)', action: "Get an execution's status, input and output by ARN" },
		{ name: 'Get History', value: 'getHistory', description: 'Get the events of an execution from its execution ARN, one item per event, oldest or newest first (GetExecutionHistory)', action: 'Get the event history of an execution by ARN' },
		{ name: 'Get Many', value: 'list', description: "Get the executions of a state machine, version, alias or Map Run, by status and redrive status; one item each with its ARN, name, status and dates (ListExecutions)", action: 'Get many executions of a state machine, alias or Map Run' },
		{ name: 'Redrive', value: 'redrive', description: 'Restart a failed, timed out or aborted execution from the state where it stopped, from its execution ARN (RedriveExecution)', action: 'Redrive a failed execution from where it failed' },
		{ name: 'Start', value: 'start', description: 'Start an execution of a state machine, version or alias with a JSON input; returns its ARN, or with Wait for Completion its status and output (StartExecution, StartSyncExecution)', action: 'Start an execution with JSON input, optionally wait for output' },
		{ name: 'Stop', value: 'stop', description: 'Stop a running execution from its execution ARN, with an optional error and cause; returns the stop date (StopExecution)', action: 'Stop a running execution by ARN, with error and cause' },
	],
	'start',
	executionOperations,
);
