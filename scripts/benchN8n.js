// `npm run bench -- --n8n`: the node inside a real n8n (the e2e suite's cached n8n 2.x install, the packed package
// installed as n8n installs community packages), Send Task Failure with the Task Token from an expression, beside
// the raw AWS SDK against the same loopback server in the same run, for both kinds of On Error, over http and over
// https (a self-signed loopback server n8n trusts through NODE_EXTRA_CA_CERTS). Measured as users wait: the wall
// time of the whole `n8n execute` run minus the same run with a NoOp in the node's place.
// BENCH_N8N_ITEMS (default 5000), BENCH_LATENCY_MS (default 20), BENCH_CONCURRENCY (default 16),
// BENCH_N8N_LINE (default 2.x), BENCH_ROUNDS (default 2: each figure is the better of the rounds).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureN8n } = require('../test/support/n8nInstall');
const { N8nCli, freshUserFolder, installCommunityPackage, packProject } = require('../test/support/n8nInstance');

const ITEMS = Number(process.env.BENCH_N8N_ITEMS || 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
const LINE = process.env.BENCH_N8N_LINE || '2.x';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);

/** Code (makes the items) -> the node with an expression per item, or a NoOp in its place (the baseline). */
function workflow(id, onError, tokenExpression, credential, noOpInPlace) {
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({
		id: `${id}-${name}`.replace(/[^a-zA-Z0-9-]/g, '').slice(0, 36),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	return {
		id,
		name: `Bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Items', 'n8n-nodes-base.code', 2, 200, {
				jsCode: `return Array.from({ length: ${ITEMS} }, (_, n) => ({ json: { token: 'token-' + n, orderId: n } }));`,
			}),
			noOpInPlace
				? node('Fail tasks', 'n8n-nodes-base.noOp', 1, 400, {})
				: node(
						'Fail tasks',
						'n8n-nodes-step-functions.awsStepFunctions',
						1,
						400,
						{
							resource: 'task',
							operation: 'sendTaskFailure',
							taskToken: tokenExpression,
							error: 'Batch.Failed',
							cause: '',
							requestOptions: { maxConcurrency: CONCURRENCY },
						},
						{ onError, credentials: { awsStepFunctionsApi: credential } },
					),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Fail tasks', type: 'main', index: 0 }]] },
		},
	};
}

const RUNS = [
	{ id: 'benchStopExpress', label: 'Stop Workflow', onError: 'stopWorkflow', target: 450 },
	{ id: 'benchContExpress', label: 'Continue (error output)', onError: 'continueErrorOutput', target: 500 },
	{ id: 'benchContinueReg', label: 'Continue (regular output)', onError: 'continueRegularOutput' },
];
const TOKEN = '={{ $json.token }}';

/** Seconds from spawning `n8n execute` to its exit. */
async function wallSeconds(cli, workflowId, expectItems) {
	const started = process.hrtime.bigint();
	const { run: data, status, stderr } = await cli.execute(workflowId);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (status !== 0 || !data) throw new Error(`n8n execute ${workflowId} failed (${status}): ${stderr.slice(-2000)}`);
	const outputs = data.data.resultData.runData['Fail tasks'][0].data.main;
	const output = outputs.flat().length;
	if (output !== expectItems) throw new Error(`${workflowId}: ${output} of ${expectItems} items came out`);
	// A failed item is not an answered task: a run whose items failed does not count as fast.
	const failed = (outputs[1] ?? []).length + (outputs[0] ?? []).filter((item) => item?.json?.error !== undefined).length;
	if (failed > 0) throw new Error(`${workflowId}: ${failed} of ${expectItems} items failed: ${JSON.stringify((outputs[1] ?? outputs[0])[0]?.json)}`);
	return seconds;
}

async function benchInsideN8n({ servers, rawSdk, write }) {
	const install = ensureN8n(LINE);
	const tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-bench-pack-')));
	const userFolder = freshUserFolder('sfn-bench');
	installCommunityPackage(userFolder, tarball);
	// n8n trusts the https server's self-signed certificate as a user would make it: NODE_EXTRA_CA_CERTS.
	const caFile = servers.find((server) => server.caFile)?.caFile;
	if (caFile) process.env.NODE_EXTRA_CA_CERTS = caFile;
	const cli = new N8nCli(install, userFolder);
	try {
		const credentials = servers.map((server, n) => ({
			id: `sfnBenchCredent${n}`,
			name: `Bench ${server.label}`,
			type: 'awsStepFunctionsApi',
			data: { region: 'us-east-1', accessKeyId: 'AKIABENCH', secretAccessKey: 'bench', customEndpoint: true, endpoint: server.endpoint },
		}));
		await cli.importCredentials(credentials);
		const folder = path.join(userFolder, 'workflows');
		fs.mkdirSync(folder);
		servers.forEach((server, n) => {
			const credential = { id: credentials[n].id, name: credentials[n].name };
			for (const run of RUNS) {
				fs.writeFileSync(path.join(folder, `${run.id}${n}.json`), JSON.stringify(workflow(`${run.id}${n}`, run.onError, TOKEN, credential, false)));
			}
		});
		fs.writeFileSync(path.join(folder, 'noop.json'), JSON.stringify(workflow('benchNoOpInPlace', 'stopWorkflow', TOKEN, undefined, true)));
		await cli.importWorkflows(folder);

		write(`\nInside n8n ${install.version}: Send Task Failure x ${ITEMS}, ${CONCURRENCY} in flight; node time = whole run - the same run with a NoOp in the node's place\n`);
		const best = {};
		const keep = (key, value) => (best[key] = Math.min(best[key] ?? Infinity, value));
		const handshakes = {};
		for (let round = 1; round <= ROUNDS; round++) {
			const noOp = keep('noOp', await wallSeconds(cli, 'benchNoOpInPlace', ITEMS));
			write(`  round ${round}: NoOp in the node's place: ${noOp.toFixed(2)} s (whole run)\n`);
			for (const [n, server] of servers.entries()) {
				await server.stats();
				const raw = keep(`raw${n}`, await rawSdk(server.endpoint, ITEMS, CONCURRENCY));
				const rawStats = await server.stats();
				write(`  round ${round}: ${server.label}: raw SDK ${raw.toFixed(2)} s (${rawStats.connections} connections, ${rawStats.handshakes} TLS handshakes)\n`);
				for (const run of RUNS) {
					const whole = await wallSeconds(cli, `${run.id}${n}`, ITEMS);
					const stats = await server.stats();
					handshakes[`${run.id}${n}`] = stats;
					keep(`${run.id}${n}`, whole - best.noOp);
					write(`  round ${round}: ${server.label}: ${run.label.padEnd(26)} ${(whole - best.noOp).toFixed(2)} s (${stats.connections} connections, ${stats.handshakes} TLS handshakes)\n`);
				}
			}
		}
		write(`\nBest of ${ROUNDS} rounds: items/s as users wait, and node time / raw SDK time\n`);
		for (const [n, server] of servers.entries()) {
			write(`  ${server.label}: raw SDK ${(ITEMS / best[`raw${n}`]).toFixed(0)} items/s\n`);
			for (const run of RUNS) {
				const seconds = best[`${run.id}${n}`];
				const rate = ITEMS / seconds;
				const stats = handshakes[`${run.id}${n}`];
				write(
					`  ${server.label}: ${run.label.padEnd(26)} ${rate.toFixed(0).padStart(5)} items/s   ${(seconds / best[`raw${n}`]).toFixed(2)}x the raw SDK's time` +
						`   ${stats.connections} connections, ${stats.handshakes} TLS handshakes` +
						`${run.target ? `   (target >= ${run.target} items/s: ${rate >= run.target ? 'meets target' : 'MISSES target'})` : ''}\n`,
				);
			}
		}
	} finally {
		cli.stopAll();
	}
}

module.exports = { benchInsideN8n, workflow };
