import type { HistoryEvent } from '@aws-sdk/client-sfn';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { createActivityMachine, eventually, startLocalStepFunctions, uniqueName } from '../helpers/localStepFunctions';
import type { LocalStepFunctions } from '../helpers/localStepFunctions';

// Executions, state machines and activities against stepfunctions-local, an independent Step Functions API server.
let server: LocalStepFunctions;
let admin: AdminSession;
let credentials: Record<string, string | boolean>;
const machines: Record<'pass' | 'wait', { arn: string; name: string }> = {} as never;

const DEFINITIONS = {
	pass: { StartAt: 'Approve', States: { Approve: { Type: 'Pass', Result: { approved: true }, ResultPath: '$.decision', End: true } } },
	wait: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 120, End: true } } },
};

beforeAll(async () => {
	server = await startLocalStepFunctions();
	credentials = { region: 'us-east-1', accessKeyId: 'AKIALOCAL', secretAccessKey: 'local', customEndpoint: true, endpoint: server.endpoint };
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', endpoint: server.endpoint });
	for (const [kind, definition] of Object.entries(DEFINITIONS) as Array<[keyof typeof DEFINITIONS, object]>) {
		const name = uniqueName(kind);
		const { stateMachineArn } = await admin.client.send(
			new admin.sdk.CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/test' }),
		);
		machines[kind] = { arn: stateMachineArn ?? '', name };
	}
});

afterAll(async () => {
	admin.client.destroy();
	await server.stop();
});

