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
