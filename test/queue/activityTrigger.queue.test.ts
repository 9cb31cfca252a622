import { StartExecutionCommand } from '@aws-sdk/client-sfn';

import { createActivityMachine, serverViews } from './support/taskLoad';
import type { ActivityMachine, Task } from './support/taskLoad';
import { eventually, readWorkflow, useQueueCluster } from './support/queueSuite';

/**
 * The AWS Step Functions Activity Trigger runs on n8n's main process (triggers run only there in queue mode) with
 * several pollers; each task it takes becomes one execution that a worker runs, answering the task with Send Task
 * Success. Checked on the Step Functions server (its executions and its record of accepted answers) and in n8n's
 * records and the workers' logs.
 */
const EXECUTIONS = 300;
let machine: ActivityMachine;
let workflowId: string;
const suite = useQueueCluster({
	workflows: async (endpoint) => {
		machine = await createActivityMachine(endpoint);
		const workflow = readWorkflow('activity-trigger.json', { __ACTIVITY_ARN__: machine.activityArn });
		workflowId = workflow.id;
		return [workflow];
	},
});

describe('n8n 2.x in queue mode: the activity trigger on main feeds two workers', () => {
	it(`works ${EXECUTIONS} activity tasks: every execution SUCCEEDED, each task answered exactly once, on both workers`, async () => {
		const started: Task[] = [];
		for (let from = 0; from < EXECUTIONS; from += 50) {
			const batch = await Promise.all(
				Array.from({ length: Math.min(50, EXECUTIONS - from) }, async (_, i) => {
					const orderId = from + i + 1;
					const { executionArn } = await machine.client.send(
						new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: `trigger-order-${orderId}-${Date.now()}`, input: JSON.stringify({ orderId }) }),
					);
					return { orderId, executionArn: executionArn as string, taskToken: '' };
				}),
			);
			started.push(...batch);
		}

		const views = await eventually(
			async () => {
				const current = await serverViews(machine.client, started);
				return current.every((view) => view.status !== 'RUNNING') ? current : undefined;
			},
			`the ${EXECUTIONS} executions to close on the server`,
			180_000,
		);
		expect(views).toEqual(started.map(({ orderId }) => ({ status: 'SUCCEEDED', output: { orderId, worked: true } })));

		// Exactly one accepted answer per task of this activity, and one answer per execution.
		const answers = [...suite.ledger.answers.values()];
		expect(answers).toHaveLength(EXECUTIONS);
		expect(answers.filter((list) => list.length !== 1 || list[0].action !== 'SendTaskSuccess')).toEqual([]);

		// n8n: one successful trigger execution per task, run by the workers, both of them.
		const stored = await eventually(
			async () => {
				const rows = await suite.cluster.executions(workflowId);
				return rows.length >= EXECUTIONS && rows.every((row) => row.status === 'success') ? rows : undefined;
			},
			"n8n's executions to be saved",
			30_000,
		);
		expect(stored).toHaveLength(EXECUTIONS);
		expect(stored.filter((execution) => execution.mode !== 'trigger')).toEqual([]);
		const byWorker = await eventually(async () => {
			const logged = suite.cluster.executionsByWorker();
			return logged['worker-1'].length + logged['worker-2'].length >= EXECUTIONS ? logged : undefined;
		}, "the workers' log lines", 10_000);
		expect(byWorker['worker-1'].length).toBeGreaterThan(0);
		expect(byWorker['worker-2'].length).toBeGreaterThan(0);
		expect([...byWorker['worker-1'], ...byWorker['worker-2']].sort()).toEqual(stored.map((execution) => execution.id).sort());
	});
});
