import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Loopback stand-ins for what runs around a Step Functions call: STS (AssumeRole, answered in XML as the real
 * STS answers), a Step Functions stub that records who signed, an ECS/EKS container credentials endpoint (which
 * the removed System Credentials read: tests prove nothing asks it any more), and a forward proxy that counts
 * what passes through it. All listen on 127.0.0.1 and forward to 127.0.0.1 only.
 */

/** Listens on a free loopback port. */
export function listen(server: net.Server): Promise<number> {
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Closes a server and every connection it holds. */
export function close(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});
}

export function readBody(request: http.IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => resolve(text));
	});
}

/** A DescribeStateMachine answer for the ARN asked about: an active STANDARD machine with one Pass state. */
export function describedMachine(stateMachineArn: unknown): Record<string, unknown> {
	return {
		stateMachineArn,
		name: String(stateMachineArn).split(':').pop(),
		status: 'ACTIVE',
		definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
		roleArn: 'arn:aws:iam::123456789012:role/sfn',
		type: 'STANDARD',
		creationDate: 1_700_000_000,
	};
}

/** The access key id of a SigV4 Authorization header (Credential=<key>/<date>/<region>/<service>/aws4_request). */
export function signingKeyOf(authorization: string | undefined): string | undefined {
	return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The region and service a SigV4 Authorization header is scoped to. */
export function signingScopeOf(authorization: string | undefined): { region: string; service: string } | undefined {
	const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
	return match ? { region: match[1], service: match[2] } : undefined;
}

export interface TemporaryKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	expiration: Date;
}

/** A request that reached the STS stub. */
export interface StsCall {
	action: string;
	/** The query parameters of the call (form body), e.g. RoleArn, RoleSessionName, ExternalId, WebIdentityToken */
	params: Record<string, string>;
	/** The access key that signed it; undefined for unsigned calls (AssumeRoleWithWebIdentity) */
	signedBy?: string;
	/** The caller's session token (x-amz-security-token) */
	sessionToken?: string;
	region?: string;
}

/** How the stub answers one call: new temporary keys (valid for `validForMs`), or an STS error. */
export type StsAnswer = { validForMs?: number } | { error: string; message: string; status?: number };

