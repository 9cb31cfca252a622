#!/usr/bin/env node
// `npm run test:ui`: the playground as a newcomer meets it, driven in Debian's Chromium by playwright-core.
//
// It runs `npm start`'s script (scripts/playground.js) as a child process, as a user would, once for n8n 2.x and once
// for n8n 1.x (in parallel; UI_N8N_LINES=2.x for 2.x only), each with a fresh user folder and port, and checks what
// it prints (and that a second playground on its port or user folder, or for an unknown n8n line, refuses at once),
// then what the editor shows: the nodes panel (entries, descriptions, the status trigger's event), the
// demo node's fields, the credential test, the demos run again and again (Send Task Failure twice, the same token a
// third time refused as already answered, Send Task Success), the status trigger's Fetch Test Event, the state
// machine picker, the terminal's notice about an order approval left waiting, and that neither n8n nor the browser reached for anything beyond 127.0.0.1 (the browser is only
// allowed loopback; what it tries beyond is aborted and listed).
//
// Each step leaves a screenshot in test-results/ui/ (with the playground's output and n8n's logs). Exits non-zero on
// the first failing step (with a screenshot and the page's HTML of that moment) and always ends what it started:
// Chromium and the playgrounds by their process ids (a playground stops its n8n, adapter and emulator on SIGINT).
'use strict';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromium, selectors } = require('playwright-core');

const { OWNER, CREDENTIAL, DEMOS } = require('../../scripts/playground');
const { ORDERS, REJECTION } = require('../../scripts/playground/demo');
const { runLogged, ensureN8nQuietly, StepError } = require('../../scripts/playground/steps');
const { REPO_ROOT, PACKAGE_NAME } = require('../support/n8nInstance');

const OUT = path.join(REPO_ROOT, 'test-results', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TOTAL_TIMEOUT_MS = Number(process.env.UI_TEST_TIMEOUT_MS || 15 * 60_000);
const LINES = (process.env.UI_N8N_LINES || '2.x,1.x').split(',').map((line) => line.trim()).filter(Boolean);
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const TYPES = {
	action: `${PACKAGE_NAME}.awsStepFunctions`,
	statusTrigger: `${PACKAGE_NAME}.awsStepFunctionsTrigger`,
	activityTrigger: `${PACKAGE_NAME}.awsStepFunctionsActivityTrigger`,
};
const EVENT = 'On execution ended (failed, timed out, aborted)';
const ALREADY_ANSWERED = 'The task of this token has timed out or was already answered';
// n8n marks its elements with data-test-id (not Playwright's default data-testid).
selectors.setTestIdAttribute('data-test-id');

function log(message) {
	process.stdout.write(`[test:ui] ${message}\n`);
}

function check(condition, message) {
	if (!condition) throw new Error(message);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nothing listens on: bound, then released. */
function closedPort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * `npm start` (node scripts/playground.js) for one n8n line, in its own process group, with its output collected line
 * by line. ready() resolves once it has printed its instructions; stop() sends SIGINT (as Ctrl-C does) and waits.
 */
async function launchPlayground(line) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `sfn-ui-${line}-`));
	const port = await closedPort();
	const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'playground.js')], {
		cwd: REPO_ROOT,
		env: { ...process.env, PLAYGROUND_PORT: String(port), PLAYGROUND_N8N: line, PLAYGROUND_USER_FOLDER: userFolder },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // its own process group: if it cannot stop by itself, the group (it and its n8n) is ended
	});
	const lines = [];
	let stderr = '';
	const waiters = new Set();
	let pending = '';
	child.stdout.on('data', (chunk) => {
		pending += chunk;
		const parts = pending.split('\n');
		pending = parts.pop() ?? '';
		lines.push(...parts);
		for (const waiter of waiters) waiter();
	});
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => [...waiters].forEach((waiter) => waiter()));

	/** Waits until a printed line (from index `from` on) matches; returns it. */
	const waitForLine = (pattern, { from = 0, timeoutMs = 60_000 } = {}) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => done(new Error(`the ${line} playground did not print ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs);
			const look = () => {
				const found = lines.slice(from).find((text) => pattern.test(text));
				if (found) done(undefined, found);
				else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`the ${line} playground exited (${child.exitCode ?? child.signalCode}):\n${lines.join('\n')}\n${stderr}`));
			};
			const done = (error, found) => {
				clearTimeout(timer);
				waiters.delete(look);
				if (error) reject(error);
				else resolve(found);
			};
			waiters.add(look);
			look();
		});

	const playground = {
		line,
		port,
		userFolder,
		child,
		lines,
		stderr: () => stderr,
		waitForLine,
		logFile: path.join(userFolder, 'n8n.log'),
		async ready() {
			await waitForLine(/This window reports each order approval that ends/, { timeoutMs: 10 * 60_000 });
			playground.base = /Open (http:\/\/127\.0\.0\.1:\d+) and sign in/.exec(lines.join('\n'))?.[1];
			playground.endpoint = /behind the playground's adapter on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1];
			check(playground.base === `http://127.0.0.1:${port}`, `the playground names ${playground.base} as the editor`);
			check(playground.endpoint, "the playground does not name its adapter's endpoint");
		},
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return await exited;
			process.kill(child.pid, 'SIGINT');
			const outcome = await Promise.race([exited, pause(30_000).then(() => null)]);
			if (outcome) return outcome;
			process.kill(-child.pid, 'SIGKILL'); // the process group this test started: the playground and its n8n
			return await exited;
		},
		save() {
			fs.writeFileSync(path.join(OUT, `playground-${line}.txt`), `${lines.join('\n')}\n${pending}${stderr ? `\n--- stderr ---\n${stderr}` : ''}`);
			if (fs.existsSync(playground.logFile)) fs.copyFileSync(playground.logFile, path.join(OUT, `n8n-${line}.log`));
		},
	};
	return playground;
}

