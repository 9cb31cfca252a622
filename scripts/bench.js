#!/usr/bin/env node
// `npm run bench`: Send Task Failure for N items against a loopback Step Functions server with a fixed latency,
// measured side by side in one run: the raw AWS SDK and the node (built in dist/), one at a time and at
// concurrency C. Prints items/s, ratios, peak RSS growth and the cold require time of the node's module.
// BENCH_ITEMS (default 10000), BENCH_LATENCY_MS (default 20).
// `npm run bench -- --n8n` measures inside a real n8n instead (scripts/benchN8n.js).
'use strict';

const { fork, execFileSync } = require('child_process');
const http = require('http');
const path = require('path');

const ITEMS = Number(process.env.BENCH_ITEMS || 10000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 20);
const NODE_MODULE = path.resolve(__dirname, '..', 'dist', 'nodes', 'AwsStepFunctions', 'AwsStepFunctions.node.js');

// ---- the server, in a child process so that its work and memory stay out of the measurements ----------------
function serve() {
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () =>
			setTimeout(() => {
				response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end('{}');
			}, LATENCY_MS),
		);
	});
	server.keepAliveTimeout = 60_000;
	server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
	process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === 'server') {
	serve();
	return;
}

// ---- the measurements ------------------------------------------------------------------------------------------
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function startServer() {
	const child = fork(__filename, ['server'], { stdio: 'inherit' });
	return new Promise((resolve) => child.once('message', ({ port }) => resolve({ child, endpoint: `http://127.0.0.1:${port}` })));
}

const CREDENTIALS = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' };

