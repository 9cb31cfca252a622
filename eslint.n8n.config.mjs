// n8n's own lint rules for community packages, as `n8n-node lint` (@n8n/node-cli) runs them on a package that
// targets n8n Cloud (`config`: `recommended` of @n8n/eslint-plugin-community-nodes, which adds
// no-restricted-globals and no-restricted-imports to `configWithoutCloudSupport`). Installed in tools/lint; run by
// `npm run lint`. n8n's verification gate (`npm run scan`, scripts/scan.js) lints with the same `recommended` rules.
import { createRequire } from 'module';

const fromLintTools = createRequire(new URL('./tools/lint/package.json', import.meta.url));
let config;
try {
	({ config } = fromLintTools('@n8n/node-cli/eslint'));
} catch {
	throw new Error('The n8n lint rules are not installed: run `npm install --prefix tools/lint` first.');
}
if (!Array.isArray(config)) {
	throw new Error('@n8n/node-cli/eslint exports no `config` (the n8n Cloud rule set): update @n8n/node-cli in tools/lint.');
}

export default [
	...config,
	{
		files: ['package.json'],
		rules: {
			// The maintainers have no public contact address yet; set author.email before publishing. n8n's scanner
			// does not read this file: `npm run scan` reports the same finding as its single known exception.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
	{ ignores: ['dist/**', '**/node_modules/**', 'coverage/**', '.cache/**', 'test/**', 'scripts/**', 'tools/**', 'gulpfile.js', '*.config.js', '*.config.mjs'] },
];