export interface StsStub {
	endpoint: string;
	calls: StsCall[];
	/** Every set of keys the stub handed out, in order */
	issued: TemporaryKeys[];
	/** Sets how the following calls are answered (default: keys valid for an hour) */
	answerWith(answer: StsAnswer | ((call: StsCall) => StsAnswer)): void;
	stop(): Promise<void>;
}

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** STS on loopback, speaking its Query protocol: form-encoded parameters in, XML out. */
export async function startStsStub(): Promise<StsStub> {
	const calls: StsCall[] = [];
	const issued: TemporaryKeys[] = [];
	let answer: StsAnswer | ((call: StsCall) => StsAnswer) = {};
	const server = http.createServer((request, response) => {
		void readBody(request).then((text) => {
			const params = Object.fromEntries(new URLSearchParams(text));
			const authorization = request.headers.authorization;
			const call: StsCall = {
				action: params.Action ?? '',
				params,
				signedBy: signingKeyOf(authorization),
				sessionToken: request.headers['x-amz-security-token'] as string | undefined,
				region: signingScopeOf(authorization)?.region,
			};
			calls.push(call);
			const given = typeof answer === 'function' ? answer(call) : answer;
			const requestId = `req-${calls.length}-0000-4000-8000-000000000000`;
			response.setHeader('content-type', 'text/xml');
			response.setHeader('x-amzn-requestid', requestId);
			if ('error' in given) {
				response.writeHead(given.status ?? 403);
				response.end(
					`<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type><Code>${given.error}</Code><Message>${xmlEscape(given.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
				);
				return;
			}
			const n = issued.length + 1;
			const keys: TemporaryKeys = {
				accessKeyId: `ASIAROLE${String(n).padStart(12, '0')}`,
				secretAccessKey: `role-secret-${n}-${Math.random().toString(36).slice(2)}`,
				sessionToken: `role-session-token-${n}-${Math.random().toString(36).slice(2)}`,
				// STS states expirations to the second
				expiration: new Date(Math.floor((Date.now() + (given.validForMs ?? 3_600_000)) / 1000) * 1000),
			};
			issued.push(keys);
			const action = call.action === 'AssumeRoleWithWebIdentity' ? 'AssumeRoleWithWebIdentity' : 'AssumeRole';
			const roleName = (params.RoleArn ?? '').split('/').pop() ?? 'role';
			const extra =
				action === 'AssumeRoleWithWebIdentity'
					? '<SubjectFromWebIdentityToken>system:serviceaccount:n8n:n8n</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>oidc.eks.local</Provider>'
					: '';
			response.writeHead(200);
			response.end(
				`<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${extra}<Credentials><AccessKeyId>${keys.accessKeyId}</AccessKeyId><SecretAccessKey>${keys.secretAccessKey}</SecretAccessKey><SessionToken>${keys.sessionToken}</SessionToken><Expiration>${keys.expiration.toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${xmlEscape(roleName)}/${xmlEscape(params.RoleSessionName ?? '')}</Arn><AssumedRoleId>AROA0000000000EXAMPLE:${xmlEscape(params.RoleSessionName ?? '')}</AssumedRoleId></AssumedRoleUser><PackedPolicySize>6</PackedPolicySize></${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
			);
		});
	});
	const port = await listen(server);
	return {
		endpoint: `http://127.0.0.1:${port}`,
		calls,
		issued,
		answerWith: (next) => {
			answer = next;
		},
		stop: () => close(server),
	};
}

/** A Step Functions request as the SFN stub saw it. */
export interface SignedRequest {
	action: string;
	signedBy?: string;
	sessionToken?: string;
	/** Set when the request came through a proxy that added it (it must not reach the endpoint) */
	proxyAuthorization?: string;
}

export interface SfnStub {
	endpoint: string;
	requests: SignedRequest[];
	/** Requests in flight at most at one time */
	maxInFlight: number;
	stop(): Promise<void>;
}

/**
 * Step Functions on loopback for ListStateMachines, DescribeStateMachine and the task callbacks, recording which
 * key signed each request. Each answer waits `delayMs`, so that concurrent requests overlap. With `tls`, it
 * serves https with that certificate.
 */
export async function startSignedSfnStub(options: { delayMs?: number; tls?: { key: Buffer; cert: Buffer } } = {}): Promise<SfnStub> {
	const requests: SignedRequest[] = [];
	let inFlight = 0;
	const stub = { maxInFlight: 0 };
	const handler = (request: http.IncomingMessage, response: http.ServerResponse) => {
		inFlight++;
		stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
		void readBody(request).then((text) => {
			const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			requests.push({
				action,
				signedBy: signingKeyOf(request.headers.authorization),
				sessionToken: request.headers['x-amz-security-token'] as string | undefined,
				proxyAuthorization: request.headers['proxy-authorization'],
			});
			const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
			const answer =
				action === 'ListStateMachines'
					? { stateMachines: [] }
					: action === 'DescribeStateMachine'
						? describedMachine(body.stateMachineArn)
						: {};
			setTimeout(() => {
				inFlight--;
				response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
				response.end(JSON.stringify(answer));
			}, options.delayMs ?? 0);
		});
	};
	const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
	const port = await listen(server);
	return {
		endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		requests,
		get maxInFlight() {
			return stub.maxInFlight;
		},
		stop: () => close(server),
	};
}

export interface CredentialsEndpoint {
	url: string;
	/** The Authorization header of each request (AWS_CONTAINER_AUTHORIZATION_TOKEN) */
	requests: Array<{ path: string; authorization?: string }>;
	keys: TemporaryKeys;
	stop(): Promise<void>;
}

function newKeys(prefix: string): TemporaryKeys {
	const random = Math.random().toString(36).slice(2);
	return {
		accessKeyId: `ASIA${prefix}${random.toUpperCase().slice(0, 8)}`,
		secretAccessKey: `${prefix.toLowerCase()}-secret-${random}`,
		sessionToken: `${prefix.toLowerCase()}-session-token-${random}`,
		expiration: new Date(Date.now() + 3_600_000),
	};
}

/** The ECS task role / EKS Pod Identity endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI), answering JSON. */
export async function startContainerCredentials(): Promise<CredentialsEndpoint> {
	const keys = newKeys('ECS');
	const requests: CredentialsEndpoint['requests'] = [];
	const server = http.createServer((request, response) => {
		requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(
			JSON.stringify({
				AccessKeyId: keys.accessKeyId,
				SecretAccessKey: keys.secretAccessKey,
				Token: keys.sessionToken,
				Expiration: keys.expiration.toISOString(),
				RoleArn: 'arn:aws:iam::123456789012:role/ecs-task',
			}),
		);
	});
	const port = await listen(server);
	return { url: `http://127.0.0.1:${port}/v2/credentials/task`, requests, keys, stop: () => close(server) };
}

export interface ProxyOptions {
	/** Basic proxy authentication the proxy asks for (HTTP 407 without it) */
	auth?: { user: string; password: string };
	/** Answers every CONNECT with this status instead of opening the tunnel */
	refuseConnect?: number;
}

export interface CountingProxy {
	url: string;
	port: number;
	/** TCP connections accepted from clients */
	connections: number;
	/** Client connections open at most at one time */
	maxOpenConnections: number;
	/** CONNECT requests (https), with their target */
	connects: string[];
	/** Absolute-form requests (http), with their URL */
	forwarded: string[];
	/** Proxy-Authorization headers received (CONNECT and absolute-form) */
	proxyAuthorizations: string[];
	/** Answers of 407 given */
	refusedForAuth: number;
	stop(): Promise<void>;
}

/** The targets the proxy forwards to, always at 127.0.0.1 (it looks up no name); anything else gets 403. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);

/**
 * A forward proxy: absolute-form requests for http:// targets, CONNECT tunnels for https:// targets. It
 * forwards only to 127.0.0.1 and counts what passes.
 */
export async function startCountingProxy(options: ProxyOptions = {}): Promise<CountingProxy> {
	const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` : undefined;
	let open = 0;
	// Every socket, tunnels included: a CONNECT tunnel is no longer the server's, and server.close() would wait for it.
	const sockets = new Set<net.Socket>();
	const track = (socket: net.Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	};
	const proxy = {
		connections: 0,
		maxOpenConnections: 0,
		connects: [] as string[],
		forwarded: [] as string[],
		proxyAuthorizations: [] as string[],
		refusedForAuth: 0,
	};
	const authorized = (request: http.IncomingMessage) => {
		const given = request.headers['proxy-authorization'];
		if (given) proxy.proxyAuthorizations.push(given);
		return expected === undefined || given === expected;
	};
	const server = http.createServer((request, response) => {
		proxy.forwarded.push(request.url ?? '');
		if (!authorized(request)) {
			proxy.refusedForAuth++;
			response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-type': 'text/html' });
			response.end('<html><body>407 Proxy Authentication Required</body></html>');
			return;
		}
		let target: URL;
		try {
			target = new URL(request.url ?? '');
		} catch {
			response.writeHead(400);
			response.end('not an absolute-form request');
			return;
		}
		if (!LOOPBACK_NAMES.has(target.hostname)) {
			response.writeHead(403);
			response.end('this proxy forwards to 127.0.0.1 only');
			return;
		}
		const headers = { ...request.headers };
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const upstream = http.request(
			{ host: '127.0.0.1', port: target.port, method: request.method, path: `${target.pathname}${target.search}`, headers },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		upstream.on('error', () => {
			response.writeHead(502);
			response.end('upstream unreachable');
		});
		request.pipe(upstream);
	});
	server.on('connection', (socket: net.Socket) => {
		proxy.connections++;
		track(socket);
		open++;
		proxy.maxOpenConnections = Math.max(proxy.maxOpenConnections, open);
		socket.once('close', () => open--);
	});
	server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		proxy.connects.push(request.url ?? '');
		client.on('error', () => client.destroy());
		if (!authorized(request)) {
			proxy.refusedForAuth++;
			client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const [host, port] = (request.url ?? '').split(':');
		if (options.refuseConnect || !LOOPBACK_NAMES.has(host)) {
			const status = options.refuseConnect ?? 403;
			const page = `<html><body>${status} ${http.STATUS_CODES[status] ?? 'Refused'}</body></html>`;
			client.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(page)}\r\n\r\n${page}`);
			return;
		}
		const upstream = net.connect(Number(port), '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		track(upstream);
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
	});
	const port = await listen(server);
	const stop = () => {
		for (const socket of sockets) socket.destroy();
		return close(server);
	};
	return Object.assign(proxy, { url: `http://127.0.0.1:${port}`, port, stop });
}

