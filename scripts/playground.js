#!/usr/bin/env node
// `npm start`: try the node without an AWS account. Builds and installs the package into a local n8n (the same
// cached install as the e2e suite), starts a Step Functions server on 127.0.0.1 with an "order approval" state
// machine waiting for a decision, imports a credential and a demo workflow, and starts the n8n editor.
// Ctrl-C stops everything it started.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

// The pinned AWS SDK supports Node 20; its notice about later releases needing Node 22 is not for this terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { CACHE_ROOT, ensureN8n } = require('../test/support/n8nInstall');
const { N8nCli, installCommunityPackage, packProject, PACKAGE_NAME } = require('../test/support/n8nInstance');
const { startStepFunctionsLocal } = require('../test/support/stepFunctionsLocal');

const PORT = Number(process.env.PLAYGROUND_PORT || process.env.N8N_PORT || 5678);
const LINE = process.env.PLAYGROUND_N8N || '2.x';
const CREDENTIAL = { id: 'sfnPlayground001', name: 'Step Functions Local (playground)' };
const WORKFLOW_ID = 'sfnPlaygroundRej';

function say(message) {
	process.stdout.write(`[playground] ${message}\n`);
}

async function createDemo(endpoint) {
	// Loaded here, after stepFunctionsLocal.js has quieted the SDK's notices.
	const sdk = require('@aws-sdk/client-sfn');
	const client = new sdk.SFNClient({
		region: 'us-east-1',
		endpoint,
		credentials: { accessKeyId: 'playground', secretAccessKey: 'playground' },
	});
	const stamp = Date.now().toString(36);
	const { activityArn } = await client.send(new sdk.CreateActivityCommand({ name: `order-approval-${stamp}` }));
	const definition = {
		Comment: 'Waits for a person to approve or reject an order',
		StartAt: 'Wait for approval',
		States: { 'Wait for approval': { Type: 'Task', Resource: activityArn, End: true } },
	};
	const { stateMachineArn } = await client.send(
		new sdk.CreateStateMachineCommand({
			name: `order-approval-${stamp}`,
			definition: JSON.stringify(definition),
			roleArn: 'arn:aws:iam::123456789012:role/playground',
		}),
	);
	const order = { orderId: 'A-1001', amount: 1250, requestedBy: 'ana' };
	const { executionArn } = await client.send(
		new sdk.StartExecutionCommand({ stateMachineArn, name: `order-A-1001-${stamp}`, input: JSON.stringify(order) }),
	);
	// The activity worker's side: take the task and its token, as a real worker would with GetActivityTask.
	let taskToken;
	for (let attempt = 0; attempt < 50 && !taskToken; attempt++) {
		({ taskToken } = await client.send(new sdk.GetActivityTaskCommand({ activityArn, workerName: 'n8n-playground' })));
		if (!taskToken) await new Promise((resolve) => setTimeout(resolve, 200));
	}
	if (!taskToken) throw new Error('The demo execution did not reach its approval task');
	return { client, sdk, executionArn, taskToken, order };
}

