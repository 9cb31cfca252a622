#!/usr/bin/env node
// `npm run bench`: Send Task Failure for N items against a loopback Step Functions server with a fixed latency,
// measured side by side in one run: the raw AWS SDK (keep-alive connections) and the node (built in dist/) as n8n
// runs it: signed by the credential's authenticate() and sent through an HTTP layer like n8n's (axios, a new
// connection per request), one at a time and at concurrency C. Prints items/s, ratios, peak RSS growth, the
// require time of the node's modules and the packed size.
// BENCH_ITEMS (default 10000), BENCH_LATENCY_MS (default 20).
// `npm run bench -- --n8n` measures inside a real n8n instead (scripts/benchN8n.js), over http and https.
'use strict';

const { fork, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const https = require('https');
const os = require('os');
const path = require('path');

const ITEMS = Number(process.env.BENCH_ITEMS || 10000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 20);
const ROOT = path.resolve(__dirname, '..');
const NODE_MODULE = path.join(ROOT, 'dist', 'nodes', 'AwsStepFunctions', 'AwsStepFunctions.node.js');
const CREDENTIAL_MODULE = path.join(ROOT, 'dist', 'credentials', 'AwsStepFunctionsApi.credentials.js');

// ---- the server, in a child process so that its work and memory stay out of the measurements ----------------
// It counts TCP connections and TLS handshakes, which the parent reads over IPC.
function serve(tls) {
	const stats = { connections: 0, handshakes: 0 };
	const handler = (request, response) => {
		request.resume();
		request.on('end', () =>
			setTimeout(() => {
				response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end('{}');
			}, LATENCY_MS),
		);
	};
	const server = tls
		? https.createServer({ key: fs.readFileSync(process.env.BENCH_TLS_KEY), cert: fs.readFileSync(process.env.BENCH_TLS_CERT) }, handler)
		: http.createServer(handler);
	server.on('connection', () => stats.connections++);
	server.on('secureConnection', () => stats.handshakes++);
	server.keepAliveTimeout = 60_000;
	server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
	process.on('message', (message) => {
		if (message === 'stats') {
			process.send({ stats: { ...stats } });
			stats.connections = 0;
			stats.handshakes = 0;
		}
	});
	process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === 'server') {
	serve(process.argv[3] === 'tls');
	return;
}

// ---- the measurements ------------------------------------------------------------------------------------------
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function selfSignedCertificate() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-bench-tls-'));
	const key = path.join(folder, 'key.pem');
	const cert = path.join(folder, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
	return { key, cert };
}

function startServer(tls) {
	const child = fork(__filename, ['server', tls ? 'tls' : 'plain'], {
		stdio: 'inherit',
		env: { ...process.env, ...(tls ? { BENCH_TLS_KEY: tls.key, BENCH_TLS_CERT: tls.cert } : {}) },
	});
	const stats = () =>
		new Promise((resolve) => {
			const onMessage = (message) => {
				if (!message.stats) return;
				child.off('message', onMessage);
				resolve(message.stats);
			};
			child.on('message', onMessage);
			child.send('stats');
		});
	return new Promise((resolve) =>
		child.once('message', ({ port }) => resolve({ child, stats, endpoint: `${tls ? 'https' : 'http'}://127.0.0.1:${port}` })),
	);
}

const CREDENTIALS = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' };

async function rawSdk(endpoint, concurrency, items = ITEMS, ca) {
	const { SFNClient, SendTaskFailureCommand } = require('@aws-sdk/client-sfn');
	const client = new SFNClient({
		region: 'us-east-1',
		endpoint,
		credentials: CREDENTIALS,
		...(ca ? { requestHandler: { httpsAgent: new https.Agent({ ca, keepAlive: true, maxSockets: concurrency }) } } : {}),
	});
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

/**
 * n8n's httpRequestWithAuthentication as n8n-core runs it for the node: the credential's authenticate() signs
 * the options, axios sends them through new agents built for this one request (n8n 1.x and 2.x build agents per
 * request, so every request opens a connection), a text answer is parsed as JSON.
 */
function n8nLikeHttp() {
	const axios = require('axios');
	const { AwsStepFunctionsApi } = require(CREDENTIAL_MODULE);
	const credential = new AwsStepFunctionsApi();
	return async function httpRequestWithAuthentication(_type, options, additional) {
		const signed = await credential.authenticate(additional.credentialsDecrypted.data, options);
		const response = await axios.request({
			url: signed.url,
			method: signed.method,
			headers: { 'User-Agent': 'n8n', ...signed.headers },
			data: signed.body,
			timeout: signed.timeout,
			proxy: false,
			maxRedirects: 0,
			httpAgent: new http.Agent(),
			httpsAgent: new https.Agent(),
			validateStatus: () => true,
			signal: signed.abortSignal,
		});
		return { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
	};
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
	const credentials = { region: 'us-east-1', ...CREDENTIALS, customEndpoint: true, endpoint };
	// The parts of n8n's execute context the node calls; expressions are resolved as n8n would resolve them.
	const context = {
		getInputData: () => items,
		getNode: () => ({ id: 'bench', name: 'AWS Step Functions', type: 'awsStepFunctions', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { awsStepFunctionsApi: { id: '1', name: 'Bench' } } }),
		getNodeParameter: (name, itemIndex, fallback) =>
			name === 'taskToken' ? items[itemIndex].json.taskToken : (parameters[name] ?? fallback),
		getCredentials: async () => credentials,
		continueOnFail: () => false,
		helpers: { httpRequestWithAuthentication: n8nLikeHttp() },
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
	process.stdout.write(`  ${label.padEnd(40)} ${result.itemsPerSecond.toFixed(1).padStart(8)} items/s  (${seconds.toFixed(1)} s)\n`);
	return result;
}

/**
 * Median over fresh processes of the time to require the node and credential modules. Inside n8n, n8n-workflow
 * is loaded before any community node, so it is loaded first here too (`preload`); the cold total is shown
 * for information.
 */
function requireMs(preload) {
	const script = `${preload ? "require('n8n-workflow');" : ''} const t = process.hrtime.bigint(); require(${JSON.stringify(NODE_MODULE)}); require(${JSON.stringify(CREDENTIAL_MODULE)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
	const samples = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
	return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

/** The tarball's size as npm packs it (dist as built). */
function packedSize() {
	const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
	return { packedKiB: info.size / 1024, unpackedKiB: info.unpackedSize / 1024, files: info.entryCount };
}

function verdict(ok) {
	return ok ? 'meets target' : 'MISSES target';
}

async function mainInsideN8n() {
	const { benchInsideN8n } = require('./benchN8n');
	const tls = selfSignedCertificate();
	const plain = await startServer();
	const secure = await startServer(tls);
	const ca = fs.readFileSync(tls.cert);
	try {
		await benchInsideN8n({
			servers: [
				{ label: 'http', endpoint: plain.endpoint, stats: plain.stats },
				{ label: 'https', endpoint: secure.endpoint, stats: secure.stats, caFile: tls.cert },
			],
			write: (text) => process.stdout.write(text),
			rawSdk: async (endpoint, items, concurrency) => {
				const started = process.hrtime.bigint();
				await rawSdk(endpoint, concurrency, items, endpoint.startsWith('https') ? ca : undefined);
				return Number(process.hrtime.bigint() - started) / 1e9;
			},
		});
	} finally {
		plain.child.kill();
		secure.child.kill();
	}
}

async function main() {
	const { DEFAULT_MAX_CONCURRENCY } = require(path.join(ROOT, 'dist', 'nodes', 'shared', 'aws', 'session.js'));
	const { child, endpoint } = await startServer();
	process.stdout.write(`Send Task Failure x ${ITEMS}, server latency ${LATENCY_MS} ms, node ${process.version}, ${os.cpus().length} cores\n`);
	try {
		const rows = {};
		rows.rawSerial = await measure('raw SDK, one at a time', () => rawSdk(endpoint, 1));
		rows.nodeSerial = await measure('node (n8n-like HTTP), one at a time', () => viaNode(endpoint, 1));
		for (const c of [DEFAULT_MAX_CONCURRENCY, 16]) {
			rows[`raw${c}`] = await measure(`raw SDK, ${c} at a time`, () => rawSdk(endpoint, c));
			rows[`node${c}`] = await measure(`node (n8n-like HTTP), ${c} at a time`, () => viaNode(endpoint, c));
		}
		const bound = (c) => c / (LATENCY_MS / 1000);
		const moduleMs = requireMs(true);
		const coldMs = requireMs(false);
		const size = packedSize();
		const serialRatio = rows.nodeSerial.itemsPerSecond / rows.rawSerial.itemsPerSecond;
		const peakRss = Math.max(rows.nodeSerial.rssGrowthMb, rows[`node${DEFAULT_MAX_CONCURRENCY}`].rssGrowthMb, rows.node16.rssGrowthMb);
		process.stdout.write('\nRatios (node items/s over raw SDK items/s; the node opens a connection per request as n8n does)\n');
		process.stdout.write(`  one at a time: ${serialRatio.toFixed(3)}\n`);
		for (const c of [DEFAULT_MAX_CONCURRENCY, 16]) {
			const ratio = rows[`node${c}`].itemsPerSecond / rows[`raw${c}`].itemsPerSecond;
			const ofBound = rows[`node${c}`].itemsPerSecond / bound(c);
			process.stdout.write(`  C=${String(c).padEnd(2)} node/raw: ${ratio.toFixed(3)}   node/bound (${bound(c).toFixed(0)} items/s = C / latency): ${ofBound.toFixed(3)}\n`);
		}
		process.stdout.write(`  peak RSS growth during a node run of ${ITEMS} items: ${peakRss.toFixed(1)} MB   (target <= 150 MB: ${verdict(peakRss <= 150)})\n`);
		process.stdout.write(
			`  require of the node and credential modules, n8n-workflow already loaded as in n8n: ${moduleMs.toFixed(1)} ms (median of 7)   (target <= 25 ms: ${verdict(moduleMs <= 25)})\n`,
		);
		process.stdout.write(`  the same with n8n-workflow loaded cold as well: ${coldMs.toFixed(1)} ms (information)\n`);
		process.stdout.write(
			`  packed size: ${size.packedKiB.toFixed(1)} KiB packed, ${size.unpackedKiB.toFixed(1)} KiB unpacked, ${size.files} files   (target <= 80 KiB packed: ${verdict(size.packedKiB <= 80)})\n`,
		);
	} finally {
		child.kill();
	}
}

(process.argv.includes('--n8n') ? mainInsideN8n() : main()).catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
