// Every process the queue suite and its benchmark start: Redis, Postgres, n8n main and workers. Each runs in a process
// group of its own (detached), so that ending it also ends what it started (Postgres' backends, n8n's task runner).
// They are ended by process-group id: by stop() on the normal path, and by an exit handler if the run fails or is
// interrupted.
'use strict';

const fs = require('fs');
const { spawn } = require('child_process');

/** @type {Set<import('child_process').ChildProcess>} */
const running = new Set();

function alive(child) {
	return child.exitCode === null && child.signalCode === null;
}

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			process.kill(child.pid, signal);
		} catch {
			// already gone
		}
	}
}

/** @type {Set<string>} folders to delete if the run ends before their owner does (Postgres' data) */
const folders = new Set();

/** Synchronous: the only kind of work an 'exit' handler may do. */
function killAllNow() {
	for (const child of running) if (alive(child)) killGroup(child, 'SIGKILL');
	running.clear();
	for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
	folders.clear();
}

/** Deletes the folder at exit unless released() first. */
function removeOnExit(folder) {
	folders.add(folder);
	return { released: () => folders.delete(folder) };
}

let handlersInstalled = false;
function installExitHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', killAllNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			killAllNow();
			process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
		});
	}
}

/**
 * Starts a long-running process in its own group; its output goes to logFile and is kept in memory (output()).
 * @returns {import('child_process').ChildProcess & { name: string, output(): string, exited: Promise<void> }}
 */
function startProcess(name, command, args, { env, cwd, logFile, uid, gid }) {
	installExitHandlers();
	const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	const log = fs.createWriteStream(logFile);
	const chunks = [];
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (chunk) => {
			chunks.push(chunk);
			log.write(chunk);
		});
	}
	child.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	child.once('exit', () => {
		running.delete(child);
		log.end();
	});
	child.on('error', () => running.delete(child));
	child.name = name;
	child.output = () => Buffer.concat(chunks).toString('utf8');
	return child;
}

/** Ends a process group: `signal` first (a clean shutdown), SIGKILL after graceMs. */
async function stopProcess(child, signal = 'SIGTERM', graceMs = 10_000) {
	if (!child || !alive(child)) {
		if (child) killGroup(child, 'SIGKILL'); // what it started may outlive it
		return;
	}
	killGroup(child, signal);
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
	killGroup(child, 'SIGKILL');
}

/** Polls check() until it resolves truthy; fails with what was awaited and the process's last output. */
async function waitFor(check, what, { timeoutMs = 60_000, intervalMs = 250, child } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child && !alive(child)) throw new Error(`${child.name} exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${child.output().slice(-3000)}`);
		try {
			const value = await check();
			if (value) return value;
		} catch {
			// not yet
		}
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${child ? `:\n${child.output().slice(-3000)}` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** CPU time (user + system, seconds) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may contain spaces.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticksPerSecond = 100; // USER_HZ on Linux
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

module.exports = { startProcess, stopProcess, killAllNow, removeOnExit, waitFor, cpuSeconds, alive };
