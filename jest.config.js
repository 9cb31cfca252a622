// The pinned AWS SDK supports Node 20; its notice about later releases needing Node 22 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// stepfunctions-local (the integration-test server) runs on AWS SDK v2, which prints an end-of-support notice.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/unit/**/*.test.ts', '**/integration/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 30000,
	// stepfunctions-local polls each running execution every second and cannot stop those loops; some tests
	// leave executions running (Wait states, stopped executions) on purpose.
	forceExit: true,
};
