// A private npm registry on loopback for the e2e suite: verdaccio (tools/registry, exact version) in a child
// process bound to 127.0.0.1 on a free port, with its config, storage, users and npm's user config and cache in
// a throwaway folder. The config has no uplinks: a package not published to it is not found, nothing is fetched
// from anywhere else. npm is pointed at it through a user config file of its own (npm_config_userconfig), so the
// user's ~/.npmrc is neither read nor written.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const { freePort } = require('./n8nInstance');

// verdaccio lives in tools/registry (its install needs an npm override, which n8n's rules forbid in the
// package's own manifest): `npm ci --prefix tools/registry`.
const VERDACCIO_BIN = path.join(
	path.dirname(require.resolve('verdaccio/package.json', { paths: [path.join(__dirname, '..', '..', 'tools', 'registry')] })),
	'bin',
	'verdaccio',
);

/** Registries started and not yet stopped: ended by process id when this process exits, whatever happened. */
const running = new Set();
process.once('exit', () => {
	for (const child of running) killChild(child);
});

function killChild(child) {
	if (child.exitCode === null && child.signalCode === null) {
		try {
			process.kill(child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/** The environment npm runs with: no npm_* variables inherited (an `npm run` sets a prefix and configs). */
function cleanEnv() {
	return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/**
 * Starts verdaccio and registers a publishing user.
 * @returns {Promise<import('./registry').PrivateRegistry>}
 */
async function startRegistry() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-registry-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}/`;
	const configFile = path.join(dir, 'config.yaml');
	fs.writeFileSync(
		configFile,
		[
			`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
			'auth:',
			'  htpasswd:',
			`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
			'    max_users: 10',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    unpublish: $authenticated',
			'web:',
			'  enable: false',
			'max_body_size: 100mb',
			`listen: 127.0.0.1:${port}`,
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const child = spawn(process.execPath, [VERDACCIO_BIN, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
		cwd: dir,
		env: { ...cleanEnv(), VERDACCIO_STORAGE_PATH: path.join(dir, 'storage') },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	exited.then(() => running.delete(child));

	async function stop() {
		if (child.exitCode === null && child.signalCode === null) {
			process.kill(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killChild(child), 5000);
			await exited;
			clearTimeout(timer);
		}
		running.delete(child);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	try {
		const deadline = Date.now() + 30_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}):\n${output}`);
			try {
				const response = await fetch(`${url}-/ping`);
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}

		// A local user, as `npm adduser` would create it; its token goes into npm's user config for this registry.
		const user = 'e2e-publisher';
		const response = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: user, password: `pw-${port}-${Date.now()}`, type: 'user', roles: [], date: new Date().toISOString() }),
		});
		const body = await response.json();
		if (!response.ok || !body.token) throw new Error(`verdaccio refused the new user (${response.status}): ${JSON.stringify(body)}`);

		const userconfig = path.join(dir, 'npmrc');
		fs.writeFileSync(
			userconfig,
			[
				`registry=${url}`,
				`//127.0.0.1:${port}/:_authToken=${body.token}`,
				`cache=${path.join(dir, 'npm-cache')}`,
				'audit=false',
				'fund=false',
				'update-notifier=false',
				'',
			].join('\n'),
		);
		const globalconfig = path.join(dir, 'npmrc-global');
		fs.writeFileSync(globalconfig, '');
		const env = { ...cleanEnv(), npm_config_userconfig: userconfig, npm_config_globalconfig: globalconfig };

		/** Runs npm with this registry's config; throws with npm's output when it fails. */
		function npm(args, { cwd }) {
			const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
			if (result.status !== 0) {
				throw new Error(`npm ${args.join(' ')} failed (${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
			}
			return result.stdout;
		}

		return {
			url,
			port,
			pid: child.pid,
			dir,
			userconfig,
			env,
			npm,
			publish: (tarball) => npm(['publish', tarball, '--ignore-scripts', '--loglevel=error'], { cwd: dir }),
			/** The registry's view of a package (the packument), or null when it does not know it */
			view: async (name) => {
				const answer = await fetch(`${url}${name.replace('/', '%2f')}`);
				return answer.status === 404 ? null : await answer.json();
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * A copy of a packed tarball with only the version in its package.json changed, packed again without running
 * any script (the repository and its package.json stay untouched). Returns the new tarball's path.
 */
function withVersion(tarball, version, outDir) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-repack-'));
	try {
		const run = (command, args, cwd) => {
			const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8' });
			if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
			return result.stdout;
		};
		run('tar', ['-xzf', tarball, '-C', work], work);
		const packageDir = path.join(work, 'package');
		const manifestPath = path.join(packageDir, 'package.json');
		const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		manifest.version = version;
		fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
		fs.mkdirSync(outDir, { recursive: true });
		const stdout = run('npm', ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', outDir], packageDir);
		const [{ filename }] = JSON.parse(stdout);
		return path.join(outDir, path.basename(filename));
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { startRegistry, withVersion };
