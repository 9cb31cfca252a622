import * as net from 'net';

import { toNodeApiError } from '../../nodes/shared/helpers/errors';
import { createSfnSession, requestContext } from '../../nodes/shared/transport/sfnClient';
import { setEnv } from '../helpers/awsStandIns';

/**
 * Stands for a corporate proxy that refuses a CONNECT with a page shorter than its Content-Length and then
 * closes: https-proxy-agent hands the SDK a socket with that answer and no timeout of its own, so without a
 * deadline of the node's own the request never settles, whatever the Request Timeout says.
 */
async function startBrokenRefusalProxy(): Promise<{ port: number; connects: () => number; close(): void }> {
	let connects = 0;
	const server = net.createServer((socket) => {
		socket.once('data', () => {
			connects++;
			socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: 500\r\n\r\n<html>denied');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { port: (server.address() as net.AddressInfo).port, connects: () => connects, close: () => server.close() };
}

describe('a request that stalls without a timeout to end it', () => {
	it('ends after every attempt had its timeouts, worded as no answer in time, naming the proxy', async () => {
		const proxy = await startBrokenRefusalProxy();
		const restore = setEnv({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined });
		const session = await createSfnSession(
			{ region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key', customEndpoint: true, endpoint: 'https://localhost:9' },
			// One attempt of 1 s, connection included: the deadline is 2 s.
			{ maxConcurrency: 1, retryAttempts: 0, requestTimeoutMs: 1000 },
		);
		try {
			expect(session.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
			const started = Date.now();
			const error = await session.send(new session.sdk.ListStateMachinesCommand({})).then(
				() => undefined,
				(failure: unknown) => failure,
			);
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(proxy.connects()).toBe(1);
			const nodeError = toNodeApiError({ name: 'Step Functions', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' }, error, requestContext(session, 'ListStateMachines'));
			expect(nodeError.message).toBe(`Step Functions at https://localhost:9 did not answer in time through the proxy http://127.0.0.1:${proxy.port}`);
			expect(nodeError.description).toContain('(error TimeoutError)');
		} finally {
			session.close();
			restore();
			proxy.close();
		}
	}, 15_000);
});

describe('a cancel while the SDK waits for a body that never comes', () => {
	it('ends the request at once', async () => {
		const proxy = await startBrokenRefusalProxy();
		const restore = setEnv({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined });
		const cancel = new AbortController();
		const session = await createSfnSession(
			{ region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key', customEndpoint: true, endpoint: 'https://localhost:9' },
			{ maxConcurrency: 1, retryAttempts: 2, requestTimeoutMs: 30_000 },
			cancel.signal,
		);
		try {
			const pending = session.send(new session.sdk.ListStateMachinesCommand({})).then(
				() => undefined,
				(failure: unknown) => failure,
			);
			while (proxy.connects() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			const cancelledAt = Date.now();
			cancel.abort();
			const error = await pending;
			expect(Date.now() - cancelledAt).toBeLessThan(1_000);
			const nodeError = toNodeApiError({ name: 'Step Functions', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' }, error, requestContext(session, 'ListStateMachines'));
			expect(nodeError.message).toBe('The workflow run was cancelled');
		} finally {
			session.close();
			restore();
			proxy.close();
		}
	}, 15_000);
});
