// The playground's demo: an "order approval" state machine whose executions wait on an activity for a decision, one
// rejected order already failed (so that the status trigger has something to show from the start), and three
// workflows that can be run again and again: each run of a demo starts its own execution and answers it.
'use strict';

const ORDER_APPROVAL = 'order-approval';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/playground';

/** The demos' workflow ids (n8n's are 16 characters) and names, as the playground prints them. */
const DEMOS = {
	reject: { id: 'sfnPlaygroundRej', name: 'Playground: reject an order' },
	approve: { id: 'sfnPlaygroundApp', name: 'Playground: approve an order' },
	watch: { id: 'sfnPlaygroundWch', name: 'Playground: watch failed order approvals' },
};

/** The orders the demos submit, and the one the playground rejects before n8n starts. */
const ORDERS = {
	rejected: { orderId: 'A-1001', amount: 1250, requestedBy: 'ana' },
	approved: { orderId: 'A-1002', amount: 320, requestedBy: 'ben' },
	alreadyRejected: { orderId: 'A-1000', amount: 980, requestedBy: 'chris' },
};
const REJECTION = { error: 'Approval.Rejected', cause: (order) => `Order ${order.orderId} over budget: ${order.amount} EUR` };

/**
 * Creates the activity and the state machine, then starts one order approval and rejects it as a worker would
 * (GetActivityTask, SendTaskFailure), and waits until that execution has FAILED.
 * @param {import('@aws-sdk/client-sfn').SFNClient} client an SDK client on the adapter's endpoint
 * @param {typeof import('@aws-sdk/client-sfn')} sdk
 */
async function createOrderApproval(client, sdk) {
	const { activityArn } = await client.send(new sdk.CreateActivityCommand({ name: ORDER_APPROVAL }));
	const definition = {
		Comment: 'Waits for a person (or n8n) to approve or reject an order',
		StartAt: 'Wait for approval',
		States: { 'Wait for approval': { Type: 'Task', Resource: activityArn, End: true } },
	};
	const { stateMachineArn } = await client.send(
		new sdk.CreateStateMachineCommand({ name: ORDER_APPROVAL, definition: JSON.stringify(definition), roleArn: ROLE_ARN }),
	);

	const order = ORDERS.alreadyRejected;
	const { executionArn } = await client.send(
		new sdk.StartExecutionCommand({ stateMachineArn, name: `order-${order.orderId}`, input: JSON.stringify(order) }),
	);
	// The adapter long-polls GetActivityTask as AWS does: this returns as soon as the execution reaches its task.
	const { taskToken } = await client.send(new sdk.GetActivityTaskCommand({ activityArn, workerName: 'playground' }));
	if (!taskToken) throw new Error('The first order approval did not reach its approval task');
	await client.send(new sdk.SendTaskFailureCommand({ taskToken, error: REJECTION.error, cause: REJECTION.cause(order) }));
	for (let attempt = 0; ; attempt++) {
		const { status } = await client.send(new sdk.DescribeExecutionCommand({ executionArn }));
		if (status === 'FAILED') break;
		if (attempt > 50) throw new Error(`The first order approval is ${status}, not FAILED`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return { activityArn, stateMachineArn, seededExecutionArn: executionArn };
}

function locator(arn) {
	return { __rl: true, mode: 'list', value: arn, cachedResultName: ORDER_APPROVAL };
}

/** Run the demo -> Start an order approval -> Get the approval task -> the answer node (given). */
function answeringWorkflow(demo, packageName, credential, arns, order, answer) {
	const start = 'Start an order approval';
	const getTask = 'Get the approval task';
	const nodes = [
		{ id: `${demo.id}-1`, name: 'Run the demo', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: `${demo.id}-2`,
			name: start,
			type: `${packageName}.awsStepFunctions`,
			typeVersion: 1,
			position: [240, 0],
			parameters: { resource: 'execution', operation: 'start', stateMachine: locator(arns.stateMachineArn), input: JSON.stringify(order, null, 2) },
			credentials: { awsStepFunctionsApi: credential },
		},
		{
			id: `${demo.id}-3`,
			name: getTask,
			type: `${packageName}.awsStepFunctions`,
			typeVersion: 1,
			position: [480, 0],
			parameters: { resource: 'activity', operation: 'getTask', activity: locator(arns.activityArn) },
			credentials: { awsStepFunctionsApi: credential },
		},
		{
			id: `${demo.id}-4`,
			type: `${packageName}.awsStepFunctions`,
			typeVersion: 1,
			position: [720, 0],
			credentials: { awsStepFunctionsApi: credential },
			...answer,
		},
	];
	const link = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		id: demo.id,
		name: demo.name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: { 'Run the demo': link(start), [start]: link(getTask), [getTask]: link(answer.name) },
		pinData: {},
	};
}

/** The three demo workflows, for `n8n import:workflow --separate`. */
function demoWorkflows({ packageName, credential, arns }) {
	const reject = answeringWorkflow(DEMOS.reject, packageName, credential, arns, ORDERS.rejected, {
		name: 'Reject the order',
		parameters: {
			resource: 'task',
			operation: 'sendTaskFailure',
			taskToken: '={{ $json.taskToken }}',
			error: REJECTION.error,
			cause: "={{ 'Order ' + $json.input.orderId + ' over budget: ' + $json.input.amount + ' EUR' }}",
		},
	});
	const approve = answeringWorkflow(DEMOS.approve, packageName, credential, arns, ORDERS.approved, {
		name: 'Approve the order',
		parameters: {
			resource: 'task',
			operation: 'sendTaskSuccess',
			taskToken: '={{ $json.taskToken }}',
			output: "={{ { approved: true, orderId: $json.input.orderId, approvedBy: 'n8n' } }}",
		},
	});
	const watch = {
		id: DEMOS.watch.id,
		name: DEMOS.watch.name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${DEMOS.watch.id}-1`,
				name: 'When an order approval fails',
				type: `${packageName}.awsStepFunctionsTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { stateMachine: locator(arns.stateMachineArn), statuses: ['FAILED', 'TIMED_OUT', 'ABORTED'], options: {} },
				credentials: { awsStepFunctionsApi: credential },
			},
		],
		connections: {},
		pinData: {},
	};
	return [reject, approve, watch];
}

