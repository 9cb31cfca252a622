#!/usr/bin/env node
// `npm run test:ui`: the playground (scripts/playground.js: stepfunctions-local on 127.0.0.1 with the order-approval
// execution waiting on its activity, the credential and demo workflow imported into n8n 2.x, an owner account)
// driven in Debian's Chromium by playwright-core. Each step leaves a screenshot in test-results/ui/. Exits non-zero
// on the first failing step (with a screenshot and the page's HTML of that moment) and always ends what it started:
// Chromium and n8n by their process ids, the Step Functions server (in this process).
'use strict';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { chromium, selectors } = require('playwright-core');

const { startPlayground, demoOutcome, request, OWNER, CREDENTIAL, WORKFLOW_ID } = require('../../scripts/playground');
const { REPO_ROOT } = require('../support/n8nInstance');

const OUT = path.join(REPO_ROOT, 'test-results', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TOTAL_TIMEOUT_MS = Number(process.env.UI_TEST_TIMEOUT_MS || 15 * 60_000);
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
// n8n marks its elements with data-test-id (not Playwright's default data-testid).
selectors.setTestIdAttribute('data-test-id');

function log(message) {
	process.stdout.write(`[test:ui] ${message}\n`);
}

function check(condition, message) {
	if (!condition) throw new Error(message);
}

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

async function main() {
	const started = Date.now();
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-ui-'));
	const port = await closedPort();
	/** @type {Awaited<ReturnType<typeof startPlayground>> | undefined} */
	let playground;
	/** @type {import('playwright-core').BrowserServer | undefined} */
	let browserServer;
	/** @type {import('playwright-core').Browser | undefined} */
	let browser;
	let browserPid;
	let page;
	let cleanedUp = false;
	const cleanUp = async () => {
		if (cleanedUp) return;
		cleanedUp = true;
		const closing = [browser?.close(), browserServer?.close()].map((promise) => promise?.catch(() => {}));
		await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 10_000))]);
		if (browserPid) {
			try {
				process.kill(browserPid, 'SIGKILL'); // only if browser.close() left it running
			} catch {
				// already gone
			}
		}
		if (playground) {
			if (fs.existsSync(playground.logFile)) fs.copyFileSync(playground.logFile, path.join(OUT, 'n8n.log'));
			await playground.stop();
		}
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	// Ctrl-C or a CI timeout: still end n8n and Chromium.
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

	try {
		playground = await startPlayground({ port, userFolder, log: (message) => log(`setup: ${message}`) });
		await playground.waitUntilReady();
		// n8n answers its REST API a moment before it serves the editor's pages ("Editor is now accessible").
		for (let attempt = 0; (await request('GET', `${playground.base}/signin`)).status !== 200; attempt++) {
			if (attempt > 60) throw new Error(`n8n does not serve its editor; see ${playground.logFile}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const { base, demo } = playground;
		// Two more state machines, so that the "From List" picker has something to filter out.
		for (const name of ['invoice-check', 'refund-review']) {
			await demo.client.send(
				new demo.sdk.CreateStateMachineCommand({
					name: `${name}-ui`,
					definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
					roleArn: 'arn:aws:iam::123456789012:role/playground',
				}),
			);
		}
		log(`setup done in ${((Date.now() - started) / 1000).toFixed(1)} s; n8n ${playground.install.version} on ${base}`);

		// Started as a server so that Chromium's process id is known and can be ended whatever happens.
		browserServer = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
		browserPid = browserServer.process().pid;
		browser = await chromium.connect(browserServer.wsEndpoint());
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(20_000);
		const node = () => page.locator('[data-test-id="canvas-node"][data-node-name="Reject the order"]');

		await step('sign-in', async () => {
			await page.goto(`${base}/signin`);
			await page.getByTestId('emailOrLdapLoginId').locator('input').or(page.locator('input#emailOrLdapLoginId')).first().fill(OWNER.email);
			await page.locator('input#password').fill(OWNER.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await page.getByTestId('resources-list-item-workflow').filter({ hasText: 'Playground: reject an order approval' }).waitFor();
		});

		await step('nodes-panel', async () => {
			await page.goto(`${base}/workflow/${WORKFLOW_ID}`);
			await node().waitFor();
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByTestId('node-creator').waitFor();
			await page.getByTestId('node-creator-search-bar').fill('Step Functions');
			await page.getByTestId('node-creator-item-name').filter({ hasText: /^AWS Step Functions$/ }).waitFor();
			// The action node once; the package's trigger nodes may be listed beside it, nothing else of ours.
			const names = (await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts()).map((name) => name.trim());
			const ours = names.filter((name) => name.includes('Step Functions'));
			check(ours.filter((name) => name === 'AWS Step Functions').length === 1, `the nodes panel lists: ${ours.join(', ')}`);
			const known = ['AWS Step Functions', 'AWS Step Functions Trigger', 'AWS Step Functions Activity Trigger'];
			check(ours.every((name) => known.includes(name)), `the nodes panel lists: ${ours.join(', ')}`);
		});

		await step('node-fields', async () => {
			await page.keyboard.press('Escape');
			await page.getByTestId('node-creator').waitFor({ state: 'hidden' });
			check((await node().getAttribute('data-node-type')) === 'n8n-nodes-step-functions.awsStepFunctions', 'unexpected node type');
			await node().dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			const field = (name) => ndv.getByTestId(`parameter-input-${name}`);
			const labelled = async (name, label) => {
				await field(name).waitFor();
				await ndv.getByTestId('node-parameters').getByText(label, { exact: true }).first().waitFor();
			};
			await labelled('resource', 'Resource');
			await labelled('operation', 'Operation');
			await labelled('taskToken', 'Task Token');
			await labelled('error', 'Error');
			await labelled('cause', 'Cause');
			check((await field('resource').locator('input').first().inputValue()) === 'Task Callback', 'Resource is not "Task Callback"');
			check((await field('operation').locator('input').first().inputValue()) === 'Send Task Failure', 'Operation is not "Send Task Failure"');
			check((await field('taskToken').innerText()).includes('$json.taskToken'), 'Task Token does not show {{ $json.taskToken }}');
			check((await field('error').locator('input').inputValue()) === 'Approval.Rejected', 'Error is not "Approval.Rejected"');
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
			check((await endpointInput.inputValue()) === playground.server.endpoint, 'the Endpoint is not the playground server');
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
			await modal
				.getByText(`Could not connect to http://127.0.0.1:${closed}: connection refused. Nothing is listening there.`)
				.waitFor();
		});

		await step('credential-restored', async () => {
			await endpointInput.fill(playground.server.endpoint);
			await modal.getByTestId('credential-save-button').click();
			await modal.getByTestId('credential-save-button').getByText('Saved', { exact: true }).waitFor();
			await success.waitFor({ state: 'visible' });
			await success.getByText('Connection tested successfully').waitFor();
			await modal.locator('.el-dialog__close').first().click();
			await modal.waitFor({ state: 'hidden' });
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		});

		await step('execute-workflow', async () => {
			await page.getByTestId('execute-workflow-button').click();
			await node().getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });
			await page.getByText('Workflow executed successfully').waitFor();
			// The playground: n8n's run succeeds (Send Task Failure was accepted), the state machine fails.
			let outcome = null;
			for (let attempt = 0; attempt < 30 && !outcome; attempt++) {
				outcome = await demoOutcome(demo);
				if (!outcome) await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const expectedCause = 'Order A-1001 over budget: 1250 EUR';
			check(outcome?.status === 'FAILED', `the approval task is ${outcome?.status ?? 'still waiting'}, not FAILED`);
			check(outcome.error === 'Approval.Rejected', `the task failed with error "${outcome.error}"`);
			check(outcome.cause === expectedCause, `the task failed with cause "${outcome.cause}"`);
			let execution;
			for (let attempt = 0; attempt < 30; attempt++) {
				execution = await demo.client.send(new demo.sdk.DescribeExecutionCommand({ executionArn: demo.executionArn }));
				if (execution.status !== 'RUNNING') break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			check(execution.status === 'FAILED', `the execution is ${execution.status}, not FAILED`);
			// stepfunctions-local's ExecutionFailed event is not faithful to AWS (it records the JavaScript error's name as
			// the cause and the task's cause as the error), so error and cause are checked on the ActivityFailed event
			// above, as the playground reports them; here only that the execution ended in ExecutionFailed.
			const { events = [] } = await demo.client.send(new demo.sdk.GetExecutionHistoryCommand({ executionArn: demo.executionArn }));
			check(events.at(-1)?.type === 'ExecutionFailed', `the history ends with ${events.at(-1)?.type}`);
		});

		await step('state-machine-from-list', async () => {
			// Last on purpose: n8n 2.x saves the workflow as it is edited, and this turns the node into a Start.
			await node().dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByTestId('parameter-input-resource').click();
			await page.getByRole('option', { name: 'Execution', exact: true }).click();
			await ndv.getByTestId('parameter-input-operation').locator('input').first().waitFor();
			check((await ndv.getByTestId('parameter-input-operation').locator('input').first().inputValue()) === 'Start', 'Operation is not Start');
			const locator = ndv.getByTestId('resource-locator-stateMachine');
			await locator.getByTestId('rlc-mode-selector').click();
			await page.getByTestId('mode-list').click();
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
				if (after.length === 1 && after[0].trim().startsWith('order-approval-')) break;
				await page.waitForTimeout(250);
			}
			check(after.length === 1 && after[0].trim().startsWith('order-approval-'), `typing "order" leaves ${after.join(', ')}`);
		});

		log(`all ${stepNumber} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(REPO_ROOT, OUT)}/`);
	} catch (error) {
		if (!failed) log(`FAIL setup: ${error.stack || error}`);
		else log(`screenshots and the failing page's HTML are in ${path.relative(REPO_ROOT, OUT)}/`);
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
