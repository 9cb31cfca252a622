import type { SFNClient } from '@aws-sdk/client-sfn';

import { createAdminSession } from './adminClient';
import type { AdminSession } from './adminClient';
import { startStepFunctionsLocal } from '../support/stepFunctionsLocal';
import type { StepFunctionsLocal } from '../support/stepFunctionsLocal';

export { startStepFunctionsLocal as startLocalStepFunctions } from '../support/stepFunctionsLocal';
export type { StepFunctionsLocal as LocalStepFunctions } from '../support/stepFunctionsLocal';

/** stepfunctions-local on loopback, an admin session on it, and an activity-backed state machine. */
export async function localServerWithActivityMachine(): Promise<{
	server: StepFunctionsLocal;
	admin: AdminSession;
	machine: ActivityMachine;
}> {
	const server = await startStepFunctionsLocal();
	const admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'admin', secretAccessKey: 'admin', endpoint: server.endpoint });
	return { server, admin, machine: await createActivityMachine(admin.client) };
}

export function uniqueName(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls until check() returns a value, for a server that advances executions on a 1 s tick. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * An activity-backed state machine with one task state, and helpers to start executions and take the
 * task token as an activity worker would.
 */
export async function createActivityMachine(client: SFNClient, heartbeatSeconds?: number) {
	const sdk = await import('@aws-sdk/client-sfn');
	const { activityArn } = await client.send(new sdk.CreateActivityCommand({ name: uniqueName('approval') }));
	const definition = {
		StartAt: 'WaitForApproval',
		States: {
			WaitForApproval: {
				Type: 'Task',
				Resource: activityArn,
				...(heartbeatSeconds ? { HeartbeatSeconds: heartbeatSeconds } : {}),
				End: true,
			},
		},
	};
	const { stateMachineArn } = await client.send(
		new sdk.CreateStateMachineCommand({
			name: uniqueName('order-approval'),
			definition: JSON.stringify(definition),
			roleArn: 'arn:aws:iam::123456789012:role/step-functions-test',
		}),
	);

	async function startAndTakeToken(input: object = { orderId: 1 }) {
		const { executionArn } = await client.send(
			new sdk.StartExecutionCommand({ stateMachineArn, name: uniqueName('exec'), input: JSON.stringify(input) }),
		);
		const taskToken = await eventually(async () => {
			const task = await client.send(new sdk.GetActivityTaskCommand({ activityArn, workerName: 'n8n-test' }));
			return task.taskToken || undefined;
		}, 'the activity task');
		return { executionArn: executionArn as string, taskToken };
	}

	async function history(executionArn: string) {
		const { events } = await client.send(new sdk.GetExecutionHistoryCommand({ executionArn }));
		return events ?? [];
	}

	async function status(executionArn: string) {
		return (await client.send(new sdk.DescribeExecutionCommand({ executionArn }))).status;
	}

	return { activityArn: activityArn as string, stateMachineArn: stateMachineArn as string, startAndTakeToken, history, status };
}

export type ActivityMachine = Awaited<ReturnType<typeof createActivityMachine>>;

/** An n8n credential, as `n8n import:credentials` takes it, for a Step Functions server on loopback. */
export function localN8nCredential(reference: { id: string; name: string }, endpoint: string) {
	return {
		...reference,
		type: 'awsStepFunctionsApi',
		data: {
			region: 'us-east-1',
			accessKeyId: 'AKIAE2ETEST',
			secretAccessKey: 'e2e-secret-never-printed',
			temporaryCredentials: false,
			customEndpoint: true,
			endpoint,
		},
	};
}