/**
 * The order approvals that ended since the last call, oldest first, with how they ended (DescribeExecution through
 * the adapter: status, error and cause, output). `seen` holds the ARNs already reported.
 */
async function endedSince(client, sdk, stateMachineArn, seen) {
	const ended = [];
	let nextToken;
	do {
		const page = await client.send(new sdk.ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }));
		for (const execution of page.executions ?? []) {
			if (execution.status === 'RUNNING' || seen.has(execution.executionArn)) continue;
			seen.add(execution.executionArn);
			ended.push(await client.send(new sdk.DescribeExecutionCommand({ executionArn: execution.executionArn })));
		}
		nextToken = page.nextToken;
	} while (nextToken);
	return ended.sort((a, b) => new Date(a.stopDate ?? 0).getTime() - new Date(b.stopDate ?? 0).getTime());
}

/** How long an order approval may run before the playground says it waits unanswered (a demo run answers in ~2 s). */
const WAITING_NOTICE_MS = 15_000;

/**
 * The order approvals that have been running for more than 15 seconds and were not announced yet (`announced` holds
 * their ARNs), each with its input and whether its task is still waiting for a worker (the history's newest event
 * is ActivityScheduled) or was taken and not answered (ActivityStarted).
 */
async function waitingSince(client, sdk, stateMachineArn, announced, now = Date.now()) {
	const waiting = [];
	let nextToken;
	do {
		const page = await client.send(new sdk.ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 100, nextToken }));
		for (const execution of page.executions ?? []) {
			if (announced.has(execution.executionArn)) continue;
			if (now - new Date(execution.startDate ?? now).getTime() < WAITING_NOTICE_MS) continue;
			const { events = [] } = await client.send(
				new sdk.GetExecutionHistoryCommand({ executionArn: execution.executionArn, reverseOrder: true, maxResults: 1 }),
			);
			const newest = events[0]?.type;
			if (newest !== 'ActivityScheduled' && newest !== 'ActivityStarted') continue;
			announced.add(execution.executionArn);
			const described = await client.send(new sdk.DescribeExecutionCommand({ executionArn: execution.executionArn }));
			let input;
			try {
				input = JSON.parse(described.input ?? '{}');
			} catch {
				input = {};
			}
			waiting.push({ name: execution.name, orderId: input.orderId, taken: newest === 'ActivityStarted' });
		}
		nextToken = page.nextToken;
	} while (nextToken);
	return waiting;
}

/** One line about an order approval that waits unanswered, as the playground prints it. */
function waitingLine({ name, orderId, taken }) {
	const order = orderId ? ` (order ${orderId})` : '';
	return taken
		? `order approval ${name}${order} waits for an answer: its task was taken, and only Send Task Success or Failure with that token ends it`
		: `order approval ${name}${order} waits for a worker: an activity hands out its oldest task first, so each "Get the approval task" now answers the order one run behind (npm start again begins afresh)`;
}

/** One line about an ended order approval, as the playground prints it. */
function outcomeLine(execution) {
	const name = execution.name ?? execution.executionArn?.split(':').pop();
	if (execution.status === 'FAILED') return `order approval ${name} FAILED: error "${execution.error}", cause "${execution.cause}"`;
	if (execution.status === 'SUCCEEDED') return `order approval ${name} SUCCEEDED with output ${execution.output}`;
	return `order approval ${name} ended ${execution.status}`;
}

module.exports = { DEMOS, ORDERS, REJECTION, ORDER_APPROVAL, createOrderApproval, demoWorkflows, endedSince, outcomeLine, waitingSince, waitingLine };
