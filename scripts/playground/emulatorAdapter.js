// ADAPTER TO THE EMULATOR, for the playground only (`npm start`, `npm run test:ui`). Never part of the package:
// nothing under nodes/ or credentials/ knows about it, and the integration and e2e tests talk to stepfunctions-local
// directly, with their own workarounds.
//
// stepfunctions-local (the Step Functions emulator the playground runs) answers some requests unlike AWS. A newcomer
// trying the node against it would take those answers for bugs of the node, so the playground puts this small HTTP
// adapter between n8n and the emulator. It forwards every request and changes only these answers, to what AWS
// answers (https://docs.aws.amazon.com/step-functions/latest/apireference/):
//
// - SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat with the token of a task that was already answered: the
//   emulator accepts it again; AWS refuses it with TaskTimedOut (a task token is single-use). The adapter remembers
//   the tokens whose SendTaskSuccess or SendTaskFailure it forwarded successfully, and refuses them from then on.
// - ExecutionFailed events (GetExecutionHistory): the emulator records the failed task's cause as the error and
//   "Error" (the name of its JavaScript error) as the cause. AWS reports the error and cause of the failure that
//   ended the execution: the adapter takes them from the failed task's event (ActivityFailed, TaskFailed, ...).
// - GetExecutionHistory with reverseOrder: the emulator reverses its stored history in place, so every such call
//   flips the order the next call sees. The adapter reads the history oldest first and orders and pages it itself.
// - DescribeExecution of a FAILED execution: AWS includes error and cause; the emulator leaves them out.
// - GetActivityTask: AWS holds the request up to 60 seconds until a task is there (a long poll); the emulator
//   answers at once, with an empty body when no task waits. The adapter asks again until a task comes, 60 seconds
//   pass or the caller hangs up, and answers {} when none came.
'use strict';

const http = require('http');

const JSON_TYPE = 'application/x-amz-json-1.0';
const LONG_POLL_MS = 60_000;
const LONG_POLL_STEP_MS = 250;
/** Events whose error and cause end an execution when nothing catches them. */
const FAILURE_EVENT_DETAILS = {
	ActivityFailed: 'activityFailedEventDetails',
	ActivityTimedOut: 'activityTimedOutEventDetails',
	TaskFailed: 'taskFailedEventDetails',
	TaskTimedOut: 'taskTimedOutEventDetails',
	LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
	LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
};

