// Redis and Postgres for n8n's queue mode, from Debian's packages (redis-server, postgresql 15), each on 127.0.0.1 at a
// free port with its data in a fresh temporary folder. Postgres refuses to run as root: when this runs as root, its
// processes run as the `postgres` user the Debian package creates (spawn's uid/gid, so the process id we hold is the
// server's own).
'use strict';

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { execFileSync, spawn } = require('child_process');

const { freePort } = require('../../support/n8nInstance');
const { removeOnExit, startProcess, stopProcess, waitFor } = require('./processes');

const PG_BIN = process.env.QUEUE_PG_BIN || '/usr/lib/postgresql/15/bin';

function requireBinary(file, aptPackage) {
	if (!fs.existsSync(file)) {
		throw new Error(`${file} is missing: install Debian's ${aptPackage} package (apt-get install -y ${aptPackage})`);
	}
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.end();
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

/** redis-server on 127.0.0.1, nothing persisted. */
async function startRedis(workDir) {
	requireBinary('/usr/bin/redis-server', 'redis-server');
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(workDir, 'redis-'));
	const child = startProcess(
		'redis',
		'/usr/bin/redis-server',
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ env: process.env, cwd: dir, logFile: path.join(workDir, 'redis.log') },
	);
	await waitFor(() => redisPing(port), `Redis on 127.0.0.1:${port}`, { child, timeoutMs: 15_000 });
	return { host: '127.0.0.1', port, process: child, stop: () => stopProcess(child, 'SIGTERM') };
}

/**
 * Postgres 15 on 127.0.0.1 with a database `n8n`; trust authentication, reachable only from loopback.
 * fsync is off: the data lives in a temporary folder that is deleted afterwards, and durability is not under test.
 */
async function startPostgres(workDir) {
	requireBinary(path.join(PG_BIN, 'postgres'), 'postgresql');
	const asRoot = process.getuid?.() === 0;
	const owner = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
	// Its own temporary folder (not under workDir), which the postgres user owns and can reach.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-queue-pg-'));
	const cleanup = removeOnExit(dir);
	if (asRoot) fs.chownSync(dir, owner.uid, owner.gid);
	const dataDir = path.join(dir, 'data');
	execFileSync(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
		...owner,
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const port = await freePort();
	const child = startProcess(
		'postgres',
		path.join(PG_BIN, 'postgres'),
		['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ env: process.env, cwd: dir, logFile: path.join(workDir, 'postgres.log'), ...owner },
	);
	const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-A', '-t'];
	const psql = (database, sql) =>
		new Promise((resolve, reject) => {
			const run = spawn(path.join(PG_BIN, 'psql'), [...psqlArgs, '-d', database, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
			let out = '';
			let err = '';
			run.stdout.on('data', (chunk) => (out += chunk));
			run.stderr.on('data', (chunk) => (err += chunk));
			run.on('error', reject);
			run.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`psql failed (${status}): ${err}`))));
		});
	await waitFor(async () => (await psql('postgres', 'select 1')).trim() === '1', `Postgres on 127.0.0.1:${port}`, { child, timeoutMs: 30_000 });
	await psql('postgres', 'create database n8n');
	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'postgres',
		process: child,
		/** Runs SQL in the n8n database; returns psql's unaligned, tuples-only output. */
		query: (sql) => psql('n8n', sql),
		stop: async () => {
			// SIGINT: Postgres' fast shutdown.
			await stopProcess(child, 'SIGINT');
			fs.rmSync(dir, { recursive: true, force: true });
			cleanup.released();
		},
	};
}

module.exports = { startRedis, startPostgres };
