// `npm run bench:queue`: the webhook flow of test/queue (Webhook -> If -> Send Task Success / Failure) in n8n 2.40.7
// in regular mode and in queue mode with one and with two workers, against stepfunctions-local on 127.0.0.1.
// Reports tasks answered per second and the node's share of the CPU time of the processes that run executions.
//
// Method for the node's share: the same calls go, on the same processes, to a copy of the workflow in which the two
// Step Functions nodes are n8n's No Operation node. CPU time (user + system, from /proc/<pid>/stat) of the
// processes that run executions (the workers; in regular mode the one n8n process), per execution, for both; the
// node's share is (with node - without) / with. It counts everything the node causes in that process: evaluating
// its expressions, building and signing the request, the HTTP round trip's work, the answer, and its items in the
// stored run data. The Step Functions server and the load generator run in this process, not counted, but on the
// same cores.
//
// Each set-up runs ROUNDS rounds of (with node, without node) after a warm-up; the best round of each is reported,
// as other work on a shared machine can only slow a round down.
//
// Settings: BENCH_QUEUE_CALLS (default 300 per measurement), BENCH_QUEUE_ROUNDS (default 2), BENCH_QUEUE_CONCURRENCY (calls in flight, default 20),
// BENCH_QUEUE_WORKER_CONCURRENCY (jobs per worker, n8n's default 10), BENCH_QUEUE_SETUPS (e.g. queue-2,regular-0),
// BENCH_QUEUE_KEEP_LOGS (keep every process's log; kept anyway when a call went unanswered), SFN_PACKED_TARBALL
// (skip build and pack).
'use strict';

// The bundled SDK's notice about later releases needing Node 22 (the load generator runs on Node 20) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureN8n } = require('../test/support/n8nInstall');
const { packProject } = require('../test/support/n8nInstance');
const { startStepFunctionsLocal } = require('../test/support/stepFunctionsLocal');
const { startCluster } = require('../test/queue/support/cluster');
const { cpuSeconds, killAllNow } = require('../test/queue/support/processes');
const { callWebhook, createActivityMachine, localCredential, recordTaskAnswers, startTasks } = require('../test/queue/support/taskLoad');

const CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 300);
const ROUNDS = Number(process.env.BENCH_QUEUE_ROUNDS ?? 2);
const WARM_UP_CALLS = 100;
const CONCURRENCY = Number(process.env.BENCH_QUEUE_CONCURRENCY ?? 20);
const WORKER_CONCURRENCY = Number(process.env.BENCH_QUEUE_WORKER_CONCURRENCY ?? 10);
const CREDENTIAL = { id: 'sfnQueueCredent1', name: 'Step Functions Local (queue)' };

const SETUPS = [
	{ label: 'regular mode (one n8n process)', mode: 'regular', workers: 0 },
	{ label: 'queue mode, 1 worker', mode: 'queue', workers: 1 },
	{ label: 'queue mode, 2 workers', mode: 'queue', workers: 2 },
].filter((setup) => !process.env.BENCH_QUEUE_SETUPS || process.env.BENCH_QUEUE_SETUPS.split(',').includes(`${setup.mode}-${setup.workers}`));

function workflows() {
	const withNode = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'test', 'queue', 'workflows', 'webhook-answer.json'), 'utf8'));
	const withoutNode = JSON.parse(JSON.stringify(withNode));
	withoutNode.id = 'queueWebhookNoop';
	withoutNode.name = 'Queue bench: the same flow with No Operation nodes';
	for (const node of withoutNode.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = 'queue-noop';
			node.webhookId = '6f1c2d3e-0000-4000-8000-00000000b001';
		}
		if (node.type === 'n8n-nodes-step-functions.awsStepFunctions') {
			node.type = 'n8n-nodes-base.noOp';
			node.parameters = {};
			delete node.credentials;
		}
	}
	return { withNode, withoutNode };
}

const log = (message) => process.stderr.write(`[bench:queue] ${message}\n`);

/** The processes that run executions, and their CPU seconds so far. */
function executingPids(cluster) {
	return cluster.workers.length ? cluster.workers.map((worker) => worker.process.pid) : [cluster.main.process.pid];
}
const cpuOf = (pids) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

async function measure(cluster, ledger, machine, webhookPath, withTasks, calls = CALLS) {
	const tasks = withTasks
		? await startTasks(machine, calls)
		: Array.from({ length: calls }, (_, i) => ({ orderId: i, taskToken: `no-task-${i}` }));
	const pids = executingPids(cluster);
	const cpuBefore = cpuOf(pids);
	const mainBefore = cpuSeconds(cluster.main.process.pid);
	const started = Date.now();
	const results = await callWebhook(cluster.webhookUrl(webhookPath), tasks, { concurrency: CONCURRENCY });
	let finished = Date.now();
	const failed = results.filter((call) => call.status !== 200);
	// A call n8n never answers is n8n's, not the node's (it happened once with the No Operation flow): it is
	// reported, and the round's rate includes the wait for it.
	if (failed.length) log(`${webhookPath}: ${failed.length} of ${calls} calls got no 200, e.g. ${JSON.stringify(failed[0])}`);
	if (withTasks) {
		const tokens = tasks.filter((_, index) => results[index].status === 200).map((task) => task.taskToken);
		while (ledger.answeredCount(tokens) < tokens.length) await new Promise((resolve) => setTimeout(resolve, 50));
		finished = Math.max(...tokens.map((token) => ledger.answers.get(token)[0].at));
	}
	const seconds = (finished - started) / 1000;
	return {
		perSecond: calls / seconds,
		cpuMsPerExecution: ((cpuOf(pids) - cpuBefore) / calls) * 1000,
		mainCpuMsPerExecution: ((cpuSeconds(cluster.main.process.pid) - mainBefore) / calls) * 1000,
		failed: failed.length,
	};
}

