// `npm run bench -- --n8n`: the node inside a real n8n (the e2e suite's cached n8n 2.x install, the packed package
// installed as n8n installs community packages), Send Task Failure with the Task Token from an expression, beside
// the raw AWS SDK against the same loopback server in the same run, for both kinds of On Error.
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
const CREDENTIAL = { id: 'sfnBenchCredent1', name: 'Bench server' };

/** Code (makes the items) -> NoOp (n8n's own per-item cost) -> the node with an expression per item. */
function workflow(id, onError, tokenExpression) {
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
			node('Baseline', 'n8n-nodes-base.noOp', 1, 400, {}),
			node(
				'Fail tasks',
				'n8n-nodes-step-functions.awsStepFunctions',
				1,
				600,
				{
					resource: 'task',
					operation: 'sendTaskFailure',
					taskToken: tokenExpression,
					error: 'Batch.Failed',
					cause: '',
					requestOptions: { maxConcurrency: CONCURRENCY },
				},
				{ onError, credentials: { awsStepFunctionsApi: CREDENTIAL } },
			),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Baseline', type: 'main', index: 0 }]] },
			Baseline: { main: [[{ node: 'Fail tasks', type: 'main', index: 0 }]] },
		},
	};
}

const RUNS = [
	{ id: 'benchStopExpress', label: 'Stop Workflow, token from an expression', onError: 'stopWorkflow', token: '={{ $json.token }}' },
	{ id: 'benchContExpress', label: 'Continue (error output), token from an expression', onError: 'continueErrorOutput', token: '={{ $json.token }}' },
	{ id: 'benchContinueReg', label: 'Continue (regular output), token from an expression', onError: 'continueRegularOutput', token: '={{ $json.token }}' },
	{ id: 'benchFixedTokens', label: 'Stop Workflow, fixed token (no expression)', onError: 'stopWorkflow', token: 'token-fixed' },
];

/** Milliseconds n8n recorded for a node's run, from the run data `n8n execute --rawOutput` prints. */
function nodeMs(run, name) {
	const runs = run?.data?.resultData?.runData?.[name];
	if (!runs?.[0]) throw new Error(`no run data for "${name}": ${JSON.stringify(run?.data?.resultData?.error ?? null)}`);
	return runs[0].executionTime;
}

async function benchInsideN8n({ endpoint, rawSdk, write }) {
	const install = ensureN8n(LINE);
	const tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-bench-pack-')));
	const userFolder = freshUserFolder('sfn-bench');
	installCommunityPackage(userFolder, tarball);
	const cli = new N8nCli(install, userFolder);
	try {
		await cli.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: { region: 'us-east-1', accessKeyId: 'AKIABENCH', secretAccessKey: 'bench', customEndpoint: true, endpoint },
			},
		]);
		const folder = path.join(userFolder, 'workflows');
		fs.mkdirSync(folder);
		for (const run of RUNS) fs.writeFileSync(path.join(folder, `${run.id}.json`), JSON.stringify(workflow(run.id, run.onError, run.token)));
		await cli.importWorkflows(folder);

		write(`\nInside n8n ${install.version}: Send Task Failure x ${ITEMS}, ${CONCURRENCY} in flight (n8n's NoOp time on the same items taken off)\n`);
		const best = {};
		for (let round = 1; round <= ROUNDS; round++) {
			const rawSeconds = await rawSdk(ITEMS, CONCURRENCY);
			best.raw = Math.min(best.raw ?? Infinity, rawSeconds);
			write(`  round ${round}: raw SDK, ${CONCURRENCY} at a time: ${rawSeconds.toFixed(2)} s\n`);
			for (const run of RUNS) {
				const { run: data, status, stderr } = await cli.execute(run.id);
				if (status !== 0 || !data) throw new Error(`n8n execute ${run.id} failed (${status}): ${stderr.slice(-2000)}`);
				const output = data.data.resultData.runData['Fail tasks'][0].data.main.flat().length;
				if (output !== ITEMS) throw new Error(`${run.id}: the node answered ${output} of ${ITEMS} items`);
				const seconds = (nodeMs(data, 'Fail tasks') - nodeMs(data, 'Baseline')) / 1000;
				best[run.id] = Math.min(best[run.id] ?? Infinity, seconds);
				write(`  round ${round}: ${run.label.padEnd(52)} ${seconds.toFixed(2)} s   node/raw ${(seconds / rawSeconds).toFixed(3)}\n`);
			}
		}
		write(`\nBest of ${ROUNDS} rounds, node time / raw SDK time (lower is better)\n`);
		write(`  raw SDK: ${best.raw.toFixed(2)} s\n`);
		const targets = { benchContExpress: 1.1, benchContinueReg: 1.1, benchStopExpress: 1.5 };
		for (const run of RUNS) {
			const ratio = best[run.id] / best.raw;
			const target = targets[run.id];
			write(
				`  ${run.label.padEnd(52)} ${best[run.id].toFixed(2)} s   ${ratio.toFixed(3)}x` +
					`${target ? `   (target <= ${target.toFixed(2)}x: ${ratio <= target ? 'meets target' : 'MISSES target'})` : ''}\n`,
			);
		}
	} finally {
		cli.stopAll();
	}
}

module.exports = { benchInsideN8n, workflow };
