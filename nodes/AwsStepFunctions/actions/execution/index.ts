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
		{ name: 'Get', value: 'describe', description: 'Get the status, input and output of an execution (DescribeExecution)', action: 'Get an execution' },
		{ name: 'Get History', value: 'getHistory', description: 'Get the events of an execution (GetExecutionHistory)', action: 'Get the history of an execution' },
		{ name: 'Get Many', value: 'list', description: 'Get the executions of a state machine (ListExecutions)', action: 'Get many executions' },
		{ name: 'Redrive', value: 'redrive', description: 'Restart a failed execution from where it failed (RedriveExecution)', action: 'Redrive an execution' },
		{ name: 'Start', value: 'start', description: 'Start an execution, and optionally wait for its result (StartExecution, StartSyncExecution)', action: 'Start an execution' },
		{ name: 'Stop', value: 'stop', description: 'Stop a running execution (StopExecution)', action: 'Stop an execution' },
	],
	'start',
	executionOperations,
);
