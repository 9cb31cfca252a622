#!/usr/bin/env node
// Part of `npm run build`: bundles @aws-sdk/client-sfn, exactly the version package-lock.json pins and the
// tests run against, into dist/vendor/client-sfn.js. The package then has no runtime dependencies: n8n's
// community-package installer has nothing to resolve (air-gapped installs work, and no later SDK release
// that needs a newer Node can slip in), and transport/sdk.ts loads this file on a node's first run only.
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const VENDOR = path.join(ROOT, 'dist', 'vendor');
const OUTFILE = path.join(VENDOR, 'client-sfn.js');

async function main() {
	const result = await esbuild.build({
		stdin: { contents: "module.exports = require('@aws-sdk/client-sfn');", resolveDir: ROOT, loader: 'js' },
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		outfile: OUTFILE,
		minify: true,
		// Class and function names stay readable in stack traces.
		keepNames: true,
		// The bundled packages' licence comments stay with the code; their licence texts go beside it.
		legalComments: 'eof',
		metafile: true,
		logLevel: 'warning',
	});
	// Which packages went in, at which versions, for audits and licence notices.
	const packages = new Map();
	for (const input of Object.keys(result.metafile.inputs)) {
		// The innermost node_modules/<name>/ of the path: a nested copy is read from its own folder.
		const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
		if (!match) continue;
		const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, match[1], 'package.json'), 'utf8'));
		packages.set(`${match[2]}@${manifest.version}`, { name: match[2], version: manifest.version, license: manifest.license });
	}
	const lines = [...packages.values()].map(({ name, version, license }) => `${name}@${version} (${license})`).sort();
	fs.writeFileSync(
		path.join(VENDOR, 'client-sfn.packages.txt'),
		`Bundled into client-sfn.js by scripts/bundleSdk.js:\n${lines.join('\n')}\n`,
	);
	fs.copyFileSync(path.join(ROOT, 'node_modules', '@aws-sdk', 'client-sfn', 'LICENSE'), path.join(VENDOR, 'client-sfn.LICENSE.txt'));
	const kib = (fs.statSync(OUTFILE).size / 1024).toFixed(0);
	process.stdout.write(`bundled @aws-sdk/client-sfn (${packages.size} packages) into dist/vendor/client-sfn.js, ${kib} KiB\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
