import * as sdk from '@aws-sdk/client-sfn';

import { AwsStepFunctionsActivityTrigger } from '../../nodes/AwsStepFunctionsActivityTrigger/AwsStepFunctionsActivityTrigger.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { createActivityMachine, eventually, startLocalStepFunctions, uniqueName } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { startRawStub } from '../helpers/stubStepFunctions';
import { countingProxy, triggerContext } from '../helpers/triggerContexts';

// The activity trigger as n8n runs it (trigger(), emit, closeFunction) against stepfunctions-local on loopback.
let server: LocalStepFunctions;
let admin: AdminSession;

beforeAll(async () => {
	server = await startLocalStepFunctions();
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', endpoint: server.endpoint });
});

afterAll(async () => {
	admin.close();
	await server.stop();
});

const credentialsFor = (endpoint: string) => ({ region: 'us-east-1', accessKeyId: 'AKIALOCAL', secretAccessKey: 'local-secret', customEndpoint: true, endpoint });
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });

async function startExecutions(machine: ActivityMachine, count: number): Promise<string[]> {
	const arns: string[] = [];
	for (let i = 0; i < count; i++) {
		const { executionArn } = await admin.client.send(
			new sdk.StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: uniqueName(`order-${i}`), input: JSON.stringify({ orderId: i }) }),
		);
		arns.push(executionArn as string);
	}
	return arns;
}

