import * as http from 'http';
import type * as net from 'net';

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

/**
 * Deactivation against a Step Functions that holds its long polls (a loopback stub: GetActivityTask answers
 * when the test says so, or never). n8n awaits closeFunction when a workflow is deactivated: it must complete
 * at once, since the long polls carry the trigger's abort signal, and a task that came in as the stop began is
 * handed back (SendTaskFailure n8n.WorkerStopped) within the 2 s grace.
 */
describe('activity trigger: deactivation against held long polls', () => {
	const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:Approve';
	/** n8n's hand-back grace (AwsStepFunctionsActivityTrigger.node.ts HAND_BACK_GRACE_MS) and a margin. */
	const CLOSE_BOUND_MS = 3_000;

	interface HeldPolls {
		endpoint: string;
		polls: number;
		/** Polls whose connection the client closed */
		pollsClosed: number;
		handBacks: Array<{ taskToken?: string; error?: string; cause?: string; at: number }>;
		/** Answers the next waiting poll with this task */
		deliver(task: { taskToken: string; input: string }): void;
		stop(): Promise<void>;
	}

	/** `handBack`: how SendTaskFailure is answered: at once, or never. */
	async function startHeldPolls(handBack: 'answer' | 'never' = 'answer'): Promise<HeldPolls> {
		const waiting: http.ServerResponse[] = [];
		const state: HeldPolls = {
			endpoint: '',
			polls: 0,
			pollsClosed: 0,
			handBacks: [],
			deliver: (task) => {
				const response = waiting.shift();
				if (!response) throw new Error('No poll is waiting');
				response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end(JSON.stringify(task));
			},
			stop: async () => undefined,
		};
		const server = http.createServer((request, response) => {
			let text = '';
			request.on('data', (chunk) => (text += chunk));
			request.on('end', () => {
				const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
				const json = (body: object) => {
					response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
					response.end(JSON.stringify(body));
				};
				if (action === 'DescribeActivity') return json({ activityArn: ACTIVITY, name: 'Approve', creationDate: 1700000000 });
				if (action === 'GetActivityTask') {
					state.polls++;
					waiting.push(response);
					response.on('close', () => {
						if (!response.writableEnded) state.pollsClosed++;
					});
					return undefined;
				}
				if (action === 'SendTaskFailure') {
					state.handBacks.push({ ...(JSON.parse(text) as object), at: performance.now() });
					if (handBack === 'answer') json({});
					return undefined;
				}
				response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
				return response.end(JSON.stringify({ __type: 'UnknownOperationException', message: action }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		state.endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
		state.stop = () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			});
		return state;
	}

	let held: HeldPolls;
	afterEach(async () => {
		await held.stop();
	});

	it('closeFunction against GetActivityTask polls that never answer completes at once, ending every poll', async () => {
		held = await startHeldPolls();
		const { context, emitted, failedExecutions } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n-it', options: { pollers: 3 } }, credentialsFor(held.endpoint));
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		await eventually(async () => (held.polls === 3 ? true : undefined), 'three waiting polls', 5_000);
		const started = performance.now();
		await response.closeFunction?.();
		const took = Math.round(performance.now() - started);
		console.log(`Activity Trigger deactivated in ${took} ms with 3 long polls held by the server`);
		expect(took).toBeLessThan(CLOSE_BOUND_MS);
		await eventually(async () => (held.pollsClosed === 3 ? true : undefined), 'the polls closed', 2_000);
		expect(held.polls).toBe(3);
		expect(emitted).toEqual([]);
		expect(failedExecutions).toEqual([]);
	}, 15_000);

	/** Replaces n8n's HTTP helper of a trigger context; `wrap` gets n8n's own. */
	function wrapN8nHelper(context: ReturnType<typeof triggerContext>['context'], wrap: (n8nHelper: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]) => Promise<unknown>) {
		const helpers = (context as unknown as { helpers: { httpRequestWithAuthentication: (...args: unknown[]) => Promise<unknown> } }).helpers;
		helpers.httpRequestWithAuthentication = wrap(helpers.httpRequestWithAuthentication);
	}

	/**
	 * n8n refuses to start a workflow execution for the task (its emit throws, as when it is shutting down) at the
	 * moment the deactivation begins: the task is handed back with n8n.WorkerStopped, by a request sent after the
	 * stop signal fired, and the deactivation waits for it within the grace.
	 */
	async function refusedAsDeactivationBegins(handBack: 'answer' | 'never') {
		held = await startHeldPolls(handBack);
		const { context, whenEmitted } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n-it' }, credentialsFor(held.endpoint));
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		let closing: Promise<void> | undefined;
		let stopBegan = 0;
		whenEmitted(() => {
			stopBegan = performance.now();
			closing = response.closeFunction?.();
			throw new Error('n8n is deactivating this workflow');
		});
		await eventually(async () => (held.polls === 1 ? true : undefined), 'the waiting poll', 5_000);
		held.deliver({ taskToken: 'token-during-stop', input: '{"orderId":7}' });
		await eventually(async () => (closing ? true : undefined), 'the deactivation', 5_000);
		await closing;
		return { took: Math.round(performance.now() - stopBegan), stopBegan };
	}

	it('a task n8n does not take as the deactivation begins is handed back with n8n.WorkerStopped within the grace', async () => {
		const { took, stopBegan } = await refusedAsDeactivationBegins('answer');
		console.log(`Activity Trigger deactivated in ${took} ms while handing back a task; hand-back sent after ${Math.round((held.handBacks[0]?.at ?? NaN) - stopBegan)} ms`);
		expect(held.handBacks).toEqual([
			{ taskToken: 'token-during-stop', error: 'n8n.WorkerStopped', cause: expect.stringMatching(/no work was done.*Retry the state on this error/), at: expect.any(Number) },
		]);
		expect(held.handBacks[0].at - stopBegan).toBeLessThan(2_000);
		expect(took).toBeLessThan(CLOSE_BOUND_MS);
	}, 15_000);

	it('a hand-back the server never answers does not hold the deactivation beyond the grace', async () => {
		const { took } = await refusedAsDeactivationBegins('never');
		console.log(`Activity Trigger deactivated in ${took} ms with a hand-back the server never answered`);
		expect(held.handBacks.map((handBack) => handBack.taskToken)).toEqual(['token-during-stop']);
		expect(took).toBeGreaterThanOrEqual(1_900);
		expect(took).toBeLessThan(CLOSE_BOUND_MS);
	}, 15_000);

	// When n8n does not end its request on the node's abort signal, the long poll's answer may come in during the
	// stop: the task Step Functions handed out must be handed back, not dropped to wait for its TimeoutSeconds.
	it('a task whose answer comes in during the stop (n8n did not end its request) is handed back within the grace', async () => {
		held = await startHeldPolls();
		const { context, emitted } = triggerContext({ activity: byArn(ACTIVITY), workerName: 'n8n-it' }, credentialsFor(held.endpoint));
		// n8n's HTTP layer, without honouring the node's abort signal.
		wrapN8nHelper(context, (n8nHelper) => async function (this: unknown, type: unknown, options: unknown, extra: unknown) {
			return await n8nHelper.call(this, type, { ...(options as object), abortSignal: undefined }, extra);
		});
		const response = await new AwsStepFunctionsActivityTrigger().trigger.call(context);
		await eventually(async () => (held.polls === 1 ? true : undefined), 'the waiting poll', 5_000);
		const stopBegan = performance.now();
		const closing = response.closeFunction?.();
		await new Promise((resolve) => setTimeout(resolve, 100));
		held.deliver({ taskToken: 'token-in-flight', input: '{"orderId":8}' });
		await closing;
		// Time for a hand-back that came late.
		await new Promise((resolve) => setTimeout(resolve, 500));
		console.log(`Activity Trigger: a task answered 100 ms into the stop; hand-backs: ${JSON.stringify(held.handBacks.map((handBack) => handBack.taskToken))}`);
		expect(emitted).toEqual([]);
		expect(held.handBacks.map((handBack) => [handBack.taskToken, handBack.error])).toEqual([['token-in-flight', 'n8n.WorkerStopped']]);
		expect(held.handBacks[0].at - stopBegan).toBeLessThan(2_000);
	}, 15_000);
});