async function rawSdk(endpoint, concurrency, items = ITEMS) {
	const { SFNClient, SendTaskFailureCommand } = require('@aws-sdk/client-sfn');
	const client = new SFNClient({ region: 'us-east-1', endpoint, credentials: CREDENTIALS });
	let next = 0;
	const worker = async () => {
		while (next < items) {
			const n = next++;
			await client.send(new SendTaskFailureCommand({ taskToken: `token-${n}`, error: 'Batch.Failed' }));
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	client.destroy();
}

async function viaNode(endpoint, concurrency) {
	const { AwsStepFunctions } = require(NODE_MODULE);
	const items = Array.from({ length: ITEMS }, (_, n) => ({ json: { taskToken: `token-${n}` } }));
	const parameters = {
		resource: 'task',
		operation: 'sendTaskFailure',
		error: 'Batch.Failed',
		cause: '',
		requestOptions: { maxConcurrency: concurrency },
	};
	// The parts of n8n's execute context the node calls; expressions are resolved as n8n would resolve them.
	const context = {
		getInputData: () => items,
		getNode: () => ({ id: 'bench', name: 'AWS Step Functions', type: 'awsStepFunctions', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name, itemIndex, fallback) =>
			name === 'taskToken' ? items[itemIndex].json.taskToken : (parameters[name] ?? fallback),
		getCredentials: async () => ({ region: 'us-east-1', ...CREDENTIALS, customEndpoint: true, endpoint }),
		continueOnFail: () => false,
	};
	const [output] = await new AwsStepFunctions().execute.call(context);
	if (output.length !== ITEMS) throw new Error(`the node answered ${output.length} of ${ITEMS} items`);
}

async function measure(label, run) {
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;
	let peak = rssBefore;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
	const started = process.hrtime.bigint();
	await run();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	const result = { label, seconds, itemsPerSecond: ITEMS / seconds, rssGrowthMb: (peak - rssBefore) / 1024 / 1024 };
	process.stdout.write(`  ${label.padEnd(34)} ${result.itemsPerSecond.toFixed(1).padStart(8)} items/s  (${seconds.toFixed(1)} s)\n`);
	return result;
}

/**
 * Median over fresh processes of the time to require the node and credential modules. Inside n8n, n8n-workflow
 * is loaded before any community node, so it is loaded first here too (`preload`); the cold total is shown
 * for information.
 */
function requireMs(preload) {
	const credential = path.resolve(__dirname, '..', 'dist', 'credentials', 'AwsStepFunctionsApi.credentials.js');
	const script = `${preload ? "require('n8n-workflow');" : ''} const t = process.hrtime.bigint(); require(${JSON.stringify(NODE_MODULE)}); require(${JSON.stringify(credential)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
	const samples = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
	return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

function verdict(ok) {
	return ok ? 'meets target' : 'MISSES target';
}

async function mainInsideN8n() {
	const { benchInsideN8n } = require('./benchN8n');
	const { child, endpoint } = await startServer();
	try {
		await benchInsideN8n({
			endpoint,
			write: (text) => process.stdout.write(text),
			rawSdk: async (items, concurrency) => {
				const started = process.hrtime.bigint();
				await rawSdk(endpoint, concurrency, items);
				return Number(process.hrtime.bigint() - started) / 1e9;
			},
		});
	} finally {
		child.kill();
	}
}

async function main() {
	const { DEFAULT_MAX_CONCURRENCY } = require(path.resolve(__dirname, '..', 'dist', 'nodes', 'shared', 'transport', 'sfnClient.js'));
	const { child, endpoint } = await startServer();
	process.stdout.write(`Send Task Failure x ${ITEMS}, server latency ${LATENCY_MS} ms, node ${process.version}, ${require('os').cpus().length} cores\n`);
	try {
		const rows = {};
		rows.rawSerial = await measure('raw SDK, one at a time', () => rawSdk(endpoint, 1));
		rows.nodeSerial = await measure('node, one at a time', () => viaNode(endpoint, 1));
		for (const c of [DEFAULT_MAX_CONCURRENCY, 16]) {
			rows[`raw${c}`] = await measure(`raw SDK, ${c} at a time`, () => rawSdk(endpoint, c));
			rows[`node${c}`] = await measure(`node, ${c} at a time`, () => viaNode(endpoint, c));
		}
		const bound = (c) => c / (LATENCY_MS / 1000);
		const moduleMs = requireMs(true);
		const coldMs = requireMs(false);
		const serialRatio = rows.nodeSerial.itemsPerSecond / rows.rawSerial.itemsPerSecond;
		const c16 = rows.node16.itemsPerSecond / bound(16);
		const peakRss = Math.max(rows.nodeSerial.rssGrowthMb, rows[`node${DEFAULT_MAX_CONCURRENCY}`].rssGrowthMb, rows.node16.rssGrowthMb);
		process.stdout.write('\nRatios\n');
		process.stdout.write(`  node/raw, one at a time: ${serialRatio.toFixed(3)}   (target >= 0.95: ${verdict(serialRatio >= 0.95)})\n`);
		for (const c of [DEFAULT_MAX_CONCURRENCY, 16]) {
			const ratio = rows[`node${c}`].itemsPerSecond / rows[`raw${c}`].itemsPerSecond;
			const ofBound = rows[`node${c}`].itemsPerSecond / bound(c);
			// The bound C / latency ignores what one request costs beyond the server's latency (timer slack,
			// loopback, the SDK's own work); the raw SDK's one-at-a-time round trip measures that, for context.
			const effectiveBound = c * rows.rawSerial.itemsPerSecond;
			process.stdout.write(
				`  C=${String(c).padEnd(2)} node/raw: ${ratio.toFixed(3)}   node/bound (${bound(c).toFixed(0)} items/s): ${ofBound.toFixed(3)}` +
					`${c === 16 ? `   (target >= 0.90: ${verdict(c16 >= 0.9)})` : ''}` +
					`   node/(C x raw one-at-a-time rate = ${effectiveBound.toFixed(0)} items/s): ${(rows[`node${c}`].itemsPerSecond / effectiveBound).toFixed(3)}\n`,
			);
		}
		process.stdout.write(`  peak RSS growth during a node run: ${peakRss.toFixed(1)} MB   (target <= 150 MB: ${verdict(peakRss <= 150)})\n`);
		process.stdout.write(
			`  require of the node and credential modules, n8n-workflow already loaded as in n8n: ${moduleMs.toFixed(1)} ms (median of 7)   (target <= 25 ms: ${verdict(moduleMs <= 25)})\n`,
		);
		process.stdout.write(`  the same with n8n-workflow loaded cold as well: ${coldMs.toFixed(1)} ms (information)\n`);
	} finally {
		child.kill();
	}
}

(process.argv.includes('--n8n') ? mainInsideN8n() : main()).catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
