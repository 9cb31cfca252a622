// The real-n8n suite: `npm run test:e2e`. Installs n8n on first use (minutes), so its timeouts are long.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['**/e2e/**/*.e2e.test.ts'],
	testTimeout: 5 * 60_000,
};
