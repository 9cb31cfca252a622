#!/usr/bin/env node
// `npm start`: try the node without an AWS account. Installs n8n once into a cache folder (quietly: the tools'
// output goes to a log file), builds this package and installs it into n8n the way n8n installs community packages,
// starts a Step Functions emulator on 127.0.0.1 behind the playground's adapter (scripts/playground/emulatorAdapter.js:
// it makes the emulator answer as AWS does), creates an "order approval" state machine with one rejected order,
// imports a credential and three demo workflows, creates a local owner account, and starts the n8n editor.
// It prints what to click, then reports each order approval that ends. Ctrl-C stops everything it started.
//
// Settings (environment): PLAYGROUND_PORT (default 5678), PLAYGROUND_N8N (2.x, the default, or 1.x),
// PLAYGROUND_USER_FOLDER (n8n's user folder; default ~/.cache/n8n-nodes-step-functions/playground-<line>).
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

// The pinned AWS SDK supports Node 20; its notice about later releases needing Node 22 is not for this terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { CACHE_ROOT, ensureN8n } = require('../test/support/n8nInstall');
const { N8nCli, installCommunityPackage, packProject, PACKAGE_NAME } = require('../test/support/n8nInstance');
const { startStepFunctionsLocal } = require('../test/support/stepFunctionsLocal');
const { startEmulatorAdapter } = require('./playground/emulatorAdapter');
const { DEMOS, createOrderApproval, demoWorkflows, endedSince, outcomeLine, waitingSince, waitingLine } = require('./playground/demo');
const { StepError, ensureN8nQuietly, runStepSync } = require('./playground/steps');

const PORT_SETTING = process.env.PLAYGROUND_PORT || process.env.N8N_PORT || '5678';
const PORT = Number(PORT_SETTING);
const LINE = process.env.PLAYGROUND_N8N || '2.x';
const LINES = ['2.x', '1.x'];
const CREDENTIAL = { id: 'sfnPlayground001', name: 'Step Functions Local (playground)' };
/** The local owner account the playground creates; the README and the printed instructions name it. */
const OWNER = { email: 'playground@example.com', password: 'Playground123', firstName: 'Play', lastName: 'Ground' };

function say(message) {
	process.stdout.write(`[playground] ${message}\n`);
}

/**
 * What n8n calls out for on its own, switched off: the playground has nothing to fetch from n8n's online services,
 * and each attempt leaves a getaddrinfo stack trace in n8n's log on a machine without internet. (Diagnostics,
 * version notifications and templates are off already: test/support/n8nInstance.js.)
 */
