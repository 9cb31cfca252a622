import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createRequire } from 'module';
import jsoncParser from 'jsonc-eslint-parser';
import globals from 'globals';

// eslint-plugin-n8n-nodes-base lives in tools/lint (its install script fails under npm): `npm install --prefix tools/lint`.
const fromLintTools = createRequire(new URL('./tools/lint/package.json', import.meta.url));
let n8nNodesBase;
let communityNodesPlugin;
try {
	n8nNodesBase = fromLintTools('eslint-plugin-n8n-nodes-base');
	({ n8nCommunityNodesPlugin: communityNodesPlugin } = fromLintTools('@n8n/eslint-plugin-community-nodes'));
} catch {
	throw new Error('The n8n lint rules are not installed: run `npm install --prefix tools/lint` first.');
}

// eslint-plugin-n8n-nodes-base ships eslintrc-style configs; their rule sets are reused here in flat form.
const n8nPlugin = { 'n8n-nodes-base': n8nNodesBase };

export default tseslint.config(
	{ ignores: ['dist/**', '**/node_modules/**', 'coverage/**', '.cache/**'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: n8nPlugin,
		rules: {
			...n8nNodesBase.configs.community.rules,
			// The author has no public e-mail address to give; the repository link is in the README.
			'n8n-nodes-base/community-package-json-author-email-still-default': 'off',
			'n8n-nodes-base/community-package-json-repository-url-still-default': 'off',
		},
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.strict],
		languageOptions: { parserOptions: { project: ['./tsconfig.test.json'] } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: n8nPlugin,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The rule is for n8n's own repository (a docs.n8n.io slug); a community package links to its README.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: n8nPlugin,
		rules: n8nNodesBase.configs.nodes.rules,
	},
	{
		// The connections are declared with n8n-workflow's NodeConnectionTypes, which these rules predate; n8n's own
		// community-node config (@n8n/node-cli, eslint.n8n.config.mjs) turns them off for the same reason.
		files: ['nodes/**/*.node.ts'],
		rules: {
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		// n8n's community-node rules run in their own pass (eslint.n8n.config.mjs); those whose exceptions are
		// argued in comments run here too, so that those comments are checked in both passes.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: { '@n8n/community-nodes': communityNodesPlugin },
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'error',
			'@n8n/community-nodes/credential-unnecessary-password': 'error',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node, sourceType: 'commonjs' },
		rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }] },
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { sourceType: 'module' },
	},
);