describe('activity trigger against stepfunctions-local', () => {
	it('answers every execution of a batch exactly once, with three pollers', async () => {
		const machine = await createActivityMachine(admin.client);
		const { context, emitted, whenEmitted, errors } = triggerContext(
			{ activity: byArn(machine.activityArn), workerName: 'n8n-it', options: { pollers: 3 } },
			credentialsFor(server.endpoint),
		);
		// The "workflow": answers each task with Send Task Success, its output naming the order.
		whenEmitted(([[item]]) => {
			const task = item.json as { taskToken: string; input: { orderId: number } };
			void admin.client.send(new sdk.SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ done: task.input.orderId }) }));
		});
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		try {
			const executions = await startExecutions(machine, 8);
			for (const executionArn of executions) {
				await eventually(async () => ((await machine.status(executionArn)) === 'SUCCEEDED' ? true : undefined), `${executionArn} SUCCEEDED`, 30_000);
			}
			const tokens = emitted.map(([[item]]) => item.json.taskToken);
			expect(new Set(tokens).size).toBe(8);
			expect(emitted).toHaveLength(8);
			expect(emitted.map(([[item]]) => (item.json.input as { orderId: number }).orderId).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
			expect(emitted[0][0][0].json).toMatchObject({ activityArn: machine.activityArn, workerName: 'n8n-it' });
			expect(errors).toEqual([]);
		} finally {
			await response.closeFunction?.();
		}
	}, 60_000);

	it('does not spin on the immediate empty answers of stepfunctions-local: a few polls per poller in 4 s', async () => {
		const machine = await createActivityMachine(admin.client);
		const proxy = await countingProxy(server.port);
		const { context } = triggerContext({ activity: byArn(machine.activityArn), workerName: 'n8n-it', options: { pollers: 2 } }, credentialsFor(proxy.endpoint));
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		try {
			await new Promise((resolve) => setTimeout(resolve, 4000));
			// Pauses of 0.5, 1, 2, 4 s after early empty answers: at most 4 polls per poller in 4 s. A hot loop makes thousands.
			const polls = proxy.count('GetActivityTask');
			expect(polls).toBeGreaterThanOrEqual(2);
			expect(polls).toBeLessThanOrEqual(8);
		} finally {
			await response.closeFunction?.();
			await proxy.stop();
		}
	}, 30_000);

	it('stops cleanly: closeFunction ends polling and no task is taken afterwards', async () => {
		const machine = await createActivityMachine(admin.client);
		const proxy = await countingProxy(server.port);
		const { context, emitted } = triggerContext({ activity: byArn(machine.activityArn), workerName: 'n8n-it' }, credentialsFor(proxy.endpoint));
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const started = Date.now();
		await response.closeFunction?.();
		expect(Date.now() - started).toBeLessThan(2000);
		const pollsAtStop = proxy.count('GetActivityTask');
		const [executionArn] = await startExecutions(machine, 1);
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(proxy.count('GetActivityTask')).toBe(pollsAtStop);
		expect(emitted).toEqual([]);
		// The task is still there for another worker.
		const task = await admin.client.send(new sdk.GetActivityTaskCommand({ activityArn: machine.activityArn, workerName: 'other' }));
		expect(task.taskToken).toBeTruthy();
		await admin.client.send(new sdk.SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' }));
		await eventually(async () => ((await machine.status(executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
		await proxy.stop();
	}, 30_000);

	it('stops with a clear error when the activity is deleted while it polls, and refuses to activate for it again', async () => {
		const machine = await createActivityMachine(admin.client);
		const { context, errors, failedExecutions } = triggerContext({ activity: byArn(machine.activityArn), workerName: 'n8n-it' }, credentialsFor(server.endpoint));
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		try {
			await admin.client.send(new sdk.DeleteActivityCommand({ activityArn: machine.activityArn }));
			await eventually(async () => (errors.length > 0 ? true : undefined), 'the trigger error', 10_000);
			expect(errors[0].message).toBe(`The activity ${machine.activityArn} does not exist: the trigger stopped polling it`);
			expect(failedExecutions).toEqual([]);
		} finally {
			await response.closeFunction?.();
		}
		const again = triggerContext({ activity: byArn(machine.activityArn), workerName: 'n8n-it' }, credentialsFor(server.endpoint));
		await expect(new AwsStepFunctionsActivityTrigger().trigger.call(again.context)).rejects.toThrow('does not exist');
	}, 30_000);

	it('finds the activity by name, and a manual test takes one task', async () => {
		const machine = await createActivityMachine(admin.client);
		const { activities } = await admin.client.send(new sdk.ListActivitiesCommand({}));
		const name = activities?.find((activity) => activity.activityArn === machine.activityArn)?.name as string;
		await startExecutions(machine, 2);
		const { context, emitted } = triggerContext(
			{ activity: { __rl: true, mode: 'name', value: name }, workerName: 'tester' },
			credentialsFor(server.endpoint),
			'manual',
		);
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		await response.manualTriggerFunction?.();
		await eventually(async () => (emitted.length > 0 ? true : undefined), 'the manual task');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await response.closeFunction?.();
		expect(emitted).toHaveLength(1);
		expect(emitted[0][0][0].json).toMatchObject({ activityArn: machine.activityArn, workerName: 'tester', input: { orderId: expect.any(Number) } });
		// The second task was not taken.
		const left = await admin.client.send(new sdk.GetActivityTaskCommand({ activityArn: machine.activityArn }));
		expect(left.taskToken).toBeTruthy();
	}, 30_000);

	it('never writes the secret key to the log or the reported error, even when the server echoes it in the error code', async () => {
		const secret = 'local-secret';
		const stub = await startRawStub((request) =>
			request.action === 'DescribeActivity'
				? { status: 200, body: JSON.stringify({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:Echo', name: 'Echo' }) }
				: { status: 400, body: JSON.stringify({ __type: secret, message: `key ${secret} refused` }) },
		);
		const { context, failedExecutions, logs } = triggerContext(
			{ activity: byArn('arn:aws:states:us-east-1:123456789012:activity:Echo'), workerName: 'n8n-it' },
			credentialsFor(stub.endpoint),
		);
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		try {
			await eventually(async () => (failedExecutions.length > 0 && logs.length > 0 ? true : undefined), 'the reported failure');
		} finally {
			await response.closeFunction?.();
			await stub.stop();
		}
		expect(logs.join('\n')).toContain('GetActivityTask failed');
		expect(logs.join('\n')).not.toContain(secret);
		const reported = failedExecutions[0] as Error & { description?: string };
		expect(`${reported.message} ${reported.description ?? ''} ${JSON.stringify(reported)}`).not.toContain(secret);
	}, 30_000);
});
