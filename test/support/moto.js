// moto (Python, on the machine image): a second, independently written Step Functions API server, for the
// management actions stepfunctions-local lacks (state machine create/update/delete with versions, aliases,
// Map Runs, tags, activities, DescribeStateMachineForExecution). Started as a child process on 127.0.0.1 and
// a free port; each test file gets its own server, so no state leaks between files.
'use strict';

const { spawn } = require('child_process');
const net = require('net');
const http = require('http');

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function post(port, path, body) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			{ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode));
			},
		);
		request.once('error', reject);
		request.end(JSON.stringify(body));
	});
}

/** True when `python3 -m moto.server` can run here (moto is on the machine image, not a project dependency). */
function motoAvailable() {
	const { spawnSync } = require('child_process');
	const probe = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' });
	return probe.status === 0;
}

/**
 * @param {{ executeStateMachines?: boolean }} [options] executeStateMachines: let executions run (moto only
 *   records them otherwise)
 * @returns {Promise<{ endpoint: string, port: number, stop(): Promise<void> }>}
 */
async function startMoto(options = {}) {
	const port = await freePort();
	const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
		env: { ...process.env, MOTO_PORT: String(port), AWS_DEFAULT_REGION: 'us-east-1' },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (chunk) => {
		stderr = (stderr + chunk).slice(-4000);
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`moto exited (${child.exitCode}): ${stderr}`);
		try {
			await post(port, '/moto-api/reset', {});
			break;
		} catch {
			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				throw new Error(`moto did not answer on 127.0.0.1:${port} within 30 s: ${stderr}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	if (options.executeStateMachines) {
		await post(port, '/moto-api/config', { stepfunctions: { execute_state_machine: true } });
	}
	return {
		endpoint: `http://127.0.0.1:${port}`,
		port,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
				if (child.exitCode === null) child.kill('SIGKILL');
			}
		},
	};
}

module.exports = { startMoto, motoAvailable };
