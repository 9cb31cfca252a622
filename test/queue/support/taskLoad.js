// The Step Functions side of the queue suite and its benchmark: task tokens to hand out, a record of every task
// answer the server accepted, and webhook calls that carry the tokens to n8n.
'use strict';

const sdk = require('@aws-sdk/client-sfn');

/**
 * Every SendTaskSuccess / SendTaskFailure that stepfunctions-local (running in this process) accepted, by task token,
 * in the order it accepted them. Read from the server's own store: the server accepts a second answer to a closed task
 * (real AWS refuses it with TaskTimedOut) and its execution history shows only the first, so only this record shows
 * whether a task was answered twice.
 */
function recordTaskAnswers() {
	const store = require('stepfunctions-local/src/store');
	/** @type {Map<string, Array<{ action: string, at: number, output?: unknown, error?: string, cause?: string }>>} */
	const answers = new Map();
	const dispatch = store.dispatch;
	store.dispatch = function recordingDispatch(action) {
		if (action && (action.type === 'SendTaskSuccess' || action.type === 'SendTaskFailure')) {
			const { taskToken, output, error, cause } = action.result;
			const list = answers.get(taskToken) ?? [];
			list.push({ action: action.type, at: Date.now(), output, error, cause });
			answers.set(taskToken, list);
		}
		return dispatch.call(this, action);
	};
	return {
		answers,
		/** How many of these tokens have been answered at least once */
		answeredCount: (tokens) => tokens.filter((token) => answers.has(token)).length,
		stop: () => {
			store.dispatch = dispatch;
		},
	};
}

function clientFor(endpoint) {
	return new sdk.SFNClient({
		region: 'us-east-1',
		endpoint,
		credentials: { accessKeyId: 'queue-admin', secretAccessKey: 'queue-admin' },
	});
}

let counter = 0;
const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** An activity and a state machine with one activity task: each execution hands out one task token. */
async function createActivityMachine(endpoint) {
	const client = clientFor(endpoint);
	const { activityArn } = await client.send(new sdk.CreateActivityCommand({ name: unique('queue-approval') }));
	const definition = { StartAt: 'Approval', States: { Approval: { Type: 'Task', Resource: activityArn, End: true } } };
	const { stateMachineArn } = await client.send(
		new sdk.CreateStateMachineCommand({
			name: unique('queue-orders'),
			definition: JSON.stringify(definition),
			roleArn: 'arn:aws:iam::123456789012:role/step-functions-queue-test',
		}),
	);
	return { client, activityArn, stateMachineArn };
}

/**
 * Starts `count` executions (input { orderId }) and takes their task tokens as an activity worker would.
 * @returns {Promise<Array<{ orderId: number, executionArn: string, taskToken: string }>>}
 */
async function startTasks(machine, count, firstOrderId = 1) {
	const { client, activityArn, stateMachineArn } = machine;
	const byOrder = new Map();
	for (let from = 0; from < count; from += 50) {
		const batch = Array.from({ length: Math.min(50, count - from) }, (_, i) => firstOrderId + from + i);
		const started = await Promise.all(
			batch.map((orderId) =>
				client.send(new sdk.StartExecutionCommand({ stateMachineArn, name: unique(`order-${orderId}`), input: JSON.stringify({ orderId }) })),
			),
		);
		batch.forEach((orderId, i) => byOrder.set(orderId, { orderId, executionArn: started[i].executionArn }));
	}
	const tasks = [];
	const deadline = Date.now() + 60_000;
	while (tasks.length < count) {
		const task = await client.send(new sdk.GetActivityTaskCommand({ activityArn, workerName: 'queue-test' }));
		if (!task.taskToken) {
			if (Date.now() > deadline) throw new Error(`only ${tasks.length} of ${count} activity tasks were scheduled`);
			await new Promise((resolve) => setTimeout(resolve, 100));
			continue;
		}
		const { orderId } = JSON.parse(task.input);
		tasks.push({ ...byOrder.get(orderId), taskToken: task.taskToken });
	}
	return tasks.sort((a, b) => a.orderId - b.orderId);
}

/** Even orders are approved, odd ones rejected: what the webhook workflow's If node decides on. */
const decisionFor = (orderId) => (orderId % 2 === 0 ? 'approve' : 'reject');

/** What the workflow must send for an order (test/queue/workflows/webhook-answer.json). */
function expectedAnswer(orderId) {
	return decisionFor(orderId) === 'approve'
		? { action: 'SendTaskSuccess', output: { orderId, approved: true } }
		: { action: 'SendTaskFailure', error: 'Order.Rejected', cause: `order ${orderId} rejected` };
}

/**
 * POSTs one call per task to the webhook, `concurrency` at a time.
 * @returns {Promise<Array<{ orderId: number, status: number | null, body: string, error?: string, ms: number }>>}
 */
async function callWebhook(url, tasks, { concurrency = 20, timeoutMs = 120_000, onResult } = {}) {
	const results = new Array(tasks.length);
	let next = 0;
	async function lane() {
		while (next < tasks.length) {
			const index = next++;
			const { orderId, taskToken } = tasks[index];
			const started = Date.now();
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ orderId, decision: decisionFor(orderId), taskToken }),
					signal: AbortSignal.timeout(timeoutMs),
				});
				results[index] = { orderId, status: response.status, body: await response.text(), ms: Date.now() - started };
			} catch (error) {
				results[index] = { orderId, status: null, body: '', error: String(error?.message ?? error), ms: Date.now() - started };
			}
			onResult?.(results[index], index);
		}
	}
	await Promise.all(Array.from({ length: concurrency }, lane));
	return results;
}

/** The server's view of one execution: status, output (parsed) and the error and cause of a failed activity. */
async function serverView(client, executionArn) {
	const described = await client.send(new sdk.DescribeExecutionCommand({ executionArn }));
	const view = { status: described.status, output: described.output ? JSON.parse(described.output) : undefined };
	if (described.status === 'FAILED') {
		const { events } = await client.send(new sdk.GetExecutionHistoryCommand({ executionArn }));
		const failed = (events ?? []).find((event) => event.type === 'ActivityFailed');
		view.error = failed?.activityFailedEventDetails?.error;
		view.cause = failed?.activityFailedEventDetails?.cause;
	}
	return view;
}

/** serverView of every task, 25 requests at a time. */
async function serverViews(client, tasks) {
	const views = [];
	for (let from = 0; from < tasks.length; from += 25) {
		views.push(...(await Promise.all(tasks.slice(from, from + 25).map((task) => serverView(client, task.executionArn)))));
	}
	return views;
}

/** The n8n credential for the local server, as `n8n import:credentials` takes it. */
function localCredential(reference, endpoint) {
	return {
		...reference,
		type: 'awsStepFunctionsApi',
		data: {
			region: 'us-east-1',
			accessKeyId: 'AKIAQUEUETEST',
			secretAccessKey: 'queue-secret-never-printed',
			temporaryCredentials: false,
			customEndpoint: true,
			endpoint,
		},
	};
}

module.exports = {
	recordTaskAnswers,
	createActivityMachine,
	startTasks,
	decisionFor,
	expectedAnswer,
	callWebhook,
	serverView,
	serverViews,
	localCredential,
	clientFor,
};