function runNode(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const start = (machine: keyof typeof machines, params: Record<string, unknown> = {}) => ({
	resource: 'execution',
	operation: 'start',
	stateMachine: byArn(machines[machine].arn),
	input: { orderId: 7 },
	waitForCompletion: false,
	options: {},
	...params,
});

async function history(executionArn: string): Promise<HistoryEvent[]> {
	return (await admin.client.send(new admin.sdk.GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

describe('Execution operations against stepfunctions-local', () => {
	it('starts an execution and describes it, input and output parsed', async () => {
		const [[started]] = await runNode([start('pass')]);
		const executionArn = String(started.json.executionArn);
		expect(executionArn).toContain(`:execution:${machines.pass.name}:`);

		const described = await eventually(async () => {
			const [[item]] = await runNode([{ resource: 'execution', operation: 'describe', executionArn }]);
			return item.json.status === 'SUCCEEDED' ? item.json : undefined;
		}, 'SUCCEEDED');
		expect(described.input).toEqual({ orderId: 7 });
		expect(described.output).toEqual({ orderId: 7, decision: { approved: true } });
	});

	it.each(['STANDARD', 'auto'])('waits for completion (type %s) and returns status and output', async (stateMachineType) => {
		const [[item]] = await runNode([start('pass', { waitForCompletion: true, maxWaitSeconds: 30, stateMachineType })]);
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', output: { orderId: 7, decision: { approved: true } } });
	});

	it('waiting on an execution that fails gives the item an error; the history has the exact error and cause', async () => {
		// stepfunctions-local ends Fail states as SUCCEEDED, so the failure comes from a worker failing its activity task.
		const machine = await createActivityMachine(admin.client);
		const waiting = runNode(
			[{ ...start('pass'), stateMachine: byArn(machine.stateMachineArn), waitForCompletion: true, maxWaitSeconds: 30, stateMachineType: 'auto' }],
			'continueErrorOutput',
		);
		const task = await eventually(async () => {
			const found = await admin.client.send(new admin.sdk.GetActivityTaskCommand({ activityArn: machine.activityArn }));
			return found.taskToken || undefined;
		}, 'the activity task');
		await admin.client.send(new admin.sdk.SendTaskFailureCommand({ taskToken: task, error: 'Order.Invalid', cause: 'amount below zero' }));

		const [[item]] = await waiting;
		expect(String(item.json.error)).toMatch(/^The execution ended FAILED/);
		const executionArn = /Execution: (\S+)$/.exec(String(item.json.message))?.[1] ?? '';
		// stepfunctions-local leaves error and cause out of DescribeExecution; its history carries them.
		const failed = (await history(executionArn)).find((event) => event.type === 'ActivityFailed');
		expect(failed?.activityFailedEventDetails).toEqual({ error: 'Order.Invalid', cause: 'amount below zero' });
	});

	it('gives a duplicate execution name the mapped ExecutionAlreadyExists message', async () => {
		const name = uniqueName('order');
		await runNode([start('wait', { options: { name } })]);
		const error = await rejection(runNode([start('wait', { options: { name }, input: { other: true } })]));
		expect(error.message).toBe('An execution with this name already exists with other input');
	});

	it('lists executions with paging and a status filter', async () => {
		const machine = uniqueName('listing');
		const { stateMachineArn } = await admin.client.send(
			new admin.sdk.CreateStateMachineCommand({ name: machine, definition: JSON.stringify(DEFINITIONS.wait), roleArn: 'arn:aws:iam::123456789012:role/test' }),
		);
		for (let index = 0; index < 5; index++) {
			await admin.client.send(new admin.sdk.StartExecutionCommand({ stateMachineArn, name: `e${index}` }));
		}
		const list = (params: Record<string, unknown>) =>
			runNode([{ resource: 'execution', operation: 'list', stateMachine: byName(machine), statusFilter: '', returnAll: false, limit: 50, ...params }]);
		expect((await list({ limit: 3 }))[0]).toHaveLength(3);
		const [all] = await list({ returnAll: true });
		expect(all.map((item) => item.json.name).sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
		expect((await list({ statusFilter: 'SUCCEEDED', returnAll: true }))[0]).toEqual([]);
		expect((await list({ statusFilter: 'RUNNING', returnAll: true }))[0]).toHaveLength(5);
	});

	it('stops a running execution with an error and a cause', async () => {
		const [[started]] = await runNode([start('wait')]);
		const executionArn = String(started.json.executionArn);
		const [[stopped]] = await runNode([
			{ resource: 'execution', operation: 'stop', executionArn, error: 'Order.Cancelled', cause: 'customer cancelled' },
		]);
		expect(typeof stopped.json.stopDate).toBe('string');
		const [[described]] = await runNode([{ resource: 'execution', operation: 'describe', executionArn }]);
		// stepfunctions-local records no ExecutionAborted event; the request's error and cause are checked in the unit tests.
		expect(described.json.status).toBe('ABORTED');
	});

	it('gets the history, newest first on request', async () => {
		const [[item]] = await runNode([start('pass', { waitForCompletion: true, maxWaitSeconds: 30, stateMachineType: 'STANDARD' })]);
		const executionArn = String(item.json.executionArn);
		const [events] = await runNode([{ resource: 'execution', operation: 'getHistory', executionArn, returnAll: true, options: {} }]);
		expect(events[0].json.type).toBe('ExecutionStarted');
		expect(events[events.length - 1].json.type).toBe('ExecutionSucceeded');
		const [newest] = await runNode([
			{ resource: 'execution', operation: 'getHistory', executionArn, returnAll: false, limit: 1, options: { reverseOrder: true } },
		]);
		expect(newest.map((event) => event.json.type)).toEqual(['ExecutionSucceeded']);
	});

	it('an unknown execution gives the mapped ExecutionDoesNotExist message', async () => {
		const error = await rejection(
			runNode([{ resource: 'execution', operation: 'describe', executionArn: `${machines.pass.arn.replace(':stateMachine:', ':execution:')}:missing` }]),
		);
		expect(error.message).toBe('The execution does not exist');
	});
});

describe('State machine and activity operations against stepfunctions-local', () => {
	it('lists state machines and describes one by name, definition parsed', async () => {
		const [listed] = await runNode([{ resource: 'stateMachine', operation: 'list', returnAll: true }]);
		expect(listed.map((item) => item.json.name)).toEqual(expect.arrayContaining([machines.pass.name, machines.wait.name]));
		const [[described]] = await runNode([{ resource: 'stateMachine', operation: 'describe', stateMachine: byName(machines.pass.name) }]);
		expect(described.json).toMatchObject({ stateMachineArn: machines.pass.arn, definition: DEFINITIONS.pass, status: 'ACTIVE' });
	});

	it('lists activities and takes a task with its token and input; without a task says so', async () => {
		const machine = await createActivityMachine(admin.client);
		const [activities] = await runNode([{ resource: 'activity', operation: 'list', returnAll: true }]);
		expect(activities.map((item) => item.json.activityArn)).toContain(machine.activityArn);

		const getTask = () => runNode([{ resource: 'activity', operation: 'getTask', activity: byArn(machine.activityArn), workerName: 'n8n-worker' }]);
		const [[empty]] = await getTask();
		expect(empty.json).toEqual({ hasTask: false, activityArn: machine.activityArn, message: 'No task was waiting for this activity' });

		const { executionArn } = await admin.client.send(
			new admin.sdk.StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify({ orderId: 42 }) }),
		);
		const task = await eventually(async () => {
			const [[item]] = await getTask();
			return item.json.hasTask ? item.json : undefined;
		}, 'an activity task');
		expect(task.input).toEqual({ orderId: 42 });

		await runNode([{ resource: 'task', operation: 'sendTaskSuccess', taskToken: task.taskToken, output: { approved: true } }]);
		await eventually(async () => ((await machine.status(executionArn ?? '')) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
	});
});