/** `npm start`'s script run to its end with extra settings (one that refuses to start ends at once); its output. */
function runPlaygroundOnce(env, timeoutMs = 60_000) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'playground.js')], {
			cwd: REPO_ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGINT');
			reject(new Error(`the playground with ${JSON.stringify(env)} did not end within ${timeoutMs / 1000} s:\n${output}`));
		}, timeoutMs);
		child.once('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

async function signIn(page, base) {
	await page.goto(`${base}/signin`);
	// n8n 2.x names the field emailOrLdapLoginId, 1.x email.
	await page.locator('input[name=emailOrLdapLoginId], input#emailOrLdapLoginId, input[name=email]').first().fill(OWNER.email);
	await page.locator('input[type=password]').first().fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** The descriptions of the package's node types as n8n serves them to the editor. */
async function servedDescriptions(page, base) {
	const response = await page.request.get(`${base}/types/nodes.json`);
	check(response.ok(), `/types/nodes.json answered ${response.status()}`);
	const types = await response.json();
	const description = (name) => types.find((type) => type.name === name)?.description;
	return { action: description(TYPES.action), statusTrigger: description(TYPES.statusTrigger), activityTrigger: description(TYPES.activityTrigger) };
}

/**
 * The nodes panel, searched for "Step Functions": one AWS Step Functions entry with the action node's description,
 * the Activity Trigger's own entry, no entry of the status trigger (n8n lists it inside the action's), then the
 * entry's details: the description again and the status trigger's event under Triggers.
 */
async function checkNodesPanel(page, expected, { descriptionsInList }) {
	await page.getByTestId('node-creator').waitFor();
	await page.getByTestId('node-creator-search-bar').fill('Step Functions');
	const panel = page.getByTestId('node-creator');
	const entry = (name) => panel.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]').filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) });
	await entry('AWS Step Functions').waitFor();
	await entry('AWS Step Functions Activity Trigger').waitFor();
	const names = (await panel.getByTestId('node-creator-item-name').allInnerTexts()).map((name) => name.trim());
	const ours = names.filter((name) => name.includes('Step Functions'));
	check(
		JSON.stringify(ours) === JSON.stringify(['AWS Step Functions', 'AWS Step Functions Activity Trigger']),
		`the nodes panel lists: ${ours.join(', ')}`,
	);
	if (descriptionsInList) {
		const description = async (name) => (await entry(name).getByTestId('node-creator-item-description').innerText()).trim();
		check((await description('AWS Step Functions')) === expected.action, `the AWS Step Functions entry says "${await description('AWS Step Functions')}"`);
		const activity = await description('AWS Step Functions Activity Trigger');
		check(activity === expected.activityTrigger, `the Activity Trigger entry says "${activity}"`);
	}
	await entry('AWS Step Functions').click();
	// The entry's details (the list stays in the page behind them).
	const triggers = panel.getByText('Triggers (1)');
	await triggers.waitFor();
	await panel.getByText(expected.action, { exact: true }).and(page.locator(':not([data-test-id="node-creator-item-description"])')).waitFor();
	const event = panel.getByText(EVENT, { exact: true });
	if (!(await event.isVisible())) await triggers.click();
	await event.waitFor();
	check(!(await panel.getByText(/On new .* event/).isVisible()), 'the panel still shows "On new … event"');
	await event.scrollIntoViewIfNeeded();
	return { event };
}

async function main() {
	const started = Date.now();
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

	/** @type {Map<string, Awaited<ReturnType<typeof launchPlayground>>>} */
	const playgrounds = new Map();
	/** @type {import('playwright-core').BrowserServer | undefined} */
	let browserServer;
	/** @type {import('playwright-core').Browser | undefined} */
	let browser;
	let browserPid;
	let page;
	let client;
	let cleanedUp = false;
	/** What the browser tried to reach beyond 127.0.0.1 (aborted), per n8n line. */
	const blocked = new Map();
	const cleanUp = async () => {
		if (cleanedUp) return;
		cleanedUp = true;
		client?.destroy();
		const closing = [browser?.close(), browserServer?.close()].map((promise) => promise?.catch(() => {}));
		await Promise.race([Promise.all(closing), pause(10_000)]);
		if (browserPid) {
			try {
				process.kill(browserPid, 'SIGKILL'); // only if browser.close() left it running
			} catch {
				// already gone
			}
		}
		await Promise.all(
			[...playgrounds.values()].map(async (playground) => {
				await playground.stop().catch(() => {});
				playground.save();
				fs.rmSync(playground.userFolder, { recursive: true, force: true });
			}),
		);
	};
	// Ctrl-C or a CI timeout: still end the playgrounds and Chromium.
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => cleanUp().finally(() => process.exit(130)));
	}
	const watchdog = setTimeout(() => {
		log(`timed out after ${TOTAL_TIMEOUT_MS / 1000} s`);
		cleanUp().finally(() => process.exit(1));
	}, TOTAL_TIMEOUT_MS);

	let failed = false;
	let stepNumber = 0;
	const step = async (name, body) => {
		stepNumber++;
		const file = `${String(stepNumber).padStart(2, '0')}-${name}`;
		const stepStart = Date.now();
		try {
			await body();
			if (page) await page.screenshot({ path: path.join(OUT, `${file}.png`) });
			log(`ok   ${stepNumber}. ${name} (${((Date.now() - stepStart) / 1000).toFixed(1)} s)`);
		} catch (error) {
			failed = true;
			log(`FAIL ${stepNumber}. ${name}: ${error.message}`);
			if (page) {
				await page.screenshot({ path: path.join(OUT, `${file}-FAILED.png`) }).catch(() => {});
				fs.writeFileSync(path.join(OUT, `${file}-FAILED.html`), await page.content().catch(() => ''));
			}
			throw error;
		}
	};

	/** A browser page for one n8n line, that may reach 127.0.0.1 only: anything else is aborted and recorded. */
	const newPage = async (line) => {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		blocked.set(line, new Set());
		await context.route(
			(url) => url.hostname !== '127.0.0.1',
			(route) => {
				blocked.get(line).add(route.request().url());
				return route.abort();
			},
		);
		const created = await context.newPage();
		created.setDefaultTimeout(20_000);
		return created;
	};

	try {
		// Both lines start at once: n8n 1.x comes up while n8n 2.x is being tested.
		for (const line of LINES) playgrounds.set(line, await launchPlayground(line));
		const main = playgrounds.get(LINES[0]);

		await step('quiet-steps', async () => {
			// A step whose tool prints 200 lines and fails: nothing on the terminal, every line in the log, and an error
			// that names the log (the playground prints "<message>; see <log>").
			const logFile = path.join(OUT, 'quiet-step.log');
			const noisy = 'for (let i = 1; i <= 200; i++) console.log(`gyp info line ${i}`); console.error("gcc: warning"); process.exit(3)';
			const seen = [];
			const error = await runLogged(process.execPath, ['-e', noisy], { logFile, onLine: (text) => seen.push(text) }).catch((caught) => caught);
			check(error instanceof StepError && error.logFile === logFile && /exit code 3/.test(error.message), `the failing step reported: ${error}`);
			const logged = fs.readFileSync(logFile, 'utf8');
			check(logged.includes('gyp info line 200') && logged.includes('gcc: warning'), 'the log lacks the step output');
			check(seen.length === 201, `the step's ${seen.length} lines reached the progress callback, not 201`);
		});

		await step('playground-output', async () => {
			await main.ready();
			const printed = main.lines.slice();
			const shown = printed.join('\n');
			check(printed.every((text) => text.startsWith('[playground] ')), `a line without the playground's prefix:\n${shown}`);
			check(printed.length <= 30, `the playground printed ${printed.length} lines before it was ready:\n${shown}`);
			check(!/gyp|gcc|warning|npm (warn|WARN)|ENOTFOUND|getaddrinfo/i.test(shown), `build or network noise in the output:\n${shown}`);
			check(main.stderr().trim() === '', `the playground wrote to stderr:\n${main.stderr()}`);
			const expected = [
				`email ${OWNER.email}   password ${OWNER.password}`,
				'run them as often as you like',
				`1. "${DEMOS.reject.name}": ${main.base}/workflow/${DEMOS.reject.id}`,
				'Click "Execute workflow": Start an order approval -> Get the approval task -> Reject the order (Send Task Failure).',
				'Then open "Reject the order" and click "Execute step": the same token a second time is refused (already answered).',
				`2. "${DEMOS.approve.name}": ${main.base}/workflow/${DEMOS.approve.id}`,
				'Click "Execute workflow": Start an order approval -> Get the approval task -> Approve the order (Send Task Success).',
				`3. "${DEMOS.watch.name}": ${main.base}/workflow/${DEMOS.watch.id}`,
				'Open "When an order approval fails" and click "Fetch Test Event"',
			];
			for (const text of expected) check(shown.includes(text), `the playground does not print: ${text}\n${shown}`);
			// Now that the playground has installed n8n if it had to: with n8n installed, the install step says nothing.
			const said = [];
			const result = await ensureN8nQuietly(main.line, { logFile: path.join(OUT, 'install-check.log'), say: (text) => said.push(text) });
			check(!result.installed && said.length === 0, `with n8n installed, the install step said: ${said.join(' | ')}`);
			const sdk = require('@aws-sdk/client-sfn');
			client = new sdk.SFNClient({ region: 'us-east-1', endpoint: main.endpoint, credentials: { accessKeyId: 'ui', secretAccessKey: 'ui' } });
			client.sdk = sdk;
			// Two more state machines, so that the "From List" picker has something to filter out.
			for (const name of ['invoice-check', 'refund-review']) {
				await client.send(
					new sdk.CreateStateMachineCommand({
						name: `${name}-ui`,
						definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
						roleArn: 'arn:aws:iam::123456789012:role/playground',
					}),
				);
			}
			log(`playground ${main.line} ready after ${((Date.now() - started) / 1000).toFixed(1)} s on ${main.base}`);
		});

		await step('refusals', async () => {
			// A second playground on a port in use, or with a user folder a running playground holds, or for an n8n line
			// there is none of, refuses before it sets anything up: it does not take the running n8n for its own, import
			// its credential into that n8n's database or overwrite its log.
			const unused = path.join(os.tmpdir(), `sfn-ui-unused-${process.pid}`);
			const cases = [
				[{ PLAYGROUND_PORT: String(main.port), PLAYGROUND_USER_FOLDER: unused }, `port ${main.port} on 127.0.0.1 is in use`],
				[{ PLAYGROUND_PORT: String(await closedPort()), PLAYGROUND_USER_FOLDER: main.userFolder }, `another playground (process ${main.child.pid}) is running with ${main.userFolder}`],
				[{ PLAYGROUND_N8N: '3.x', PLAYGROUND_USER_FOLDER: unused }, 'PLAYGROUND_N8N is "3.x": the playground runs n8n 2.x (the default) or 1.x'],
			];
			for (const [env, expected] of cases) {
				const { code, output } = await runPlaygroundOnce({ PLAYGROUND_N8N: main.line, ...env });
				const printed = output.trim().split('\n');
				check(code === 1 && printed.length === 1 && printed[0].startsWith(`[playground] ${expected}`), `with ${JSON.stringify(env)} the playground ended ${code} and printed:\n${output}`);
			}
			check(!fs.existsSync(unused), `a refused playground created ${unused}`);
			check(fs.readFileSync(main.logFile, 'utf8').includes('Editor is now accessible'), "a refused playground overwrote the running one's n8n.log");
		});

		// Started as a server so that Chromium's process id is known and can be ended whatever happens.
		browserServer = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
		browserPid = browserServer.process().pid;
		browser = await chromium.connect(browserServer.wsEndpoint());
		page = await newPage(main.line);
		const { base } = main;
		const node = (name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
		let expected;

		await step('sign-in', async () => {
			await signIn(page, base);
			await page.getByTestId('resources-list-item-workflow').filter({ hasText: DEMOS.reject.name }).waitFor();
			expected = await servedDescriptions(page, base);
			// n8n's nodes panel shows the status trigger's description on the action node's entry: they must be the same.
			check(expected.action && expected.statusTrigger === expected.action, `the descriptions differ: "${expected.action}" / "${expected.statusTrigger}"`);
		});

		await step('nodes-panel-first-step', async () => {
			// A new workflow: "Add first step" opens the triggers' panel.
			await page.goto(`${base}/workflow/new`);
			await page.getByTestId('canvas-add-button').click();
			const { event } = await checkNodesPanel(page, expected, { descriptionsInList: true });
			await page.screenshot({ path: path.join(OUT, `${String(stepNumber).padStart(2, '0')}-nodes-panel-event.png`) });
			await event.click();
			// The event adds the status trigger and opens it.
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByTestId('parameter-input-statuses').waitFor();
			const added = page.locator(`[data-test-id="canvas-node"][data-node-type="${TYPES.statusTrigger}"]`);
			check((await added.count()) === 1, 'the event did not add an AWS Step Functions Trigger');
		});

		await step('nodes-panel', async () => {
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
			await page.getByTestId('node-creator-plus-button').click();
			await checkNodesPanel(page, expected, { descriptionsInList: true });
			await page.keyboard.press('Escape');
		});

		await step('node-fields', async () => {
			await page.goto(`${base}/workflow/${DEMOS.reject.id}`);
			const reject = node('Reject the order');
			await reject.waitFor();
			check((await reject.getAttribute('data-node-type')) === TYPES.action, 'unexpected node type');
			for (const name of ['Run the demo', 'Start an order approval', 'Get the approval task']) await node(name).waitFor();
			await reject.dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			const field = (name) => ndv.getByTestId(`parameter-input-${name}`);
			for (const [name, label] of [['resource', 'Resource'], ['operation', 'Operation'], ['taskToken', 'Task Token'], ['error', 'Error'], ['cause', 'Cause']]) {
				await field(name).waitFor();
				await ndv.getByTestId('node-parameters').getByText(label, { exact: true }).first().waitFor();
			}
			check((await field('resource').locator('input').first().inputValue()) === 'Task Callback', 'Resource is not "Task Callback"');
			check((await field('operation').locator('input').first().inputValue()) === 'Send Task Failure', 'Operation is not "Send Task Failure"');
			check((await field('taskToken').innerText()).includes('$json.taskToken'), 'Task Token does not show {{ $json.taskToken }}');
			check((await field('error').locator('input').inputValue()) === REJECTION.error, `Error is not "${REJECTION.error}"`);
			const credential = await ndv.getByTestId('node-credentials-select').locator('input').first().inputValue();
			check(credential === CREDENTIAL.name, `the node's credential is "${credential}"`);
		});

		const modal = page.getByTestId('editCredential-modal');
		const success = modal.getByTestId('credentials-config-container-test-success');
		const retry = modal.getByTitle('Retry credential test').filter({ visible: true });
		const endpointInput = modal.getByTestId('parameter-input-endpoint').locator('input');

		await step('credential-test-ok', async () => {
			await page.getByTestId('ndv').getByTestId('credential-edit-button').click();
			await modal.waitFor();
			check((await endpointInput.inputValue()) === main.endpoint, "the Endpoint is not the playground's adapter");
			await success.waitFor({ state: 'visible' }); // n8n tests an existing credential when it opens
			const tested = page.waitForResponse((response) => response.url().endsWith('/rest/credentials/test'));
			await retry.click();
			await tested;
			await success.waitFor({ state: 'visible' });
			await success.getByText('Connection tested successfully').waitFor();
		});

		await step('credential-test-refused', async () => {
			const closed = await closedPort();
			await endpointInput.fill(`http://127.0.0.1:${closed}`);
			const tested = page.waitForResponse((response) => response.url().endsWith('/rest/credentials/test'));
			await retry.click();
			await tested;
			const failure = modal.locator('.el-tag--danger').filter({ visible: true }).filter({ hasText: 'Couldn’t connect with these settings' });
			await failure.waitFor();
			await failure.getByText('More details').click();
			await modal.getByText(`Could not connect to http://127.0.0.1:${closed}: connection refused. Nothing is listening there.`).waitFor();
		});

		await step('credential-restored', async () => {
			await endpointInput.fill(main.endpoint);
			await modal.getByTestId('credential-save-button').click();
			await modal.getByTestId('credential-save-button').getByText('Saved', { exact: true }).waitFor();
			await success.waitFor({ state: 'visible' });
			await success.getByText('Connection tested successfully').waitFor();
			await modal.locator('.el-dialog__close').first().click();
			await modal.waitFor({ state: 'hidden' });
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		});

		const expectedCause = REJECTION.cause(ORDERS.rejected);
		/** Runs the open demo workflow; returns the line the playground printed about its order approval. */
		const runDemo = async (lastNode, outcome) => {
			const from = main.lines.length;
			await page.getByTestId('execute-workflow-button').click();
			await node(lastNode).getByTestId('canvas-node-status-success').waitFor({ timeout: 90_000 });
			await page.getByText(/Workflow executed successfully/).first().waitFor();
			return await main.waitForLine(new RegExp(`order approval n8n-\\S+ ${outcome}`), { from, timeoutMs: 20_000 });
		};

		await step('reject-twice', async () => {
			// Each run starts its own execution, takes its task and rejects it: two runs, two failed order approvals.
			const reported = [];
			for (let run = 0; run < 2; run++) reported.push(await runDemo('Reject the order', 'FAILED'));
			for (const text of reported) {
				check(text.endsWith(`FAILED: error "${REJECTION.error}", cause "${expectedCause}"`), `the playground reported: ${text}`);
			}
			const names = reported.map((text) => /order approval (\S+)/.exec(text)[1]);
			check(names[0] !== names[1], `both runs answered the same execution ${names[0]}`);
			// As AWS reports it (through the adapter): the execution's error and cause are the task's.
			const { sdk } = client;
			const [{ stateMachineArn }] = (await client.send(new sdk.ListStateMachinesCommand({}))).stateMachines.filter((machine) => machine.name === 'order-approval');
			const { executions } = await client.send(new sdk.ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));
			const ours = executions.filter((execution) => names.includes(execution.name));
			check(ours.length === 2, `ListExecutions shows ${ours.length} of the two failed executions`);
			for (const { executionArn } of ours) {
				const described = await client.send(new sdk.DescribeExecutionCommand({ executionArn }));
				check(described.error === REJECTION.error && described.cause === expectedCause, `DescribeExecution: ${described.error} / ${described.cause}`);
				const { events } = await client.send(new sdk.GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
				const details = events[0]?.executionFailedEventDetails;
				check(events[0]?.type === 'ExecutionFailed' && details?.error === REJECTION.error && details?.cause === expectedCause, `the history ends with ${JSON.stringify(events[0])}`);
			}
		});

		await step('token-already-answered', async () => {
			// "Execute step" sends Send Task Failure again with the last run's token, which is spent: AWS (and the
			// playground's adapter) answer TaskTimedOut, which the node words as "already answered".
			await node('Reject the order').dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByTestId('node-execute-button').click();
			await ndv.getByTestId('output-panel').getByText(ALREADY_ANSWERED).first().waitFor({ timeout: 30_000 });
			await ndv.getByText('(AWS error TaskTimedOut)').first().waitFor();
			await page.getByTestId('ndv-close-button').click();
			await ndv.waitFor({ state: 'hidden' });
		});

		await step('approve', async () => {
			await page.goto(`${base}/workflow/${DEMOS.approve.id}`);
			await node('Approve the order').waitFor();
			const text = await runDemo('Approve the order', 'SUCCEEDED');
			const output = JSON.parse(/SUCCEEDED with output (.*)$/.exec(text)[1]);
			check(output.approved === true && output.orderId === ORDERS.approved.orderId, `the playground reported: ${text}`);
		});

		await step('status-trigger-test-event', async () => {
			await page.goto(`${base}/workflow/${DEMOS.watch.id}`);
			const trigger = node('When an order approval fails');
			await trigger.waitFor();
			check((await trigger.getAttribute('data-node-type')) === TYPES.statusTrigger, 'the watch workflow has no AWS Step Functions Trigger');
			await trigger.dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByTestId('node-execute-button').click(); // "Fetch Test Event"
			const output = ndv.getByTestId('output-panel');
			await output.getByText(expectedCause).first().waitFor({ timeout: 30_000 });
			await output.getByTestId('radio-button-json').click();
			// The JSON view as the user reads it (its tokens are separate elements; spacing normalised).
			let shown = '';
			for (let attempt = 0; attempt < 40 && !shown.includes('"cause":'); attempt++) {
				shown = (await output.innerText()).replace(/\s+/g, ' ');
				if (!shown.includes('"cause":')) await page.waitForTimeout(250);
			}
			check(shown.includes(`"error": "${REJECTION.error}"`), `the test event's error is not "${REJECTION.error}":\n${shown}`);
			check(shown.includes(`"cause": "${expectedCause}"`), `the test event's cause is not "${expectedCause}":\n${shown}`);
			check(shown.includes('"status": "FAILED"'), `the test event is not a FAILED execution:\n${shown}`);
			await page.getByTestId('ndv-close-button').click();
			await ndv.waitFor({ state: 'hidden' });
		});

		await step('state-machine-from-list', async () => {
			await page.goto(`${base}/workflow/${DEMOS.reject.id}`);
			await node('Start an order approval').dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			check((await ndv.getByTestId('parameter-input-operation').locator('input').first().inputValue()) === 'Start', 'Operation is not Start');
			const locator = ndv.getByTestId('resource-locator-stateMachine');
			await locator.getByTestId('rlc-input').click();
			const items = page.getByTestId('rlc-item').filter({ visible: true });
			await items.filter({ hasText: 'refund-review-ui' }).waitFor();
			const before = await items.allInnerTexts();
			check(before.length === 3, `the list shows ${before.length} state machines: ${before.join(', ')}`);
			await page.getByTestId('rlc-search').filter({ visible: true }).fill('order');
			// The node filters server-side: the list reloads (skeleton rows first) with what the search returns.
			let after = [];
			for (let attempt = 0; attempt < 40; attempt++) {
				await items.first().waitFor();
				after = await items.allInnerTexts();
				if (after.length === 1 && after[0].trim() === 'order-approval') break;
				await page.waitForTimeout(250);
			}
			check(after.length === 1 && after[0].trim() === 'order-approval', `typing "order" leaves ${after.join(', ')}`);
			await page.keyboard.press('Escape');
		});

		await step('waiting-order', async () => {
			// An order approval started but never taken ("Execute step" on "Start an order approval" alone): the terminal
			// says that the next "Get the approval task" takes it first.
			const { sdk } = client;
			const [{ stateMachineArn }] = (await client.send(new sdk.ListStateMachinesCommand({}))).stateMachines.filter((machine) => machine.name === 'order-approval');
			const from = main.lines.length;
			await client.send(new sdk.StartExecutionCommand({ stateMachineArn, name: 'ui-waiting', input: JSON.stringify({ orderId: 'A-9999' }) }));
			const text = await main.waitForLine(/order approval ui-waiting/, { from, timeoutMs: 40_000 });
			check(text.includes('order approval ui-waiting (order A-9999) waits for a worker: an activity hands out its oldest task first'), `the playground printed: ${text}`);
		});

		/** n8n's log holds no failed lookup of an online service; the browser tried nothing but the npm registry. */
		const checkOffline = (playground) => {
			const n8nLog = fs.readFileSync(playground.logFile, 'utf8');
			const lookups = n8nLog.split('\n').filter((text) => /ENOTFOUND|getaddrinfo|EAI_AGAIN/.test(text));
			check(lookups.length === 0, `n8n ${playground.line} tried to reach the internet:\n${lookups.join('\n')}`);
			const tried = [...blocked.get(playground.line)];
			// The editor's panel of a community node reads the package's page on registry.npmjs.org from the browser
			// (its author and newer versions); n8n has no setting for it. Nothing else may be tried.
			const other = tried.filter((url) => new URL(url).hostname !== 'registry.npmjs.org');
			check(other.length === 0, `the browser tried to reach: ${other.join(', ')}`);
			log(`n8n ${playground.line}: no lookup in its log; the browser tried ${tried.length ? [...new Set(tried)].join(', ') : 'nothing'} (aborted)`);
		};

		await step('offline', async () => checkOffline(main));

		for (const line of LINES.slice(1)) {
			const other = playgrounds.get(line);
			await step(`nodes-panel-${line}`, async () => {
				await other.ready();
				await page.context().close();
				page = await newPage(line);
				await signIn(page, other.base);
				const served = await servedDescriptions(page, other.base);
				check(served.statusTrigger === served.action, `n8n ${line} serves different descriptions`);
				await page.goto(`${other.base}/workflow/${DEMOS.reject.id}`);
				await page.locator('[data-test-id="canvas-node"][data-node-name="Reject the order"]').waitFor();
				await page.getByTestId('node-creator-plus-button').click();
				// n8n 1.x shows no descriptions in search results, only on the entry's details.
				await checkNodesPanel(page, served, { descriptionsInList: line.startsWith('2.') });
			});
			await step(`offline-${line}`, async () => checkOffline(other));
		}

		await step('stop', async () => {
			for (const playground of playgrounds.values()) {
				const outcome = await playground.stop();
				check(outcome.code === 0, `the ${playground.line} playground ended with ${outcome.code ?? outcome.signal}`);
				check(playground.lines.at(-1)?.endsWith('stopping n8n and the Step Functions emulator'), `the ${playground.line} playground's last line: ${playground.lines.at(-1)}`);
			}
		});

		log(`all ${stepNumber} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(REPO_ROOT, OUT)}/`);
	} catch (error) {
		if (!failed) log(`FAIL setup: ${error.stack || error}`);
		else log(`screenshots, the playgrounds' output and the failing page's HTML are in ${path.relative(REPO_ROOT, OUT)}/`);
		failed = true;
	} finally {
		clearTimeout(watchdog);
		await cleanUp();
	}
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`[test:ui] ${error.stack || error}\n`);
		process.exit(1);
	},
);
