import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { NodeApiError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { createActivityMachine, eventually, startLocalStepFunctions } from '../helpers/localStepFunctions';
import type { LocalStepFunctions } from '../helpers/localStepFunctions';

// Real requests to stepfunctions-local, a Step Functions API server written independently of this package.
let server: LocalStepFunctions;
let admin: AdminSession;
let credentials: Record<string, string | boolean>;

beforeAll(async () => {
	server = await startLocalStepFunctions();
	credentials = {
		region: 'us-east-1',
		accessKeyId: 'AKIALOCALTEST',
		secretAccessKey: 'local-secret',
		customEndpoint: true,
		endpoint: server.endpoint,
	};
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', endpoint: server.endpoint });
});

afterAll(async () => {
	admin.client.destroy();
	await server.stop();
});

function runNode(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

function eventOf(events: HistoryEvent[], type: string) {
	return events.find((event) => event.type === type);
}

describe('against stepfunctions-local', () => {
	it('Send Task Failure fails each execution with the exact error and cause', async () => {
		const machine = await createActivityMachine(admin.client);
		const first = await machine.startAndTakeToken({ orderId: 1 });
		const second = await machine.startAndTakeToken({ orderId: 2 });
		const cause = 'Rejected by finance: "amount" over budget — ünïcödé ✓';

		const [main] = await runNode([
			{ resource: 'task', operation: 'sendTaskFailure', taskToken: first.taskToken, error: 'Approval.Rejected', cause },
			{ resource: 'task', operation: 'sendTaskFailure', taskToken: second.taskToken, error: 'Approval.Expired', cause: '' },
		]);
		expect(main).toEqual([
			{ json: {}, pairedItem: { item: 0 } },
			{ json: {}, pairedItem: { item: 1 } },
		]);

		await eventually(async () => ((await machine.status(first.executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
		const failed = eventOf(await machine.history(first.executionArn), 'ActivityFailed');
		expect(failed?.activityFailedEventDetails).toEqual({ error: 'Approval.Rejected', cause });

		await eventually(async () => ((await machine.status(second.executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
		const secondFailed = eventOf(await machine.history(second.executionArn), 'ActivityFailed');
		expect(secondFailed?.activityFailedEventDetails?.error).toBe('Approval.Expired');
		expect(secondFailed?.activityFailedEventDetails?.cause ?? '').toBe('');
	});

	it('Send Task Success completes the execution with the output', async () => {
		const machine = await createActivityMachine(admin.client);
		const execution = await machine.startAndTakeToken();
		const [main] = await runNode([
			{ resource: 'task', operation: 'sendTaskSuccess', taskToken: execution.taskToken, output: { approved: true, by: 'ana' } },
		]);
		expect(main).toEqual([{ json: {}, pairedItem: { item: 0 } }]);

		await eventually(async () => ((await machine.status(execution.executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
		const succeeded = eventOf(await machine.history(execution.executionArn), 'ActivitySucceeded');
		expect(JSON.parse(succeeded?.activitySucceededEventDetails?.output ?? 'null')).toEqual({ approved: true, by: 'ana' });
	});

	it('Send Task Heartbeat keeps a task with HeartbeatSeconds alive; without heartbeats it times out', async () => {
		const machine = await createActivityMachine(admin.client, 2);
		const kept = await machine.startAndTakeToken();
		const neglected = await machine.startAndTakeToken();

		for (let beat = 0; beat < 5; beat++) {
			await runNode([{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: kept.taskToken }]);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		// Five seconds in, over twice HeartbeatSeconds: only the execution that got heartbeats still runs.
		expect(await machine.status(kept.executionArn)).toBe('RUNNING');
		expect(eventOf(await machine.history(kept.executionArn), 'ActivityTimedOut')).toBeUndefined();
		const timedOut = await eventually(
			async () => eventOf(await machine.history(neglected.executionArn), 'ActivityTimedOut'),
			'the neglected task to time out',
		);
		expect(timedOut.activityTimedOutEventDetails?.error).toBe('States.Timeout');

		await runNode([{ resource: 'task', operation: 'sendTaskSuccess', taskToken: kept.taskToken, output: '{}' }]);
		await eventually(async () => ((await machine.status(kept.executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
	}, 30_000);

	it('an unknown token gives the mapped error, or an error item with continue-on-fail', async () => {
		const unknown = 'AAAAKgAAAAIAAAAAAAAAAUnknownButWellFormedToken0123456789';
		const error = await rejection<NodeApiError>(runNode([{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: unknown }]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Step Functions does not know this task token');
		expect(error.description).toContain('TaskDoesNotExist');

		const [main] = await runNode(
			[{ resource: 'task', operation: 'sendTaskFailure', taskToken: unknown, error: 'E', cause: '' }],
			'continueErrorOutput',
		);
		expect(main[0]).toMatchObject({
			json: { error: 'Step Functions does not know this task token', message: expect.stringContaining('TaskDoesNotExist') },
			pairedItem: { item: 0 },
		});
	});

	it('a connection refused names the endpoint', async () => {
		const closed = await startLocalStepFunctions();
		await closed.stop();
		const error = await rejection(
			new AwsStepFunctions().execute.call(
				executeContext({
					credentials: { ...credentials, endpoint: closed.endpoint },
					items: [{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: 'tok' }],
				}),
			),
		);
		expect(error.message).toBe(`Could not connect to ${closed.endpoint}: connection refused`);
	}, 30_000);
});
