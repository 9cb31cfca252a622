import * as http from 'http';
import * as https from 'https';
import { close, describedMachine, listen, readBody, signingKeyOf } from '../helpers/awsStandIns';

/**
 * Loopback Step Functions stubs for the e2e suites (JSON 1.0 protocol: X-Amz-Target: AWSStepFunctions.<Action>),
 * for what stepfunctions-local cannot show: TLS behind a proxy with every TCP connection counted, and a long poll
 * that never answers.
 */

function actionOf(request: http.IncomingMessage): string {
	return String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
}

export interface StubRequest {
	action: string;
	signedBy?: string;
	/** Present only if a proxy forwarded its own header (it must not reach the endpoint) */
	proxyAuthorization?: string;
}

export interface TlsStepFunctions {
	endpoint: string;
	requests: StubRequest[];
	/** TCP connections accepted, each before its TLS handshake: a request that bypassed a proxy adds one */
	readonly connections: number;
	stop(): Promise<void>;
}

/**
 * Step Functions over https with the given (self-signed) certificate: DescribeStateMachine and ListStateMachines
 * answered as the API reference shows them; every TCP connection counted.
 */
export async function startTlsStepFunctions(tls: { key: Buffer; cert: Buffer }): Promise<TlsStepFunctions> {
	const requests: StubRequest[] = [];
	let connections = 0;
	const server = https.createServer(tls, (request, response) => {
		void readBody(request).then((text) => {
			const action = actionOf(request);
			requests.push({
				action,
				signedBy: signingKeyOf(request.headers.authorization),
				proxyAuthorization: request.headers['proxy-authorization'],
			});
			const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
			const answer =
				action === 'DescribeStateMachine'
					? describedMachine(body.stateMachineArn)
					: action === 'ListStateMachines'
						? { stateMachines: [] }
						: undefined;
			response.writeHead(answer ? 200 : 400, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify(answer ?? { __type: 'UnknownOperationException', message: `stub has no ${action}` }));
		});
	});
	server.on('connection', () => connections++);
	const port = await listen(server);
	return {
		endpoint: `https://127.0.0.1:${port}`,
		requests,
		get connections() {
			return connections;
		},
		stop: () => close(server),
	};
}

export interface HangingActivityServer {
	endpoint: string;
	/** Every request, in order */
	requests: StubRequest[];
	/** GetActivityTask requests received */
	readonly polls: number;
	/** GetActivityTask requests whose connection is still open: never answered, so open until the client ends them */
	readonly openPolls: number;
	stop(): Promise<void>;
}

/**
 * Step Functions whose GetActivityTask never answers (a long poll held past any timeout, as a stalled network or
 * proxy would hold it); DescribeActivity answers, so that an Activity Trigger activates. Counts the polls still
 * open: a poll ends only when the client closes its connection.
 */
export async function startHangingActivityServer(): Promise<HangingActivityServer> {
	const requests: StubRequest[] = [];
	let polls = 0;
	let openPolls = 0;
	const server = http.createServer((request, response) => {
		void readBody(request).then((text) => {
			const action = actionOf(request);
			requests.push({ action, signedBy: signingKeyOf(request.headers.authorization) });
			if (action === 'GetActivityTask') {
				polls++;
				openPolls++;
				request.socket.once('close', () => openPolls--);
				return; // never answered
			}
			const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
			if (action === 'DescribeActivity') {
				response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end(JSON.stringify({ activityArn: body.activityArn, name: String(body.activityArn).split(':').pop(), creationDate: 1_700_000_000 }));
				return;
			}
			response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify({ __type: 'UnknownOperationException', message: `stub has no ${action}` }));
		});
	});
	const port = await listen(server);
	return {
		endpoint: `http://127.0.0.1:${port}`,
		requests,
		get polls() {
			return polls;
		},
		get openPolls() {
			return openPolls;
		},
		stop: () => close(server),
	};
}
