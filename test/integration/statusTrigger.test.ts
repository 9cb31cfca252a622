import * as sdk from '@aws-sdk/client-sfn';
import type { IDataObject } from 'n8n-workflow';

import { AwsStepFunctionsTrigger } from '../../nodes/AwsStepFunctionsTrigger/AwsStepFunctionsTrigger.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { createActivityMachine, eventually, startLocalStepFunctions } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { pollContext } from '../helpers/triggerContexts';

// The status trigger's poll() as n8n calls it, against real executions of stepfunctions-local on loopback.
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

const credentials = () => ({ region: 'us-east-1', accessKeyId: 'AKIALOCAL', secretAccessKey: 'local-secret', customEndpoint: true, endpoint: server.endpoint });

/** Starts an execution, takes its task as a worker would and fails it: the execution ends FAILED. */
async function failOne(machine: ActivityMachine, orderId: number, error: string): Promise<string> {
	const { executionArn, taskToken } = await machine.startAndTakeToken({ orderId });
	await admin.client.send(new sdk.SendTaskFailureCommand({ taskToken, error, cause: `order ${orderId} could not be booked` }));
	await eventually(async () => ((await machine.status(executionArn)) === 'FAILED' ? true : undefined), `${executionArn} FAILED`);
	return executionArn;
}

describe('status trigger against stepfunctions-local', () => {
	it('emits each execution that failed after activation once, with input, error and cause, and never the earlier ones', async () => {
		const machine = await createActivityMachine(admin.client);
		const before = await failOne(machine, 1, 'Erp.Before');
		const staticData: IDataObject = {};
		const parameters = { stateMachine: { __rl: true, mode: 'arn', value: machine.stateMachineArn }, statuses: ['FAILED', 'TIMED_OUT', 'ABORTED'] };
		const trigger = new AwsStepFunctionsTrigger();

		expect(await trigger.poll.call(pollContext(parameters, credentials(), staticData))).toBeNull();
		expect(staticData.pollState).toMatchObject({ seen: { [before]: expect.any(Number) } });

		const after = [await failOne(machine, 2, 'Erp.Down'), await failOne(machine, 3, 'Erp.Down')];
		const succeeded = await machine.startAndTakeToken({ orderId: 4 });
		await admin.client.send(new sdk.SendTaskSuccessCommand({ taskToken: succeeded.taskToken, output: '{"ok":true}' }));
		await eventually(async () => ((await machine.status(succeeded.executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');

		const result = await trigger.poll.call(pollContext(parameters, credentials(), staticData));
		const items = result?.[0].map((item) => item.json) ?? [];
		expect(items.map((item) => item.executionArn)).toEqual(after);
		// stepfunctions-local's DescribeExecution has no error and cause, so they come from the ExecutionFailed event,
		// where this emulator puts the cause in "error" and the text "Error" in "cause" (AWS has error "Erp.Down"):
		// the item carries exactly what the server's history says.
		const failedEvent = (await machine.history(after[0])).find((event) => event.type === 'ExecutionFailed');
		expect(failedEvent?.executionFailedEventDetails?.error).toContain('order 2 could not be booked');
		expect(items[0]).toMatchObject({
			status: 'FAILED',
			stateMachineArn: machine.stateMachineArn,
			input: { orderId: 2 },
			error: failedEvent?.executionFailedEventDetails?.error,
			cause: failedEvent?.executionFailedEventDetails?.cause,
			startDate: expect.any(String),
			stopDate: expect.any(String),
		});

		expect(await trigger.poll.call(pollContext(parameters, credentials(), staticData))).toBeNull();

		// A manual test shows the newest failure; an active poll would not emit it again.
		const manual = await trigger.poll.call(pollContext(parameters, credentials(), {}, 'manual'));
		expect(manual?.[0][0].json.executionArn).toBe(after[1]);
	}, 60_000);

	it('with SUCCEEDED chosen and no execution data, items carry the listing fields only', async () => {
		const machine = await createActivityMachine(admin.client);
		const staticData: IDataObject = {};
		const parameters = {
			stateMachine: { __rl: true, mode: 'arn', value: machine.stateMachineArn },
			statuses: ['SUCCEEDED'],
			options: { includeExecutionData: false },
		};
		const trigger = new AwsStepFunctionsTrigger();
		await trigger.poll.call(pollContext(parameters, credentials(), staticData));
		const done = await machine.startAndTakeToken({ orderId: 9 });
		await admin.client.send(new sdk.SendTaskSuccessCommand({ taskToken: done.taskToken, output: '{"ok":true}' }));
		await failOne(machine, 10, 'Ignored.Failure');
		await eventually(async () => ((await machine.status(done.executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
		const result = await trigger.poll.call(pollContext(parameters, credentials(), staticData));
		expect(result?.[0].map((item) => Object.keys(item.json).sort())).toEqual([['executionArn', 'name', 'startDate', 'stateMachineArn', 'status', 'stopDate']]);
		expect(result?.[0][0].json.executionArn).toBe(done.executionArn);
	}, 60_000);
});
