import * as net from 'net';

import { NodeApiError } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	JsonObject,
} from 'n8n-workflow';

import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { awsStepFunctionsApiTest } from '../../nodes/shared/methods/credentialTest';
import { everyText } from '../helpers/everyText';
import { credentialTest as n8nCredentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { legacyRequest, n8nHttpRequest } from '../helpers/n8nHttp';
import { closedLoopbackPort, startRawStub, startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { RawReply, RawRequest, RawStub } from '../helpers/stubStepFunctions';

/**
 * AWS signature errors quote the canonical request they computed: the x-amz-security-token header (the
 * session token) and the Authorization header (the signature) included; a misbehaving endpoint may even echo
 * the secret key, in its message or its error code (`__type`). None of it may reach the thrown error (in any
 * property, enumerable or not, its cause, its stack or how it is logged), a continue-on-fail item or the
 * credential test's message. A loopback server answers every request with such a message, built from the
 * headers the node really sent. And when n8n's HTTP helper itself fails (a reset, a timeout, a refused
 * connection), its NodeApiError carries the signed request in its cause: the node must never pass that on.
 */
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY+SeCrEt-9f3a';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD+SeSsIoN/ToKeN+7b2e==';
const ACCESS_KEY_ID = 'AKIASECRETSTEST00001';
const credentialType = new AwsStepFunctionsApi();

let stub: RawStub;
/**
 * The error code and how it travels: in the body's __type, or in the x-amzn-errortype header only. With
 * `codeEchoes`, the code itself quotes a secret of the request.
 */
let answerWith: { code: string; status: number; viaHeader: boolean; codeEchoes?: 'secret' | 'token' | 'authorization' };

function signatureOf(request: RawRequest): string {
	const signature = /Signature=([0-9a-f]+)/.exec(String(request.headers.authorization))?.[1];
	if (!signature) throw new Error('The node sent no signature');
	return signature;
}

/** What AWS says about a signature it refuses, with the request's own credential-bearing headers quoted. */
function quotingMessage(request: RawRequest): string {
	const h = request.headers;
	const token = String(h['x-amz-security-token']);
	return [
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
		'',
		'The Canonical String for this request should have been',
		"'POST",
		'/',
		'',
		`content-type:${String(h['content-type'])}`,
		`host:${String(h.host)}`,
		`x-amz-date:${String(h['x-amz-date'])}`,
		`x-amz-security-token:${token}`,
		`x-amz-target:${String(h['x-amz-target'])}`,
		'',
		'content-type;host;x-amz-date;x-amz-security-token;x-amz-target',
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
		'',
		`Authorization: ${String(h.authorization)}`,
		`Presigned form: ?X-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-Signature=${signatureOf(request)}`,
		`Secret key on file: ${SECRET_ACCESS_KEY}`,
	].join('\n');
}

function reply(request: RawRequest): RawReply {
	const message = quotingMessage(request);
	const { status, viaHeader, codeEchoes } = answerWith;
	const echoed = { secret: SECRET_ACCESS_KEY, token: String(request.headers['x-amz-security-token']), authorization: String(request.headers.authorization) };
	const code = codeEchoes ? `${answerWith.code}${echoed[codeEchoes]}` : answerWith.code;
	return viaHeader
		? {
				status,
				headers: { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
				body: JSON.stringify({ message }),
			}
		: { status, body: JSON.stringify({ __type: code, message }) };
}

beforeEach(async () => {
	stub = await startRawStub(reply);
});
afterEach(async () => {
	await stub.stop();
});

function credentialsFor(endpoint: string) {
	return {
		region: 'us-east-1',
		accessKeyId: ACCESS_KEY_ID,
		secretAccessKey: SECRET_ACCESS_KEY,
		temporaryCredentials: true,
		sessionToken: SESSION_TOKEN,
		customEndpoint: true,
		endpoint,
	};
}

function run(endpoint: string, onError: OnError) {
	const items = [
		{ resource: 'task', operation: 'sendTaskSuccess', taskToken: 'token-1', output: '{"ok":true}', requestOptions: { retryAttempts: 0 } },
	];
	return new AwsStepFunctions().execute.call(executeContext({ credentials: credentialsFor(endpoint), items, onError }));
}

/** The credential's Test button, as n8n calls it (its `request` helper sends what the test signed). */
function credentialTest(endpoint: string): Promise<INodeCredentialTestResult> {
	return n8nCredentialTest(credentialsFor(endpoint));
}

function expectNoSecrets(text: string) {
	const signatures = stub.requests.map(signatureOf);
	expect(signatures.length).toBeGreaterThan(0);
	expect(text).not.toContain(SECRET_ACCESS_KEY);
	expect(text).not.toContain(SESSION_TOKEN);
	expect(text).not.toContain(encodeURIComponent(SESSION_TOKEN));
	for (const signature of signatures) expect(text).not.toContain(signature);
}

const CASES: Array<[string, number, boolean]> = [
	['InvalidSignatureException', 400, false],
	['InvalidSignatureException', 403, true],
	['SignatureDoesNotMatch', 403, false],
	['SignatureDoesNotMatch', 400, true],
	['IncompleteSignatureException', 400, false],
	['IncompleteSignatureException', 403, true],
	['SomethingNew', 403, false],
	['SomethingNew', 400, true],
];

describe.each(CASES)('an answer %s (HTTP %d, code in header only: %s) that quotes the credentials', (code, status, viaHeader) => {
	beforeEach(() => {
		answerWith = { code, status, viaHeader };
	});

	it('stop mode: the thrown error holds no secret key, session token or signature anywhere', async () => {
		const error = await rejection(run(stub.endpoint, 'stopWorkflow'));
		const text = everyText(error);
		// The error is the AWS answer's (not some unrelated failure before sending): it names the code.
		expect(text).toContain(code);
		// The request really carried the session token the answer quotes.
		expect(stub.requests[0].headers['x-amz-security-token']).toBe(SESSION_TOKEN);
		expectNoSecrets(text);
	});

	it('continue-on-fail: the error item holds none of them', async () => {
		const [main] = await run(stub.endpoint, 'continueErrorOutput');
		expect(main).toHaveLength(1);
		expect(Object.keys(main[0].json).sort()).toEqual(['error', 'message']);
		const text = everyText(main);
		expect(text).toContain(code);
		expectNoSecrets(text);
	});

	it('credential test: the message holds none of them', async () => {
		const result = await credentialTest(stub.endpoint);
		expect(result.status).toBe('Error');
		expectNoSecrets(everyText(result));
	});
});

describe.each([
	['the secret key', 'secret', false],
	['the session token', 'token', false],
	['the Authorization header (its signature)', 'authorization', false],
	['the session token, in the x-amzn-errortype header', 'token', true],
] as const)('an error code (__type) that quotes %s', (_label, codeEchoes, viaHeader) => {
	beforeEach(() => {
		answerWith = { code: 'Echo', status: 400, viaHeader, codeEchoes };
	});

	it('stop mode, continue-on-fail and the credential test: none of the secrets shows', async () => {
		const error = await rejection(run(stub.endpoint, 'stopWorkflow'));
		const [main] = await run(stub.endpoint, 'continueErrorOutput');
		const tested = await credentialTest(stub.endpoint);
		expect(tested.status).toBe('Error');
		expect(Object.keys(main[0].json).sort()).toEqual(['error', 'message']);
		// It is the server's answer that is worded (not some failure before sending): its code's start is there.
		expect(everyText(error)).toContain('Echo');
		for (const text of [everyText(error), everyText(main), everyText(tested)]) expectNoSecrets(text);
	});
});

describe("n8n's HTTP helper fails: its NodeApiError holds the signed request, the node's error never does", () => {
	/**
	 * n8n's httpRequestWithAuthentication, failing as n8n does: a NodeApiError around axios's error, whose config
	 * holds the signed headers (Authorization, X-Amz-Security-Token). Where n8n keeps that error differs: as the
	 * cause (an Error of the same realm), or as errorResponse (a plain object). Both are made here; the shared
	 * stand-in (test/helpers/n8nHttp.ts) keeps neither with n8n-workflow 1.99, whose ExecutionBaseError field
	 * `cause` overwrites the native one.
	 */
	function failingAsN8nDoes(kept: 'cause' | 'errorResponse', thrown: unknown[]) {
		return async function (this: { getNode(): INode }, _type: string, options: IHttpRequestOptions, extra?: IAdditionalCredentialOptions) {
			const data = extra?.credentialsDecrypted?.data as ICredentialDataDecryptedObject;
			const signed = await (credentialType.authenticate as (d: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(data, options);
			try {
				return await n8nHttpRequest(signed);
			} catch (error) {
				const axiosError = error as Error & { toJSON?: () => object; config?: unknown };
				const wrapped =
					kept === 'cause'
						? Object.assign(new NodeApiError(this.getNode(), axiosError as unknown as JsonObject), { cause: axiosError })
						: new NodeApiError(this.getNode(), { ...(axiosError.toJSON?.() ?? {}), config: axiosError.config } as unknown as JsonObject);
				thrown.push(wrapped);
				throw wrapped;
			}
		};
	}

	function runWith(endpoint: string, onError: OnError, requestOptions: object, kept: 'cause' | 'errorResponse') {
		const items = [{ resource: 'task', operation: 'sendTaskSuccess', taskToken: 'token-1', output: '{"ok":true}', requestOptions }];
		const context = executeContext({ credentials: credentialsFor(endpoint), items, onError }) as IExecuteFunctions & { helpers: Record<string, unknown> };
		const thrown: unknown[] = [];
		context.helpers = { ...context.helpers, httpRequestWithAuthentication: failingAsN8nDoes(kept, thrown) };
		return { running: new AwsStepFunctions().execute.call(context), thrown };
	}

	async function silentServer(): Promise<{ endpoint: string; stop(): Promise<void> }> {
		const sockets = new Set<net.Socket>();
		const server = net.createServer((socket) => {
			sockets.add(socket);
			socket.resume();
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return {
			endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
			stop: () =>
				new Promise<void>((resolve) => {
					for (const socket of sockets) socket.destroy();
					server.close(() => resolve());
				}),
		};
	}

	const FAILURES: Array<[string, () => Promise<{ endpoint: string; stop(): Promise<void> }>, RegExp]> = [
		[
			'the connection is reset',
			async () => {
				const resetting = await startStubStepFunctions();
				resetting.answer('SendTaskSuccess', { resetConnection: true });
				resetting.answer('ListStateMachines', { resetConnection: true });
				return resetting;
			},
			/was reset/,
		],
		['no answer in time', silentServer, /did not answer in time/],
		['the connection is refused', async () => ({ endpoint: `http://127.0.0.1:${await closedLoopbackPort()}`, stop: async () => undefined }), /connection refused/],
	];

	// A silent endpoint is left out: the credential test waits the default 3 attempts of 30 s.
	it.each(FAILURES.filter(([label]) => label !== 'no answer in time'))("%s: the credential test (n8n's request helper fails with the signed request in its error) shows none of it", async (_label, start, wording) => {
		const failing = await start();
		try {
			// n8n's `request` helper for credential tests, with what it throws recorded.
			const thrown: unknown[] = [];
			const request = async (options: Parameters<typeof legacyRequest>[0]) => {
				try {
					return await legacyRequest(options);
				} catch (error) {
					thrown.push(error);
					throw error;
				}
			};
			const credential: ICredentialsDecrypted = { id: '1', name: 'AWS', type: 'awsStepFunctionsApi', data: credentialsFor(failing.endpoint) };
			const tested = await awsStepFunctionsApiTest.call({ helpers: { request } } as unknown as ICredentialTestFunctions, credential);
			// The premise: what n8n's helper threw carried the signed request.
			expect(everyText(thrown[0])).toContain(SESSION_TOKEN);
			expect(everyText(thrown[0])).toMatch(/AWS4-HMAC-SHA256 Credential=/);

			expect(tested.status).toBe('Error');
			expect(tested.message).toMatch(wording);
			const text = everyText(tested);
			expect(text).not.toContain(SESSION_TOKEN);
			expect(text).not.toContain(encodeURIComponent(SESSION_TOKEN));
			expect(text).not.toContain(SECRET_ACCESS_KEY);
			expect(text).not.toMatch(/AWS4-HMAC-SHA256|Signature=[0-9a-f]{64}/);
		} finally {
			await failing.stop();
		}
	});

	describe.each(['cause', 'errorResponse'] as const)("n8n's error keeps axios's error as its %s", (kept) => {
		it.each(FAILURES)('%s: stop mode and continue-on-fail show none of the signed request', async (_label, start, wording) => {
			const failing = await start();
			try {
				const stopped = runWith(failing.endpoint, 'stopWorkflow', { retryAttempts: 1, timeoutSeconds: 1 }, kept);
				const error = await rejection(stopped.running);
				const continued = runWith(failing.endpoint, 'continueErrorOutput', { retryAttempts: 0, timeoutSeconds: 1 }, kept);
				const [main] = await continued.running;

				// The premise: what n8n threw carried the signed request (the session token, the Authorization header).
				expect(stopped.thrown.length).toBeGreaterThanOrEqual(1);
				const raw = everyText(stopped.thrown[0]);
				expect(raw).toContain(SESSION_TOKEN);
				expect(raw).toMatch(/AWS4-HMAC-SHA256 Credential=AKIASECRETSTEST00001\/\d{8}\/us-east-1\/states\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}/);

				expect(error.message).toMatch(wording);
				expect(main[0].json.error).toMatch(wording);
				// The node's errors are its own: n8n's is neither their cause nor anywhere inside them.
				for (const text of [everyText(error), everyText(main)]) {
					expect(text).not.toContain(SESSION_TOKEN);
					expect(text).not.toContain(encodeURIComponent(SESSION_TOKEN));
					expect(text).not.toContain(SECRET_ACCESS_KEY);
					expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
					expect(text).not.toMatch(/AWS4-HMAC-SHA256/);
				}
			} finally {
				await failing.stop();
			}
		}, 15_000);
	});
});

describe('a custom endpoint with user:password in its URL', () => {
	const PASSWORD = 'hunter2-PaSsWoRd-5ecret';

	async function refusedEndpoint(userInfo: string) {
		return `http://${userInfo}@127.0.0.1:${await closedLoopbackPort()}`;
	}

	it('refused before sending (n8n would send it as Basic instead of the signature); stop mode, continue-on-fail and the credential test never show the password', async () => {
		const endpoint = await refusedEndpoint(`proxyuser:${PASSWORD}`);
		const refused = /credential is not usable: Endpoint may not hold a user name or password/;
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(error.message).toMatch(refused);
		expect(everyText(error)).not.toContain(PASSWORD);

		const [main] = await run(endpoint, 'continueRegularOutput');
		expect(main[0].json.error).toMatch(refused);
		expect(everyText(main)).not.toContain(PASSWORD);

		const result = await credentialTest(endpoint);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Endpoint may not hold a user name or password/);
		expect(everyText(result)).not.toContain(PASSWORD);
	});

	it('an endpoint refused by the credential check does not show the password either', async () => {
		const endpoint = `htp://proxyuser:${PASSWORD}@127.0.0.1:1`;
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(error.message).toMatch(/credential is not usable: Endpoint/);
		expect(everyText(error)).not.toContain(PASSWORD);
		const result = await credentialTest(endpoint);
		expect(result.status).toBe('Error');
		expect(everyText(result)).not.toContain(PASSWORD);
	});

	// URL parsing ends the user info at the last "@" (aws/endpoints.ts withoutUserInfo() does the same).
	it('a password with an unencoded "@" is not shown in part either', async () => {
		// WHATWG URL parsing takes the last "@" as the end of the user info, so the request goes to 127.0.0.1.
		const endpoint = await refusedEndpoint('proxyuser:hunter2@PaSsWoRd-5ecret');
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(everyText(error)).not.toContain('PaSsWoRd-5ecret');
		const result = await credentialTest(endpoint);
		expect(everyText(result)).not.toContain('PaSsWoRd-5ecret');
	});

	// An endpoint whose password holds an unencoded "/" is no URL: the credential check must not quote it whole.
	it('a password with an unencoded "/" is not shown by the credential check', async () => {
		const endpoint = 'http://proxyuser:hunter2/PaSsWoRd-5ecret@127.0.0.1:1';
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(error.message).toMatch(/credential is not usable: Endpoint/);
		expect(everyText(error)).not.toContain('hunter2');
		expect(everyText(error)).not.toContain('PaSsWoRd-5ecret');
	});
});