/** A self-signed certificate for localhost and 127.0.0.1 (openssl), in a folder of its own; remove() deletes it. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer; certFile: string; remove(): void } {
	const directory = mkdtempSync(join(tmpdir(), 'sfn-access-tls-'));
	const keyFile = join(directory, 'key.pem');
	const certFile = join(directory, 'cert.pem');
	execFileSync(
		'openssl',
		['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', keyFile, '-out', certFile],
		{ stdio: 'ignore' },
	);
	return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * Sets environment variables (undefined deletes one) and returns what restores them. The SDK's default chain
 * and the proxy rules read the environment at call time.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
	const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
	applyEnv(process.env, values);
	return () => applyEnv(process.env, before);
}

/** Writes variables into an environment object; undefined removes one. */
export function applyEnv(env: NodeJS.ProcessEnv, values: Record<string, string | undefined>): NodeJS.ProcessEnv {
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined) Reflect.deleteProperty(env, name);
		else env[name] = value;
	}
	return env;
}

/**
 * Every variable through which the SDK's default chain or the proxy rules could find something of this machine
 * (or aim at an address off loopback): cleared, the shared config files pointed at nothing and instance metadata
 * pointed at a closed loopback port.
 */
export function isolatedAwsEnv(closedPort: number): Record<string, string | undefined> {
	const missing = join(tmpdir(), 'sfn-access-no-such-aws-config');
	return {
		AWS_ACCESS_KEY_ID: undefined,
		AWS_SECRET_ACCESS_KEY: undefined,
		AWS_SESSION_TOKEN: undefined,
		AWS_CREDENTIAL_EXPIRATION: undefined,
		AWS_PROFILE: undefined,
		AWS_DEFAULT_PROFILE: undefined,
		AWS_SHARED_CREDENTIALS_FILE: `${missing}/credentials`,
		AWS_CONFIG_FILE: `${missing}/config`,
		AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
		AWS_ROLE_ARN: undefined,
		AWS_ROLE_SESSION_NAME: undefined,
		AWS_ENDPOINT_URL: undefined,
		AWS_ENDPOINT_URL_STS: undefined,
		// The SDK would send elsewhere than the endpoint the node names (and matches against NO_PROXY).
		AWS_ENDPOINT_URL_SFN: undefined,
		AWS_USE_FIPS_ENDPOINT: undefined,
		AWS_USE_DUALSTACK_ENDPOINT: undefined,
		AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
		AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
		AWS_CONTAINER_AUTHORIZATION_TOKEN: undefined,
		AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: undefined,
		AWS_EC2_METADATA_DISABLED: undefined,
		AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${closedPort}`,
		AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: undefined,
		AWS_EC2_METADATA_V1_DISABLED: undefined,
		N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: undefined,
		HTTPS_PROXY: undefined,
		https_proxy: undefined,
		HTTP_PROXY: undefined,
		http_proxy: undefined,
		ALL_PROXY: undefined,
		all_proxy: undefined,
		NO_PROXY: undefined,
		no_proxy: undefined,
		npm_config_https_proxy: undefined,
		npm_config_http_proxy: undefined,
		npm_config_proxy: undefined,
	};
}

export { everyText } from './everyText';