/** The best of several rounds: the highest rate and the lowest CPU time. */
function best(rounds) {
	return {
		perSecond: Math.max(...rounds.map((round) => round.perSecond)),
		cpuMsPerExecution: Math.min(...rounds.map((round) => round.cpuMsPerExecution)),
		mainCpuMsPerExecution: Math.min(...rounds.map((round) => round.mainCpuMsPerExecution)),
		failed: rounds.reduce((sum, round) => sum + round.failed, 0),
	};
}

async function main() {
	const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-bench-queue-'));
	const tarball = process.env.SFN_PACKED_TARBALL ?? packProject(workRoot);
	const install = ensureN8n('2.x');
	const server = await startStepFunctionsLocal();
	const ledger = recordTaskAnswers();
	const machine = await createActivityMachine(server.endpoint);
	const { withNode, withoutNode } = workflows();
	const rows = [];
	let keepLogs = Boolean(process.env.BENCH_QUEUE_KEEP_LOGS);
	try {
		for (const setup of SETUPS) {
			log(`${setup.label}: starting`);
			const workDir = fs.mkdtempSync(path.join(workRoot, `${setup.mode}-${setup.workers}-`));
			const cluster = await startCluster({
				install,
				tarball,
				workDir,
				mode: setup.mode,
				workers: setup.workers,
				concurrency: WORKER_CONCURRENCY,
				credentials: [localCredential(CREDENTIAL, server.endpoint)],
				workflows: [withNode, withoutNode],
			});
			try {
				// Warm-up: the first executions load the node, the bundled SDK and n8n's code paths.
				await measure(cluster, ledger, machine, 'queue-answer', true, WARM_UP_CALLS);
				await measure(cluster, ledger, machine, 'queue-noop', false, WARM_UP_CALLS);
				const sfnRounds = [];
				const noopRounds = [];
				for (let round = 0; round < ROUNDS; round++) {
					sfnRounds.push(await measure(cluster, ledger, machine, 'queue-answer', true));
					noopRounds.push(await measure(cluster, ledger, machine, 'queue-noop', false));
				}
				const sfn = best(sfnRounds);
				const noop = best(noopRounds);
				const row = { setup: setup.label, sfn, noop, share: (sfn.cpuMsPerExecution - noop.cpuMsPerExecution) / sfn.cpuMsPerExecution };
				if (sfn.failed + noop.failed > 0) keepLogs = true;
				rows.push(row);
				log(
					`${setup.label}: ${sfn.perSecond.toFixed(1)} tasks/s; CPU per execution ${sfn.cpuMsPerExecution.toFixed(2)} ms ` +
						`(No Operation: ${noop.cpuMsPerExecution.toFixed(2)} ms, ${noop.perSecond.toFixed(1)}/s); node's share ${(row.share * 100).toFixed(1)} %`,
				);
			} finally {
				await cluster.stop();
			}
		}
	} finally {
		ledger.stop();
		await server.stop();
		if (keepLogs) log(`logs of every process kept in ${workRoot}`);
		else fs.rmSync(workRoot, { recursive: true, force: true });
	}

	const cpus = os.cpus();
	const lines = [
		`n8n ${install.version} (Node 24), ${CALLS} webhook calls per measurement, ${CONCURRENCY} in flight, worker concurrency ${WORKER_CONCURRENCY}; best of ${ROUNDS} rounds after a warm-up.`,
		`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; ` +
			'Redis, Postgres, stepfunctions-local and the load generator share these cores with n8n.',
		'',
		'| set-up | tasks answered / s | CPU ms per execution (executing processes) | same flow, No Operation nodes | node\'s share | main\'s CPU ms per execution |',
		'|---|---:|---:|---:|---:|---:|',
		...rows.map(
			({ setup, sfn, noop, share }) =>
				`| ${setup} | ${sfn.perSecond.toFixed(1)} | ${sfn.cpuMsPerExecution.toFixed(2)} | ${noop.cpuMsPerExecution.toFixed(2)} (${noop.perSecond.toFixed(1)} / s) | ${(share * 100).toFixed(1)} % | ${setup.startsWith('queue') ? sfn.mainCpuMsPerExecution.toFixed(2) : '(same process)'} |`,
		),
		...rows
			.filter(({ sfn, noop }) => sfn.failed + noop.failed > 0)
			.map(({ setup, sfn, noop }) => `\n${setup}: ${sfn.failed} calls to the node's flow and ${noop.failed} to the No Operation flow got no answer within 120 s.`),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
	// stepfunctions-local keeps timers of its own; everything this script started has ended.
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		killAllNow();
		process.exit(1);
	},
);