/** One request to the emulator; resolves with its status, headers and body (a Buffer). */
function forward(upstream, action, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			upstream,
			{
				method: 'POST',
				headers: { ...headers, host: upstream.host, 'content-type': JSON_TYPE, 'x-amz-target': `AWSStepFunctions.${action}`, 'content-length': Buffer.byteLength(body) },
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

function parse(buffer) {
	if (!buffer || buffer.length === 0) return undefined;
	try {
		return JSON.parse(buffer.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** Every event of an execution, oldest first, as the emulator stores it (asked without reverseOrder). */
async function fullHistory(upstream, executionArn) {
	const events = [];
	let nextToken;
	do {
		const answer = await forward(upstream, 'GetExecutionHistory', JSON.stringify({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
		if (answer.status !== 200) return { failed: answer };
		const page = parse(answer.body) ?? {};
		events.push(...(page.events ?? []));
		nextToken = page.nextToken ?? undefined;
	} while (nextToken);
	// Oldest first whatever an earlier reverseOrder call (from outside the adapter) left behind.
	events.sort((a, b) => a.id - b.id);
	return { events: events.map(fixedEvent(events)) };
}

/** An ExecutionFailed event with the error and cause of the task failure before it, as AWS reports them. */
function fixedEvent(events) {
	return (event, index) => {
		if (event.type !== 'ExecutionFailed') return event;
		for (let earlier = index - 1; earlier >= 0; earlier--) {
			const detailsName = FAILURE_EVENT_DETAILS[events[earlier].type];
			if (!detailsName) continue;
			const { error, cause } = events[earlier][detailsName] ?? {};
			const details = { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
			return { ...event, executionFailedEventDetails: details };
		}
		return event;
	};
}

function sendJson(response, status, value) {
	const body = JSON.stringify(value);
	response.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
	response.end(body);
}

function relay(response, answer) {
	const headers = { ...answer.headers };
	delete headers['transfer-encoding'];
	headers['content-length'] = String(answer.body.length);
	response.writeHead(answer.status, headers);
	response.end(answer.body);
}

/**
 * Starts the adapter on 127.0.0.1 (a free port) in front of the emulator at `emulatorEndpoint`; returns its
 * endpoint (what the playground's credential and SDK client use) and stop().
 * @param {string} emulatorEndpoint e.g. http://127.0.0.1:41234
 * @returns {Promise<{ endpoint: string, port: number, stop(): Promise<void> }>}
 */
async function startEmulatorAdapter(emulatorEndpoint) {
	const upstream = new URL(emulatorEndpoint);
	/** Tokens of tasks that got Send Task Success or Send Task Failure: closed, as AWS sees them. */
	const answeredTokens = new Set();
	let stopping = false;

	const handlers = {
		async SendTaskSuccess(request) {
			return await answerTask(request, true);
		},
		async SendTaskFailure(request) {
			return await answerTask(request, true);
		},
		async SendTaskHeartbeat(request) {
			return await answerTask(request, false);
		},
		async GetExecutionHistory({ params, raw, headers }) {
			if (!params?.executionArn) return await forward(upstream, 'GetExecutionHistory', raw, headers);
			const history = await fullHistory(upstream, params.executionArn);
			if (history.failed) return history.failed;
			const ordered = params.reverseOrder ? [...history.events].reverse() : history.events;
			const from = params.nextToken ? Number(Buffer.from(String(params.nextToken), 'base64').toString('utf8')) || 0 : 0;
			const size = params.maxResults || 100;
			const events = ordered.slice(from, from + size);
			const more = from + size < ordered.length;
			return { json: { events, ...(more ? { nextToken: Buffer.from(String(from + size)).toString('base64') } : {}) } };
		},
		async DescribeExecution({ params, raw, headers }) {
			const answer = await forward(upstream, 'DescribeExecution', raw, headers);
			const described = answer.status === 200 ? parse(answer.body) : undefined;
			if (!described || described.status !== 'FAILED' || described.error !== undefined || described.cause !== undefined) return answer;
			const history = await fullHistory(upstream, params.executionArn);
			const failed = history.events?.findLast((event) => event.type === 'ExecutionFailed');
			return { json: { ...described, ...(failed?.executionFailedEventDetails ?? {}) } };
		},
		async GetActivityTask({ raw, headers, gone }) {
			const deadline = Date.now() + LONG_POLL_MS;
			for (;;) {
				const answer = await forward(upstream, 'GetActivityTask', raw, headers);
				if (answer.status !== 200) return answer;
				const task = parse(answer.body);
				if (task?.taskToken) return answer;
				if (Date.now() >= deadline || gone() || stopping) return { json: {} };
				await new Promise((resolve) => setTimeout(resolve, LONG_POLL_STEP_MS));
			}
		},
	};

	async function answerTask({ action, params, raw, headers }, closes) {
		const token = typeof params?.taskToken === 'string' ? params.taskToken : undefined;
		if (token && answeredTokens.has(token)) {
			return { status: 400, json: { __type: 'TaskTimedOut', message: "Task Timed Out: 'Provided task does not exist anymore'" } };
		}
		const answer = await forward(upstream, action, raw, headers);
		if (closes && token && answer.status === 200) answeredTokens.add(token);
		return answer;
	}

	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', async () => {
			const raw = Buffer.concat(chunks);
			const action = String(request.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
			// Headers that only concern this hop are not passed on; the signature is not checked by the emulator.
			const { host: _host, 'content-length': _length, connection: _connection, ...headers } = request.headers;
			let closed = false;
			response.on('close', () => (closed = true));
			try {
				const handler = handlers[action];
				const outcome = handler
					? await handler({ action, params: parse(raw), raw, headers, gone: () => closed })
					: await forward(upstream, action, raw, headers);
				if (closed) return;
				if (outcome.json !== undefined) sendJson(response, outcome.status ?? 200, outcome.json);
				else relay(response, outcome);
			} catch (error) {
				if (!closed) sendJson(response, 500, { __type: 'InternalFailure', message: `playground adapter: ${error.message}` });
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({ port: 0, host: '127.0.0.1' }, resolve);
	});
	const { port } = server.address();
	return {
		endpoint: `http://127.0.0.1:${port}`,
		port,
		stop: () =>
			new Promise((resolve) => {
				stopping = true;
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startEmulatorAdapter };