function demoWorkflow(approval) {
	const nodes = [
		{ id: 'p1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'p2',
			name: 'Pending approval',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify(approval, null, 2), options: {} },
		},
		{
			id: 'p3',
			name: 'Reject the order',
			type: `${PACKAGE_NAME}.awsStepFunctions`,
			typeVersion: 1,
			position: [460, 0],
			parameters: {
				resource: 'task',
				operation: 'sendTaskFailure',
				taskToken: '={{ $json.taskToken }}',
				error: 'Approval.Rejected',
				cause: "={{ 'Order ' + $json.orderId + ' over budget: ' + $json.amount + ' EUR' }}",
			},
			credentials: { awsStepFunctionsApi: CREDENTIAL },
		},
	];
	return {
		id: WORKFLOW_ID,
		name: 'Playground: reject an order approval',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			Start: { main: [[{ node: 'Pending approval', type: 'main', index: 0 }]] },
			'Pending approval': { main: [[{ node: 'Reject the order', type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

const OWNER = { email: 'playground@example.com', password: 'Playground123', firstName: 'Play', lastName: 'Ground' };

function request(method, url, { body, cookie } = {}) {
	return new Promise((resolve) => {
		const payload = body ? JSON.stringify(body) : undefined;
		const headers = { ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) };
		const outgoing = http.request(url, { method, headers }, (response) => {
			let text = '';
			response.on('data', (chunk) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: text, headers: response.headers }));
		});
		outgoing.on('error', () => resolve({ status: 0, body: '', headers: {} }));
		outgoing.setTimeout(10_000, () => outgoing.destroy());
		outgoing.end(payload);
	});
}

/** Creates the playground's owner account on first start, or logs in; returns the session cookie. */
async function signIn(base) {
	let response = await request('POST', `${base}/rest/owner/setup`, { body: OWNER });
	if (response.status !== 200) {
		response = await request('POST', `${base}/rest/login`, {
			body: { email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
	}
	const cookies = response.headers['set-cookie'] ?? [];
	return cookies.map((cookie) => cookie.split(';')[0]).join('; ');
}

/**
 * Sets the playground up and starts the n8n editor: builds and installs this package into the n8n line's user
 * folder, starts stepfunctions-local with the demo execution waiting on its activity, imports the credential and
 * the demo workflow. Returns once n8n is spawned (call waitUntilReady() for the editor to answer); stop() ends
 * n8n (by its process id) and the Step Functions server. If setting up fails, what was started is stopped.
 * Used by `npm start` and by the browser test (test/ui).
 */
async function startPlayground({
	port = PORT,
	line = LINE,
	userFolder = path.join(CACHE_ROOT, `playground-${line}`),
	log = say,
} = {}) {
	// ensureN8n says so itself when it has to install n8n (first run only).
	log(`preparing n8n ${line}`);
	const install = ensureN8n(line);
	fs.mkdirSync(userFolder, { recursive: true });
	log('building and installing this package the way n8n installs community packages');
	const tarball = packProject(path.join(userFolder, 'pack'));
	installCommunityPackage(userFolder, tarball);

	const server = await startStepFunctionsLocal();
	const cli = new N8nCli(install, userFolder);
	const base = `http://127.0.0.1:${port}`;
	const logFile = path.join(userFolder, 'n8n.log');
	/** @type {import('child_process').ChildProcess | undefined} */
	let n8n;
	/** @type {Awaited<ReturnType<typeof createDemo>> | undefined} */
	let demo;
	let stopped;
	const stop = () =>
		(stopped ??= (async () => {
			if (n8n && n8n.exitCode === null && n8n.signalCode === null) {
				const exited = new Promise((resolve) => n8n.once('exit', resolve));
				process.kill(n8n.pid, 'SIGTERM');
				// n8n shuts down gracefully within seconds; past 15 s it is stopped for good.
				const timer = setTimeout(() => n8n.exitCode === null && process.kill(n8n.pid, 'SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			}
			cli.stopAll();
			demo?.client.destroy();
			await server.stop();
		})());

	try {
		log(`Step Functions server on ${server.endpoint}`);
		demo = await createDemo(server.endpoint);
		log(`execution ${demo.executionArn} is waiting for approval`);

		await cli.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: {
					region: 'us-east-1',
					accessKeyId: 'playground',
					secretAccessKey: 'playground',
					temporaryCredentials: false,
					customEndpoint: true,
					endpoint: server.endpoint,
				},
			},
		]);
		const workflowFile = path.join(userFolder, 'playground-workflow.json');
		fs.writeFileSync(workflowFile, JSON.stringify(demoWorkflow({ ...demo.order, taskToken: demo.taskToken })));
		await cli.run(['import:workflow', `--input=${workflowFile}`]);

		log(`starting the n8n ${install.version} editor on ${base}`);
		n8n = await cli.start(port);
		const logStream = fs.createWriteStream(logFile);
		n8n.stdout.pipe(logStream);
		n8n.stderr.pipe(logStream);
	} catch (error) {
		await stop();
		throw error;
	}

	/** Waits until the editor serves its REST API, signs in (creating the owner on first start); returns the cookie. */
	const waitUntilReady = async () => {
		for (let attempt = 0; ; attempt++) {
			// /healthz answers before the REST API and the node types are served; /rest/settings only after.
			const { status } = await request('GET', `${base}/rest/settings`);
			if (status === 200) break;
			if (attempt > 120) throw new Error(`n8n did not come up on port ${port}; see ${logFile}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		return signIn(base);
	};

	return { base, port, install, userFolder, logFile, server, demo, cli, n8n, stop, waitUntilReady };
}

/** What became of the demo execution's approval task, as its history shows it: null while it still waits. */
async function demoOutcome(demo) {
	const { events = [] } = await demo.client.send(new demo.sdk.GetExecutionHistoryCommand({ executionArn: demo.executionArn }));
	const failed = events.find((event) => event.type === 'ActivityFailed');
	if (failed) return { status: 'FAILED', ...failed.activityFailedEventDetails };
	const succeeded = events.find((event) => event.type === 'ActivitySucceeded');
	if (succeeded) return { status: 'SUCCEEDED', output: succeeded.activitySucceededEventDetails?.output };
	return null;
}

async function main() {
	const playground = await startPlayground();
	const { base, demo, n8n, logFile } = playground;

	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the Step Functions server');
		await playground.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	n8n.on('exit', (code) => {
		if (!stopping) {
			say(`n8n exited (${code}); its log is ${logFile}`);
			stop(1);
		}
	});

	let cookie;
	try {
		cookie = await playground.waitUntilReady();
	} catch (error) {
		stopping = true;
		await playground.stop();
		throw error;
	}
	const types = await request('GET', `${base}/types/nodes.json`, { cookie });
	const listed = types.body.includes(`"${PACKAGE_NAME}.awsStepFunctions"`);
	say(listed ? `the editor lists ${PACKAGE_NAME}.awsStepFunctions` : `warning: the node is not in /types/nodes.json (${types.status})`);

	say('');
	say(`Open ${base}`);
	say(`  1. Sign in as ${OWNER.email} / ${OWNER.password} (a local account of this playground only).`);
	say(`  2. Open the workflow "Playground: reject an order approval": ${base}/workflow/${WORKFLOW_ID}`);
	say('  3. Click "Execute workflow": the "Reject the order" node sends Send Task Failure.');
	say('  This window then shows the state machine failing with your error and cause.');
	say(`Ctrl-C stops n8n and the Step Functions server. n8n's log: ${logFile}`);

	// Report what happens to the demo execution, as its history shows it.
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 2000));
		if (stopping) return;
		const outcome = await demoOutcome(demo);
		if (outcome?.status === 'FAILED') {
			say(`the order approval FAILED: error "${outcome.error}", cause "${outcome.cause}". Restart npm start for a new one.`);
			return;
		}
		if (outcome?.status === 'SUCCEEDED') {
			say(`the order approval SUCCEEDED with output ${outcome.output}`);
			return;
		}
	}
}

module.exports = { startPlayground, demoOutcome, request, OWNER, CREDENTIAL, WORKFLOW_ID };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[playground] ${error.stack || error}\n`);
		process.exit(1);
	});
}
