// n8n's queue mode: `npm run test:queue`. Starts Redis, Postgres, an n8n main and two workers (see test/queue), so
// its timeouts are long; one file at a time, as every file brings up its own cluster.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['**/queue/**/*.queue.test.ts'],
	testTimeout: 5 * 60_000,
	// The package is built and packed once for all files.
	globalSetup: '<rootDir>/test/queue/support/globalSetup.js',
	globalTeardown: '<rootDir>/test/queue/support/globalTeardown.js',
};
