import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A loopback HTTP server that speaks the Step Functions JSON protocol (X-Amz-Target: AWSStepFunctions.<Action>,
 * application/x-amz-json-1.0) for the actions stepfunctions-local lacks. It records every request and answers
 * as the API documents: a JSON body with HTTP 200, or {"__type": code, "message"} with HTTP 400.
 */
export interface RecordedRequest {
	action: string;
	host: string;
	body: Record<string, unknown>;
}

/** An answer: a JSON body (HTTP 200 unless status says otherwise), given after delayMs; or a reset connection. */
export interface StubReply {
	status?: number;
	body?: object;
	delayMs?: number;
	resetConnection?: boolean;
}

export type StubAnswer = StubReply | ((body: Record<string, unknown>) => StubReply);

export interface StubStepFunctions {
	endpoint: string;
	requests: RecordedRequest[];
	answer(action: string, answer: StubAnswer): void;
	stop(): Promise<void>;
}

export async function startStubStepFunctions(): Promise<StubStepFunctions> {
	const requests: RecordedRequest[] = [];
	const answers = new Map<string, StubAnswer>();
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
			requests.push({ action, host: String(request.headers.host), body });
			const configured = answers.get(action);
			const answer =
				typeof configured === 'function'
					? configured(body)
					: (configured ?? { status: 400, body: { __type: 'UnknownOperationException', message: `stub has no ${action}` } });
			if (answer.resetConnection) {
				request.socket.destroy();
				return;
			}
			const reply = () => {
				if (response.destroyed) return;
				response.writeHead(answer.status ?? 200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end(JSON.stringify(answer.body ?? {}));
			};
			if (answer.delayMs) setTimeout(reply, answer.delayMs);
			else reply();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		requests,
		answer: (action, answer) => answers.set(action, answer),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A request as it arrived on the wire, headers included (signature, session token, target). */
export interface RawRequest {
	action: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** An answer given verbatim: status, response headers and body text. */
export interface RawReply {
	status: number;
	headers?: Record<string, string>;
	body: string;
}

export interface RawStub {
	endpoint: string;
	requests: RawRequest[];
	stop(): Promise<void>;
}

/**
 * A loopback server that answers every request from a function of the raw request: for tests that need to
 * see what the SDK signed and sent (headers) or to answer with headers of their own (x-amzn-errortype).
 */
export async function startRawStub(reply: (request: RawRequest) => RawReply): Promise<RawStub> {
	const requests: RawRequest[] = [];
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			const raw = {
				action: String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', ''),
				headers: request.headers,
				body,
			};
			requests.push(raw);
			const answer = reply(raw);
			response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', ...answer.headers });
			response.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		requests,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A loopback port with nothing listening on it: connections to it are refused. */
export async function closedLoopbackPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
