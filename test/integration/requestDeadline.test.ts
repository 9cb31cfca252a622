import * as http from 'http';
import * as net from 'net';

import { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';

/**
 * Requests that stall where no answer comes to end them: a server that sends its headers and then never ends
 * the body, and one that accepts the connection and never answers at all. However the HTTP layer's own timeout
 * behaves, each attempt ends within about Request Timeout + 2 s (aws/client.ts, the per-attempt deadline), the
 * item fails as "did not answer in time", and a cancelled run ends at once.
 */

interface Attempt {
	openedAt: number;
	closedAt?: number;
}

interface HangingServer {
	endpoint: string;
	attempts: Attempt[];
	stop(): Promise<void>;
}

/**
 * Answers every request with its headers and the first byte of a body it never finishes. With `trickle`, one
 * more byte every 300 ms keeps the connection busy, so that an idle-socket timeout never fires: only a deadline
 * of the node's own can end the wait.
 */
async function startBodyThatNeverEnds(trickle: boolean): Promise<HangingServer> {
	const attempts: Attempt[] = [];
	const server = http.createServer((request, response) => {
		const attempt: Attempt = { openedAt: Date.now() };
		attempts.push(attempt);
		request.resume();
		response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
		response.write('{');
		const timer = trickle ? setInterval(() => response.write(' '), 300) : undefined;
		response.on('close', () => {
			clearInterval(timer);
			attempt.closedAt = Date.now();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		attempts,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Accepts connections and never reads or writes a byte. */
async function startSilentServer(): Promise<HangingServer> {
	const attempts: Attempt[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		const attempt: Attempt = { openedAt: Date.now() };
		attempts.push(attempt);
		sockets.add(socket);
		// Reads (and drops) what comes, so that the client's closing is seen; never writes.
		socket.resume();
		socket.on('error', () => undefined);
		socket.on('close', () => (attempt.closedAt = Date.now()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		attempts,
		stop: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

const SERVERS: Array<[string, () => Promise<HangingServer>]> = [
	['headers, then a body that never ends (a byte every 300 ms keeps the connection busy)', () => startBodyThatNeverEnds(true)],
	['headers, then silence', () => startBodyThatNeverEnds(false)],
	['a connection accepted and never answered', startSilentServer],
];

let server: HangingServer | undefined;
afterEach(async () => {
	await server?.stop();
	server = undefined;
});

function runNode(endpoint: string, requestOptions: object, onError: OnError, cancelSignal?: AbortSignal) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIADEADLINE', secretAccessKey: 'deadline-secret', customEndpoint: true, endpoint };
	const items = [{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: 'token-1', requestOptions }];
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError, cancelSignal }));
}

const TIMEOUT_S = 1;
/** The node's own deadline per attempt: the Request Timeout plus 2 s of leeway. */
const ATTEMPT_BOUND_MS = (TIMEOUT_S + 2) * 1000;

describe.each(SERVERS)('%s', (label, start) => {
	/** One item with Request Timeout 1 s and Retry Attempts 1, run once for the two tests that read it. */
	let outcome: Promise<{ item: { json: object }; elapsed: number; held: number[]; stillOpen: number; endpoint: string; attempts: number }> | undefined;
	const failedItem = () =>
		(outcome ??= (async () => {
			const hanging = await start();
			try {
				const started = Date.now();
				const [[item]] = await runNode(hanging.endpoint, { timeoutSeconds: TIMEOUT_S, retryAttempts: 1 }, 'continueErrorOutput');
				const elapsed = Date.now() - started;
				// The server sees a closed connection a moment after the client closed it.
				await new Promise((resolve) => setTimeout(resolve, 200));
				const held = hanging.attempts.map((attempt) => (attempt.closedAt ?? Date.now()) - attempt.openedAt);
				// Read before the server is stopped, which closes what is left.
				const stillOpen = hanging.attempts.filter((attempt) => attempt.closedAt === undefined).length;
				console.log(`${label}: item failed after ${elapsed} ms; the server held the attempts ${held.join(' ms, ')} ms; ${stillOpen} still open`);
				return { item, elapsed, held, stillOpen, endpoint: hanging.endpoint, attempts: hanging.attempts.length };
			} finally {
				await hanging.stop();
			}
		})());

	it('the item fails within about Request Timeout + 2 s per attempt, worded as no answer in time', async () => {
		const { item, elapsed, endpoint, attempts } = await failedItem();
		expect(item.json).toEqual({
			error: `Step Functions at ${endpoint} did not answer in time`,
			message: expect.stringContaining('(error TimeoutError)'),
		});
		// Retry Attempts 1: two attempts, then the item fails.
		expect(attempts).toBe(2);
		// Two attempts and one backoff pause (at most 0.1 s before the first retry).
		expect(elapsed).toBeLessThan(2 * ATTEMPT_BOUND_MS + 1_000);
	}, 15_000);

	// The deadline aborts the request itself (aws/client.ts hands n8n a signal that the deadline fires), so a server
	// that keeps trickling bytes does not keep abandoned attempts open. (In a workflow run n8n may hand the run's
	// own cancel signal in its place; the test helper honours the node's, as n8n does for triggers.)
	it('every attempt\'s connection is closed by the node within its bound, none left open', async () => {
		const { held, stillOpen } = await failedItem();
		expect(stillOpen).toBe(0);
		for (const duration of held) expect(duration).toBeLessThan(ATTEMPT_BOUND_MS + 500);
	}, 15_000);

	it('a cancel of the run ends the waiting request at once', async () => {
		server = await start();
		const cancel = new AbortController();
		// A long Request Timeout: only the cancel can end the wait in time.
		const run = runNode(server.endpoint, { timeoutSeconds: 30, retryAttempts: 2 }, 'stopWorkflow', cancel.signal).then(
			() => undefined,
			(error: unknown) => error,
		);
		while (server.attempts.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const cancelledAt = Date.now();
		cancel.abort();
		const error = await run;
		const ended = Date.now() - cancelledAt;
		console.log(`${label}: the run ended ${ended} ms after the cancel`);
		expect(ended).toBeLessThan(1_000);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('The workflow run was cancelled');
		expect(server.attempts).toHaveLength(1);
		// The request itself was ended, not left open behind the run.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(server.attempts[0].closedAt).toBeDefined();
	}, 15_000);
});
