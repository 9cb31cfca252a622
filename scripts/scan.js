#!/usr/bin/env node
// `npm run scan`: n8n's verification gate, @n8n/scan-community-package (installed in tools/lint), run without a
// registry. The real gate (`npx @n8n/scan-community-package <name>`) downloads the published package, requires an
// npm provenance statement, then lints the tarball and the attested GitHub source with the scanner's own eslint
// config; this script does the two lint legs on what `npm publish` would upload and on this working tree:
//   1. `npm pack` into a temporary folder (prepack builds dist/), unpacked: `analyzePackage(dir)`, which lints every
//      **/*.js, **/*.ts and **/*.json of the tarball (n8n's gate lints only **/*.js and package.json of it: errors
//      on other files are marked). The tarball must also hold no `.d.ts` file and no dist/vendor folder.
//   2. `analyzePackage(<root>, SOURCE_FILE_PATTERNS)`: package.json and {nodes,credentials}/**/*.{js,ts,json}.
// The scanner reads no eslint config of ours and ignores `eslint-disable` comments (allowInlineConfig: false). One
// finding is a known exception, not counted: valid-author's missing e-mail (no public contact address yet).
// Exits 1 when either leg has an error (or the tarball checks fail), 2 when the scan cannot run.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

const ROOT = path.resolve(__dirname, '..');
const fromLintTools = createRequire(path.join(ROOT, 'tools', 'lint', 'package.json'));
// The gate's tarball leg: `analyzePackage(packageDir, ['**/*.js', 'package.json'])` in analyzePackageByName.
const inGateTarballScope = (file) => file === 'package.json' || file.endsWith('.js');
const KNOWN_EXCEPTION = {
	ruleId: '@n8n/community-nodes/valid-author',
	message: 'The "author" field must include a non-empty email.',
	reason: 'known exception (needs a public contact address, owner\'s decision)',
};

function fail(message) {
	console.error(`scan: ${message}`);
	process.exit(2);
}

