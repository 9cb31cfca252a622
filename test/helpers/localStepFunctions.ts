import * as net from 'net';

import type { SFNClient } from '@aws-sdk/client-sfn';

/**
 * stepfunctions-local (an independent Step Functions API server on npm), started in this process and bound
 * to 127.0.0.1 on a free port. Its start() listens on all interfaces at a fixed port, so the one listen call
 * it makes is redirected to loopback and port 0.
 */
export interface LocalStepFunctions {
	endpoint: string;
	stop(): Promise<void>;
}

export async function startLocalStepFunctions(): Promise<LocalStepFunctions> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS package without types
	const server = require('stepfunctions-local/src/server') as { start(config: object): void };
	const originalListen = net.Server.prototype.listen;
	let httpServer: net.Server | undefined;
	net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
		net.Server.prototype.listen = originalListen;
		// eslint-disable-next-line @typescript-eslint/no-this-alias -- the listening server is only reachable as `this` here
		httpServer = this;
		const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
		return originalListen.call(this, { port: 0, host: '127.0.0.1' }, callback);
	} as typeof net.Server.prototype.listen;
	try {
		server.start({ region: 'us-east-1' });
	} finally {
		net.Server.prototype.listen = originalListen;
	}
	const listening = httpServer;
	if (!listening) throw new Error('stepfunctions-local did not start a server');
	if (!listening.listening) await new Promise((resolve) => listening.once('listening', resolve));
	const { address, port } = listening.address() as net.AddressInfo;
	if (address !== '127.0.0.1') throw new Error(`stepfunctions-local bound ${address}, not loopback`);
	return {
		endpoint: `http://127.0.0.1:${port}`,
		stop: () =>
			new Promise<void>((resolve) => {
				(listening as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
				listening.close(() => resolve());
			}),
	};
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
