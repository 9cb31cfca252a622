// n8n's own lint rules for community packages, as `n8n-node lint` (@n8n/node-cli) runs them on a package that
// does not target n8n Cloud (configWithoutCloudSupport). Installed in tools/lint; run by `npm run lint`.
import { createRequire } from 'module';

const fromLintTools = createRequire(new URL('./tools/lint/package.json', import.meta.url));
let configWithoutCloudSupport;
try {
	({ configWithoutCloudSupport } = fromLintTools('@n8n/node-cli/eslint'));
} catch {
	throw new Error('The n8n lint rules are not installed: run `npm install --prefix tools/lint` first.');
}

export default [
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// The maintainers have no public contact address yet; set author.email before publishing.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
	{ ignores: ['dist/**', '**/node_modules/**', 'coverage/**', '.cache/**', 'test/**', 'scripts/**', 'tools/**', 'gulpfile.js', '*.config.js', '*.config.mjs'] },
];
