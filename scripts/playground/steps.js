// The playground's long steps, quietly: what a step's tools print (npm, node-gyp, the compiler, tsc) goes to a log
// file, and the terminal gets one progress line per step, with the log's path when a step fails.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function seconds(since) {
	const s = Math.round((Date.now() - since) / 1000);
	return s >= 90 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** A step failed; its message names the log to read. */
class StepError extends Error {
	constructor(message, logFile) {
		super(message);
		this.logFile = logFile;
	}
}

/**
 * Runs a command with its output appended to `logFile`; resolves when it exits 0. `onLine` sees each line of its
 * output (to turn the lines that matter into progress lines). Rejects with a StepError naming the log otherwise.
 */
function runLogged(command, args, { logFile, cwd = REPO_ROOT, env = process.env, onLine } = {}) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const log = fs.openSync(logFile, 'a');
	fs.writeSync(log, `\n$ ${command} ${args.join(' ')}   (in ${cwd}, ${new Date().toISOString()})\n`);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let pending = '';
		const take = (chunk) => {
			fs.writeSync(log, chunk);
			if (!onLine) return;
			pending += chunk.toString('utf8');
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) onLine(line);
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('error', (error) => {
			fs.closeSync(log);
			reject(new StepError(`${command} could not be started: ${error.message}`, logFile));
		});
		child.on('close', (code, signal) => {
			if (pending && onLine) onLine(pending);
			fs.closeSync(log);
			if (code === 0) resolve();
			else reject(new StepError(`${path.basename(command)} ${args[0] ?? ''} ended with ${signal ?? `exit code ${code}`}`, logFile));
		});
	});
}

/**
 * Makes sure the n8n line is installed in the cache (test/support/n8nInstall.js, the e2e suite's recipe). On the
 * first run that installs n8n with npm and builds sqlite3 from source: hundreds of lines of npm, node-gyp and
 * compiler output, which go to `logFile`; `say` gets one line per step. Later runs find the install and say nothing.
 */
async function ensureN8nQuietly(line, { logFile, say }) {
	const started = Date.now();
	let installing = false;
	const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'test', 'support', 'n8nInstall.js'))}).ensureN8n(${JSON.stringify(line)})`;
	try {
		await runLogged(process.execPath, ['-e', script], {
			logFile,
			onLine: (text) => {
				const message = /^\[n8n install\] (.*)$/.exec(text.trim())?.[1];
				if (!message) return;
				if (message.startsWith('installing n8n')) {
					installing = true;
					say(`${message}; the install's output goes to ${logFile}`);
				} else if (message.startsWith('npm install')) say("  installing n8n's npm packages");
				else if (message.startsWith('building sqlite3')) say(`  ${message}`);
				else if (message === 'n8n installed') say(`  n8n installed in ${seconds(started)}`);
				// The commands themselves (npm ..., node-gyp rebuild ...) are in the log.
			},
		});
	} catch (error) {
		throw new StepError(`installing n8n ${line} failed (${error.message})`, logFile);
	}
	return { installed: installing };
}

/** Runs a synchronous step; an error's text (a tool's output) goes to `logFile`, the StepError names the log. */
function runStepSync(name, logFile, body) {
	try {
		return body();
	} catch (error) {
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		fs.appendFileSync(logFile, `\n== ${name} failed (${new Date().toISOString()})\n${error.stack || error}\n`);
		throw new StepError(`${name} failed`, logFile);
	}
}

module.exports = { StepError, runLogged, ensureN8nQuietly, runStepSync, seconds };
