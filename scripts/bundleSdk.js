#!/usr/bin/env node
// Part of `npm run build`: bundles @aws-sdk/client-sfn, @aws-sdk/credential-providers, https-proxy-agent,
// http-proxy-agent and proxy-from-env, exactly the version package-lock.json pins and the
// tests run against, into dist/vendor/aws-sdk.js. The package then has no runtime dependencies: n8n's
// community-package installer has nothing to resolve (air-gapped installs work, and no later SDK release
// that needs a newer Node can slip in), and nodes/shared/transport/sdk.ts loads this file on a node's first run only.
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const VENDOR = path.join(ROOT, 'dist', 'vendor');
const OUTFILE = path.join(VENDOR, 'aws-sdk.js');
const ENTRY = `
module.exports = {
	sfn: require('@aws-sdk/client-sfn'),
	get credentialProviders() { return require('@aws-sdk/credential-providers'); },
	get proxy() {
		return {
			HttpsProxyAgent: require('https-proxy-agent').HttpsProxyAgent,
			HttpProxyAgent: require('http-proxy-agent').HttpProxyAgent,
			getProxyForUrl: require('proxy-from-env').getProxyForUrl,
		};
	},
};`;

async function main() {
	const result = await esbuild.build({
		// One bundle, so that the SDK's core is in it once; the parts only some credentials use (roles, the
		// process's own credentials, proxies) are evaluated on first access (esbuild keeps modules lazy).
		stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
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
		packages.set(`${match[2]}@${manifest.version}`, { name: match[2], version: manifest.version, license: manifest.license, dir: match[1] });
	}
	const lines = [...packages.values()].map(({ name, version, license }) => `${name}@${version} (${license})`).sort();
	fs.writeFileSync(
		path.join(VENDOR, 'aws-sdk.packages.txt'),
		`Bundled into aws-sdk.js by scripts/bundleSdk.js:\n${lines.join('\n')}\n`,
	);
	// Every bundled package's own licence text (Apache-2.0 for the SDK's, MIT for bowser and others), once each.
	const notices = [];
	const seenTexts = new Set();
	const apacheText = fs.readFileSync(path.join(ROOT, 'node_modules', '@aws-sdk', 'client-sfn', 'LICENSE'), 'utf8').trim();
	seenTexts.add(apacheText);
	notices.push(`Apache License 2.0, the licence of the AWS SDK packages:\n\n${apacheText}`);
	for (const { name, version, license, dir } of [...packages.values()].sort((a, b) => a.name.localeCompare(b.name))) {
		const file = fs.readdirSync(path.join(ROOT, dir)).find((entry) => /^licen[cs]e/i.test(entry));
		if (!file && license === 'Apache-2.0') {
			// Some SDK packages declare Apache-2.0 without shipping its text: the text above applies.
			notices.push(`${name}@${version}: Apache-2.0, the licence text above`);
			continue;
		}
		if (!file) throw new Error(`${name}@${version} (${license}) ships no licence file: check its terms before bundling it`);
		const text = fs.readFileSync(path.join(ROOT, dir, file), 'utf8').trim();
		notices.push(`${name}@${version}${seenTexts.has(text) ? ': the same licence text as above' : `:\n\n${text}`}`);
		seenTexts.add(text);
	}
	fs.writeFileSync(path.join(VENDOR, 'aws-sdk.LICENSE.txt'), `${notices.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`);
	const kib = (fs.statSync(OUTFILE).size / 1024).toFixed(0);
	process.stdout.write(`bundled @aws-sdk/client-sfn, @aws-sdk/credential-providers and the proxy agents (${packages.size} packages) into dist/vendor/aws-sdk.js, ${kib} KiB\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
