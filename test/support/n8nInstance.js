// A real n8n, driven through its CLI with a user folder of its own, with this package installed into it the way
// n8n's community-package installer does. Shared by the e2e suite and the playground.
'use strict';

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(REPO_ROOT, 'package.json')).name;
const ENCRYPTION_KEY = 'n8n-nodes-step-functions-test-key';

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen({ port: 0, host: '127.0.0.1' }, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function runOrThrow(command, args, options) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/**
 * The files `git add -A` would commit, as they are in the working tree now (tracked and untracked, never ignored
 * ones such as dist/ or node_modules/), copied into a fresh folder that shares the repository's node_modules.
 */
function workingTreeSnapshot() {
	const snapshot = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-build-'));
	const listed = runOrThrow('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
	for (const file of listed.split('\0').filter(Boolean)) {
		const from = path.join(REPO_ROOT, file);
		// A tracked file deleted in the working tree is not part of it.
		if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
		fs.mkdirSync(path.dirname(path.join(snapshot, file)), { recursive: true });
		fs.copyFileSync(from, path.join(snapshot, file));
	}
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(snapshot, 'node_modules'), 'dir');
	return snapshot;
}

/**
 * Builds the package and packs it as npm would publish it; returns the tarball's path. The build runs in a snapshot
 * of the working tree, not in the repository itself: other work there may rebuild (and empty) dist/ at any moment,
 * and this build must not empty theirs either.
 */
function packProject(outDir) {
	fs.mkdirSync(outDir, { recursive: true });
	const snapshot = workingTreeSnapshot();
	try {
		runOrThrow('npm', ['run', 'build', '--silent'], { cwd: snapshot, stdio: ['ignore', 'pipe', 'pipe'] });
		const stdout = runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', path.resolve(outDir)], { cwd: snapshot });
		const [{ filename }] = JSON.parse(stdout);
		return path.join(outDir, path.basename(filename));
	} finally {
		fs.rmSync(snapshot, { recursive: true, force: true });
	}
}

/**
 * What n8n does when a user installs a community package: unpack the tarball into
 * <user folder>/.n8n/nodes/node_modules/<name>, drop dev, peer and optional dependencies, and install the rest.
 */
function installCommunityPackage(userFolder, tarball) {
	const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	runOrThrow('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {});
	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	runOrThrow(
		'npm',
		['install', '--ignore-scripts', '--install-strategy=shallow', '--package-lock=false', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: packageDir },
	);
	return packageDir;
}

class N8nCli {
	/**
	 * @param {{ nodeBinary: string, n8nBin: string, version: string }} install from ensureN8n()
	 * @param {string} userFolder a fresh folder for this instance's database and settings
	 */
	constructor(install, userFolder) {
		this.install = install;
		this.userFolder = userFolder;
		/** n8n processes started and not yet ended, so that stopAll() can end them by process id */
		this.running = new Set();
	}

	/** Ends every n8n process this instance started that is still running (after a failure or a timeout). */
	stopAll() {
		for (const child of this.running) {
			if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
		}
		this.running.clear();
	}

	track(child) {
		this.running.add(child);
		child.once('exit', () => this.running.delete(child));
		return child;
	}

	env(extra = {}) {
		// Jest sets NODE_ENV=test, which makes n8n keep its database in memory and lose every import.
		const { NODE_ENV: _testEnv, JEST_WORKER_ID: _worker, ...inherited } = process.env;
		return {
			...inherited,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			...this.install.env,
			...extra,
		};
	}

	/**
	 * Runs one n8n CLI command to its end. Asynchronous on purpose: the Step Functions server n8n talks to
	 * may live in this same process and must keep answering meanwhile.
	 */
	async run(args, { allowFailure = false } = {}) {
		// Every n8n process gets a task-runner broker port of its own: another n8n on the machine holds the default.
		const brokerPort = await freePort();
		return await new Promise((resolve, reject) => {
			const child = this.track(
				spawn(this.install.nodeBinary, [this.install.n8nBin, ...args], {
					env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort) }),
					cwd: this.userFolder,
					stdio: ['ignore', 'pipe', 'pipe'],
				}),
			);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
			child.on('error', reject);
			child.on('close', (status) => {
				clearTimeout(timer);
				if (!allowFailure && status !== 0) {
					reject(new Error(`n8n ${args.join(' ')} failed (${status}):\n${stdout}\n${stderr}`));
				} else {
					resolve({ status, stdout, stderr });
				}
			});
		});
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		try {
			await this.run(['import:credentials', `--input=${file}`]);
		} finally {
			// Plain-text keys stay only in n8n's database, encrypted: the user folder can be searched for leaks.
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports every workflow file of a folder in one n8n start. */
	async importWorkflows(folder) {
		await this.run(['import:workflow', '--separate', `--input=${folder}`]);
	}

	/**
	 * The executions n8n stored in its database (SQLite in the user folder) for a workflow, oldest first: the
	 * row's status and mode, the stored run data as n8n wrote it (`data`, flatted JSON text) and parsed (`run`).
	 * Read with the sqlite3 and flatted modules of the n8n install, by the Node that runs that n8n.
	 */
	async storedExecutions(workflowId) {
		const modules = path.join(this.install.dir, 'node_modules');
		const script = `
			const [sqlite3Path, flattedPath, database, workflowId] = process.argv.slice(1);
			const sqlite3 = require(sqlite3Path);
			const { parse } = require(flattedPath);
			const db = new sqlite3.Database(database, sqlite3.OPEN_READONLY, (openError) => {
				if (openError) { console.error(openError.message); process.exit(1); }
			});
			db.all(
				'SELECT e.id, e.workflowId, e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id',
				[workflowId],
				(error, rows) => {
					if (error) { console.error(error.message); process.exit(1); }
					process.stdout.write(JSON.stringify(rows.map((row) => ({ ...row, id: String(row.id), run: parse(row.data) }))));
					db.close();
				},
			);`;
		const args = [path.join(modules, 'sqlite3'), path.join(modules, 'flatted'), path.join(this.userFolder, '.n8n', 'database.sqlite'), workflowId];
		const { stdout } = await new Promise((resolve, reject) => {
			const child = this.track(spawn(this.install.nodeBinary, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
			let out = '';
			let err = '';
			child.stdout.on('data', (chunk) => (out += chunk));
			child.stderr.on('data', (chunk) => (err += chunk));
			child.on('error', reject);
			child.on('close', (status) =>
				status === 0 ? resolve({ stdout: out }) : reject(new Error(`reading n8n's database failed (${status}): ${err}`)),
			);
		});
		return JSON.parse(stdout);
	}

	/**
	 * Marks an imported workflow active, so that the next `n8n start` activates its triggers. n8n 2.x publishes the
	 * workflow's current version (`publish:workflow`); n8n 1.x sets its active flag (`update:workflow --active=true`).
	 * See test/e2e/README-activation.md.
	 */
	async activateWorkflow(workflowId) {
		const major = Number(String(this.install.version).split('.')[0]);
		const args = major >= 2 ? ['publish:workflow', `--id=${workflowId}`] : ['update:workflow', `--id=${workflowId}`, '--active=true'];
		await this.run(args);
	}

	/** Executes a workflow; returns its exit status and n8n's run data (null if none was printed). */
	async execute(workflowId) {
		const result = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true });
		return { ...result, run: parseRunJson(result.stdout) };
	}

	/**
	 * Starts the editor (n8n start) on a loopback port, with a free task-runner broker port of its own; returns the
	 * child process.
	 */
	async start(port) {
		const brokerPort = await freePort();
		return this.track(
			spawn(this.install.nodeBinary, [this.install.n8nBin, 'start'], {
				env: this.env({ N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) }),
				cwd: this.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
	}
}

/** n8n prints the run data as one JSON document among its log lines. */
function parseRunJson(stdout) {
	const start = stdout.indexOf('\n{');
	const from = stdout.startsWith('{') ? 0 : start + 1;
	if (from < 0 || (from === 0 && !stdout.startsWith('{'))) return null;
	const end = stdout.lastIndexOf('\n}');
	if (end < from) return null;
	try {
		return JSON.parse(stdout.slice(from, end + 2));
	} catch {
		return null;
	}
}

function freshUserFolder(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

module.exports = { N8nCli, PACKAGE_NAME, REPO_ROOT, freePort, freshUserFolder, installCommunityPackage, packProject, parseRunJson };