async function loadScanner(tmp) {
	let scannerPath;
	try {
		scannerPath = fromLintTools.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	} catch {
		fail('@n8n/scan-community-package is not installed: run `npm install --prefix tools/lint` first.');
	}
	// analyzePackage returns only a pass/fail and eslint's 'stylish' text: the results are taken from the ESLint
	// instance it creates, through the same `eslint` module it imports.
	const { ESLint } = createRequire(scannerPath)('eslint');
	const lintFiles = ESLint.prototype.lintFiles;
	const captured = { results: null };
	ESLint.prototype.lintFiles = async function (...args) {
		const results = await lintFiles.apply(this, args);
		captured.results = results;
		return results;
	};
	// The scanner makes a temporary folder when it is loaded (for downloads it will not do here): keep it in ours.
	const tmpdir = process.env.TMPDIR;
	process.env.TMPDIR = tmp;
	try {
		const scanner = await import(pathToFileURL(scannerPath).href);
		return { scanner, captured };
	} finally {
		if (tmpdir === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = tmpdir;
	}
}

function pack(tmp) {
	const destination = path.join(tmp, 'pack');
	fs.mkdirSync(destination);
	// --ignore-scripts=false: the tarball must be built by prepack even if a user config turns scripts off.
	const npm = spawnSync('npm', ['pack', '--pack-destination', destination, '--ignore-scripts=false'], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (npm.status !== 0) {
		return { error: `npm pack failed (exit ${npm.status ?? npm.signal}):\n${npm.stdout}${npm.stderr}`.trimEnd() };
	}
	const tarball = fs.readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (!tarball) return { error: 'npm pack wrote no tarball' };
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	const tar = spawnSync('tar', ['-xzf', path.join(destination, tarball), '-C', dir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) return { error: `tar failed: ${tar.stderr}` };
	const size = fs.statSync(path.join(destination, tarball)).size;
	return { dir, tarball, size };
}

function listFiles(dir, base = dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
	});
}

function tarballContentErrors(dir) {
	const files = listFiles(dir);
	const errors = [];
	const declarations = files.filter((file) => /\.d\.[cm]?ts$/.test(file));
	if (declarations.length > 0) {
		errors.push(`${declarations.length} declaration file(s) (.d.ts) in the tarball, e.g. ${declarations.slice(0, 3).join(', ')}`);
	}
	const vendor = files.filter((file) => file.startsWith('dist/vendor/'));
	if (vendor.length > 0) errors.push(`dist/vendor in the tarball: ${vendor.join(', ')}`);
	return { files, errors };
}

// One leg: the scanner's analyzePackage, then its eslint results sorted into counted errors, the known exception and
// warnings (which do not fail the gate: the scanner fails on errorCount > 0 only).
async function runLeg(scanner, captured, dir, patterns) {
	captured.results = null;
	const result = await (patterns ? scanner.analyzePackage(dir, patterns) : scanner.analyzePackage(dir));
	const errors = [];
	const exceptions = [];
	const warnings = [];
	for (const file of captured.results ?? []) {
		const name = path.relative(dir, file.filePath).split(path.sep).join('/');
		for (const m of file.messages) {
			const finding = { file: name, line: m.line ?? 0, column: m.column ?? 0, rule: m.ruleId ?? '(parse error)', message: m.message };
			if (m.severity !== 2) {
				warnings.push(finding);
				continue;
			}
			if (m.ruleId === KNOWN_EXCEPTION.ruleId && m.message === KNOWN_EXCEPTION.message && name === 'package.json') {
				exceptions.push(finding);
			} else {
				errors.push(finding);
			}
		}
	}
	if (!result.passed && errors.length === 0 && exceptions.length === 0) {
		// The analysis itself failed (or its results could not be read): that is an error too.
		errors.push({ file: '.', line: 0, column: 0, rule: '(scanner)', message: result.details ?? result.message });
	}
	return { result, files: captured.results?.length ?? 0, errors, exceptions, warnings };
}

function report(title, leg, { markOutsideGate = false } = {}) {
	console.log(`\n== ${title}`);
	console.log(`${leg.files} file(s) linted; ${leg.errors.length} error(s), ${leg.warnings.length} warning(s) (warnings do not fail the gate)`);
	for (const e of leg.errors) {
		const mark = markOutsideGate && !inGateTarballScope(e.file) ? ' [not linted by n8n\'s tarball leg]' : '';
		console.log(`  ${e.file}:${e.line}:${e.column}  ${e.rule}  ${e.message}${mark}`);
	}
	for (const w of leg.warnings) console.log(`  warning: ${w.file}:${w.line}:${w.column}  ${w.rule}  ${w.message}`);
	for (const e of leg.exceptions) {
		console.log(`  ${KNOWN_EXCEPTION.reason}: ${e.file}:${e.line}:${e.column}  ${e.rule}  ${e.message}`);
	}
	if (leg.errors.length > 0) {
		const byRule = new Map();
		for (const e of leg.errors) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
		console.log('  by rule: ' + [...byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', '));
	}
}

async function main() {
	const started = Date.now();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	let failed = false;
	try {
		const { scanner, captured } = await loadScanner(tmp);
		if (typeof scanner.analyzePackage !== 'function' || !Array.isArray(scanner.SOURCE_FILE_PATTERNS)) {
			fail('this @n8n/scan-community-package exports no analyzePackage / SOURCE_FILE_PATTERNS: check tools/lint.');
		}

		console.log('== npm pack (prepack builds dist/)');
		const packed = pack(tmp);
		if (packed.error) {
			console.log(packed.error);
			failed = true;
		} else {
			const content = tarballContentErrors(packed.dir);
			console.log(`${packed.tarball}: ${content.files.length} file(s), ${packed.size} bytes`);
			const leg = await runLeg(scanner, captured, packed.dir);
			report('tarball: analyzePackage(<unpacked tarball>) (all **/*.js, **/*.ts, **/*.json)', leg, { markOutsideGate: true });
			for (const error of content.errors) console.log(`  tarball content: ${error}`);
			failed ||= leg.errors.length > 0 || content.errors.length > 0;
		}

		const source = await runLeg(scanner, captured, ROOT, scanner.SOURCE_FILE_PATTERNS);
		report(`source: analyzePackage(<project root>, SOURCE_FILE_PATTERNS = ${JSON.stringify(scanner.SOURCE_FILE_PATTERNS)})`, source);
		failed ||= source.errors.length > 0;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`\n== scan ${failed ? 'FAILED' : 'passed'} in ${seconds} s`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(error);
	process.exit(2);
});