function offlineEnv(install) {
	const env = {
		N8N_VERIFIED_PACKAGES_ENABLED: 'false', // the list of verified community nodes (api.n8n.io)
		N8N_DYNAMIC_BANNERS_ENABLED: 'false', // the editor's banners (api.n8n.io, from the browser)
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false', // "what's new" (api.n8n.io)
		N8N_HIRING_BANNER_ENABLED: 'false',
	};
	// n8n 2.x refreshes a registry of MCP servers from api.n8n.io; n8n 1.x has no such module (and refuses the name).
	const modulesConfig = path.join(install.dir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	if (fs.existsSync(modulesConfig) && fs.readFileSync(modulesConfig, 'utf8').includes("'mcp-registry'")) env.N8N_DISABLED_MODULES = 'mcp-registry';
	return env;
}

/** The e2e suite's n8n CLI, with what n8n would call out for switched off. */
class PlaygroundCli extends N8nCli {
	env(extra = {}) {
		return super.env({ ...offlineEnv(this.install), ...extra });
	}
}

function request(method, url, { body, cookie } = {}) {
	return new Promise((resolve) => {
		const payload = body ? JSON.stringify(body) : undefined;
		// n8n 1.x serves the editor's pages only to requests that accept any type, as browsers and curl do.
		const headers = { accept: '*/*', ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) };
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

/** Creates the playground's owner account on first start (n8n's owner set-up), or checks that it can sign in. */
async function ensureOwner(base) {
	let response = await request('POST', `${base}/rest/owner/setup`, { body: OWNER });
	if (response.status !== 200) {
		response = await request('POST', `${base}/rest/login`, {
			body: { email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
	}
	if (response.status !== 200) throw new Error(`could not set up or sign in as ${OWNER.email} (HTTP ${response.status})`);
}

/** The settings a newcomer may mistype, checked before anything is set up (a wrong line would fail as an install). */
function checkSettings(port, line) {
	if (!LINES.includes(line)) {
		throw new StepError(`PLAYGROUND_N8N is "${line}": the playground runs n8n ${LINES.join(' (the default) or ')}`);
	}
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new StepError(`PLAYGROUND_PORT is "${process.env.PLAYGROUND_PORT ?? port}", not a port number (PLAYGROUND_PORT=5690 npm start, for example)`);
	}
}

/**
 * Refuses a port something already listens on: otherwise the playground would take that server (another playground,
 * another n8n) for its own n8n, print it as ready, and only then see its n8n exit.
 */
async function checkPortFree(port) {
	const free = await new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen({ port, host: '127.0.0.1' }, () => probe.close(() => resolve(true)));
	});
	if (!free) {
		throw new StepError(
			`port ${port} on 127.0.0.1 is in use (another playground or n8n?): stop what listens there, or choose another port: PLAYGROUND_PORT=5690 npm start`,
		);
	}
}

/** Whether a process id belongs to a running playground (the pid file may outlive its process, and pids are reused). */
function playgroundRunning(pid) {
	try {
		process.kill(pid, 0);
	} catch (error) {
		if (error.code !== 'EPERM') return false;
	}
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('playground');
	} catch {
		return true; // no /proc to ask: the process lives
	}
}

/**
 * One playground per user folder: a second one would import its credential (with its own emulator's endpoint) and
 * demos into the first one's n8n database and overwrite its n8n.log. Returns release(), which removes the lock.
 */
function lockUserFolder(userFolder) {
	const pidFile = path.join(userFolder, 'playground.pid');
	const owner = Number.parseInt(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : '', 10);
	if (owner && owner !== process.pid && playgroundRunning(owner)) {
		throw new StepError(
			`another playground (process ${owner}) is running with ${userFolder}: stop it (Ctrl-C in its terminal), or give this one a folder and port of its own: PLAYGROUND_USER_FOLDER=/tmp/playground-2 PLAYGROUND_PORT=5690 npm start`,
		);
	}
	fs.writeFileSync(pidFile, String(process.pid));
	const release = () => {
		try {
			if (fs.readFileSync(pidFile, 'utf8') === String(process.pid)) fs.rmSync(pidFile);
		} catch {
			// already gone
		}
	};
	process.once('exit', release);
	return release;
}

/** The last line n8n wrote to its log (why it exited, e.g. "n8n's port 5678 is already in use"). */
function lastLogLine(logFile) {
	try {
		const text = fs.readFileSync(logFile, 'utf8').replace(/\0/g, '');
		const line = text.split('\n').map((entry) => entry.trim()).filter(Boolean).at(-1);
		return line ? line.slice(0, 300) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Sets the playground up and starts the n8n editor (see the top of this file). Returns once n8n is spawned (call
 * waitUntilReady() for the editor to answer and the owner account to exist); stop() ends n8n (by its process id),
 * the adapter and the emulator. If setting up fails, what was started is stopped, and a StepError names the log.
 */
async function startPlayground({
	port = PORT,
	line = LINE,
	userFolder = process.env.PLAYGROUND_USER_FOLDER || path.join(CACHE_ROOT, `playground-${line}`),
	log = say,
} = {}) {
	checkSettings(port, line);
	await checkPortFree(port);
	fs.mkdirSync(userFolder, { recursive: true });
	const releaseUserFolder = lockUserFolder(userFolder);
	const setupLog = path.join(userFolder, 'playground-setup.log');
	fs.writeFileSync(setupLog, '');

	let install;
	try {
		await ensureN8nQuietly(line, { logFile: path.join(CACHE_ROOT, `install-n8n-${line}.log`), say: log });
		install = ensureN8n(line); // installed now: returns at once, prints nothing
		log(`n8n ${install.version} is installed in ${install.dir}`);

		log('building this package and installing it into n8n, as n8n installs community packages');
		runStepSync('building and installing this package', setupLog, () => {
			const tarball = packProject(path.join(userFolder, 'pack'));
			installCommunityPackage(userFolder, tarball);
		});
		// Again, now that installing and building may have taken minutes.
		await checkPortFree(port);
	} catch (error) {
		releaseUserFolder();
		throw error;
	}

	const emulator = await startStepFunctionsLocal();
	const adapter = await startEmulatorAdapter(emulator.endpoint);
	const cli = new PlaygroundCli(install, userFolder);
	const base = `http://127.0.0.1:${port}`;
	const logFile = path.join(userFolder, 'n8n.log');
	const sdk = require('@aws-sdk/client-sfn');
	const client = new sdk.SFNClient({
		region: 'us-east-1',
		endpoint: adapter.endpoint,
		credentials: { accessKeyId: 'playground', secretAccessKey: 'playground' },
	});
	/** @type {import('child_process').ChildProcess | undefined} */
	let n8n;
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
			client.destroy();
			await adapter.stop();
			await emulator.stop();
			releaseUserFolder();
		})());

	let arns;
	try {
		log(`Step Functions emulator (stepfunctions-local) on ${emulator.endpoint}, behind the playground's adapter on ${adapter.endpoint}`);
		arns = await createOrderApproval(client, sdk);
		log('state machine "order-approval" created; one order (A-1000) was already rejected, for the status trigger');

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
					endpoint: adapter.endpoint,
				},
			},
		]);
		const workflowFolder = path.join(userFolder, 'playground-workflows');
		fs.rmSync(workflowFolder, { recursive: true, force: true });
		fs.mkdirSync(workflowFolder);
		for (const workflow of demoWorkflows({ packageName: PACKAGE_NAME, credential: CREDENTIAL, arns })) {
			fs.writeFileSync(path.join(workflowFolder, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		}
		await cli.importWorkflows(workflowFolder);

		log(`starting n8n ${install.version} on ${base} (its log: ${logFile})`);
		n8n = await cli.start(port);
		const logStream = fs.createWriteStream(logFile);
		n8n.stdout.pipe(logStream);
		n8n.stderr.pipe(logStream);
	} catch (error) {
		await stop();
		if (error instanceof StepError) throw error;
		fs.appendFileSync(setupLog, `${error.stack || error}\n`);
		throw new StepError(`setting up the playground failed: ${String(error.message).split('\n')[0]}`, setupLog);
	}

	/** Waits until the editor serves its REST API and its pages, and the owner account exists. */
	const waitUntilReady = async () => {
		// n8n 2.x is up in about 15 s, n8n 1.x in 30 to 60 s; on a busy machine it takes longer.
		const deadline = Date.now() + 5 * 60_000;
		for (;;) {
			// /healthz answers before the REST API and the node types are served; /rest/settings only after, and the
			// editor's pages a moment later still ("Editor is now accessible").
			// An n8n that exited (e.g. its port was taken meanwhile) is reported before anything answering on the port
			// is taken for it.
			if (n8n.exitCode !== null || n8n.signalCode !== null) {
				const why = lastLogLine(logFile);
				throw new StepError(`n8n exited (${n8n.exitCode ?? n8n.signalCode})${why ? `: ${why}` : ''}`, logFile);
			}
			const [settings, signin] = [await request('GET', `${base}/rest/settings`), await request('GET', `${base}/signin`)];
			if (settings.status === 200 && signin.status === 200 && n8n.exitCode === null && n8n.signalCode === null) break;
			if (Date.now() > deadline) throw new StepError(`n8n did not come up on port ${port} within 5 minutes`, logFile);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await ensureOwner(base);
	};

	return { base, port, install, userFolder, logFile, emulator, adapter, client, sdk, arns, cli, n8n, stop, waitUntilReady };
}

/** What to click, as printed once the editor is ready. */
function instructions(base) {
	const url = (demo) => `${base}/workflow/${demo.id}`;
	return [
		'',
		`Open ${base} and sign in with the playground's local owner account (it exists only in this playground's n8n):`,
		`  email ${OWNER.email}   password ${OWNER.password}`,
		'',
		'Each run of a demo starts its own order approval and answers it: run them as often as you like.',
		`1. "${DEMOS.reject.name}": ${url(DEMOS.reject)}`,
		'   Click "Execute workflow": Start an order approval -> Get the approval task -> Reject the order (Send Task Failure).',
		'   Then open "Reject the order" and click "Execute step": the same token a second time is refused (already answered).',
		`2. "${DEMOS.approve.name}": ${url(DEMOS.approve)}`,
		'   Click "Execute workflow": Start an order approval -> Get the approval task -> Approve the order (Send Task Success).',
		`3. "${DEMOS.watch.name}": ${url(DEMOS.watch)}`,
		'   Open "When an order approval fails" and click "Fetch Test Event": the newest failed order approval, with its error and cause.',
		'',
		'This window reports each order approval that ends. Ctrl-C stops n8n and the Step Functions emulator.',
	];
}

async function main() {
	const started = Date.now();
	let playground;
	try {
		playground = await startPlayground();
	} catch (error) {
		if (!(error instanceof StepError)) throw error;
		say(error.logFile ? `${error.message}; see ${error.logFile}` : error.message);
		process.exit(1);
	}
	const { base, n8n, logFile, client, sdk, arns } = playground;

	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the Step Functions emulator');
		await playground.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	n8n.on('exit', (code) => {
		if (!stopping) {
			const why = lastLogLine(logFile);
			say(`n8n exited (${code})${why ? `: ${why}` : ''}; its log is ${logFile}`);
			stop(1);
		}
	});

	try {
		await playground.waitUntilReady();
	} catch (error) {
		say(`${error.message}; see ${error.logFile ?? logFile}`);
		await stop(1);
		return;
	}
	say(`n8n ${playground.install.version} is ready (${Math.round((Date.now() - started) / 1000)} s)`);
	for (const text of instructions(base)) say(text);

	// Report each order approval that ends, as DescribeExecution (through the adapter) tells it, and each one that waits
	// unanswered (started by "Execute step" on "Start an order approval" alone, say): an activity hands out its oldest
	// task first, so the next run's "Get the approval task" takes that one instead of its own.
	const seen = new Set([arns.seededExecutionArn]);
	const announced = new Set();
	while (!stopping) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		if (stopping) return;
		try {
			for (const execution of await endedSince(client, sdk, arns.stateMachineArn, seen)) say(outcomeLine(execution));
			for (const waiting of await waitingSince(client, sdk, arns.stateMachineArn, announced)) say(waitingLine(waiting));
		} catch (error) {
			if (!stopping) say(`could not read the order approvals: ${error.message}`);
		}
	}
}

module.exports = { startPlayground, instructions, request, OWNER, CREDENTIAL, DEMOS };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[playground] ${error.stack || error}\n`);
		process.exit(1);
	});
}
