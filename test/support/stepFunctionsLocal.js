// stepfunctions-local (an independent Step Functions API server on npm), started in this process and bound to
// 127.0.0.1 on a free port. Its start() listens on all interfaces at a fixed port, so the one listen call it
// makes is redirected to loopback and port 0. Used by the integration tests, the e2e suite and the playground.
'use strict';

const net = require('net');

// Its aws-sdk v2 dependency prints an end-of-support notice on load; it says nothing about this package.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

/** @returns {Promise<{ endpoint: string, port: number, stop(): Promise<void> }>} */
async function startStepFunctionsLocal() {
	const server = require('stepfunctions-local/src/server');
	const originalListen = net.Server.prototype.listen;
	/** @type {net.Server | undefined} */
	let httpServer;
	net.Server.prototype.listen = function listenOnLoopback(...args) {
		net.Server.prototype.listen = originalListen;
		httpServer = this;
		const callback = args.find((arg) => typeof arg === 'function');
		return originalListen.call(this, { port: 0, host: '127.0.0.1' }, callback);
	};
	try {
		server.start({ region: 'us-east-1' });
	} finally {
		net.Server.prototype.listen = originalListen;
	}
	const listening = httpServer;
	if (!listening) throw new Error('stepfunctions-local did not start a server');
	if (!listening.listening) await new Promise((resolve) => listening.once('listening', resolve));
	const { address, port } = listening.address();
	if (address !== '127.0.0.1') throw new Error(`stepfunctions-local bound ${address}, not loopback`);
	return {
		endpoint: `http://127.0.0.1:${port}`,
		port,
		stop: () =>
			new Promise((resolve) => {
				listening.closeAllConnections?.();
				listening.close(() => resolve());
			}),
	};
}

module.exports = { startStepFunctionsLocal };
