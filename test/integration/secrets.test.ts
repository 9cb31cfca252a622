import { everyText } from '../helpers/everyText';

import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort, startRawStub } from '../helpers/stubStepFunctions';
import type { RawReply, RawRequest, RawStub } from '../helpers/stubStepFunctions';

/**
 * AWS signature errors quote the canonical request they computed: the x-amz-security-token header (the
 * session token) and the Authorization header (the signature) included; a misbehaving endpoint may even echo
 * the secret key. None of it may reach the thrown error (in any property, its cause, its stack or how it is
 * logged), a continue-on-fail item or the credential test's message. A loopback server answers every request
 * with such a message, built from the headers the SDK really sent.
 */
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY+SeCrEt-9f3a';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD+SeSsIoN/ToKeN+7b2e==';
const ACCESS_KEY_ID = 'AKIASECRETSTEST00001';

let stub: RawStub;
/** The error code and how it travels: in the body's __type, or in the x-amzn-errortype header only. */
let answerWith: { code: string; status: number; viaHeader: boolean };

function signatureOf(request: RawRequest): string {
	const signature = /Signature=([0-9a-f]+)/.exec(String(request.headers.authorization))?.[1];
	if (!signature) throw new Error('The SDK sent no signature');
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
	const { code, status, viaHeader } = answerWith;
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

function credentialTest(endpoint: string): Promise<INodeCredentialTestResult> {
	const test = new AwsStepFunctions().methods.credentialTest.awsStepFunctionsApiTest;
	const credential: ICredentialsDecrypted = {
		id: '1',
		name: 'AWS',
		type: 'awsStepFunctionsApi',
		data: credentialsFor(endpoint),
	};
	return test.call({} as ICredentialTestFunctions, credential);
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

describe('a custom endpoint with user:password in its URL', () => {
	const PASSWORD = 'hunter2-PaSsWoRd-5ecret';

	async function refusedEndpoint(userInfo: string) {
		return `http://${userInfo}@127.0.0.1:${await closedLoopbackPort()}`;
	}

	it('stop mode, continue-on-fail and the credential test never show the password', async () => {
		const endpoint = await refusedEndpoint(`proxyuser:${PASSWORD}`);
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(error.message).toMatch(/Could not connect to http:\/\/127\.0\.0\.1:\d+/);
		expect(everyText(error)).not.toContain(PASSWORD);

		const [main] = await run(endpoint, 'continueRegularOutput');
		expect(main[0].json.error).toMatch(/connection refused/);
		expect(everyText(main)).not.toContain(PASSWORD);

		const result = await credentialTest(endpoint);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not connect to http:\/\/127\.0\.0\.1:\d+/);
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

	// Product bug, reported: transport/sfnClient.ts withoutUserInfo() ends the user info at the first "@", but
	// URL parsing ends it at the last one, so the rest of the password is shown. Remove `.failing` once fixed.
	it('a password with an unencoded "@" is not shown in part either', async () => {
		// WHATWG URL parsing takes the last "@" as the end of the user info, so the request goes to 127.0.0.1.
		const endpoint = await refusedEndpoint('proxyuser:hunter2@PaSsWoRd-5ecret');
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(everyText(error)).not.toContain('PaSsWoRd-5ecret');
		const result = await credentialTest(endpoint);
		expect(everyText(result)).not.toContain('PaSsWoRd-5ecret');
	});

	// Product bug, reported: an endpoint whose password holds an unencoded "/" is no URL, and the credential
	// check quotes it whole (withoutUserInfo() cannot cross the "/"). Remove `.failing` once fixed.
	it('a password with an unencoded "/" is not shown by the credential check', async () => {
		const endpoint = 'http://proxyuser:hunter2/PaSsWoRd-5ecret@127.0.0.1:1';
		const error = await rejection(run(endpoint, 'stopWorkflow'));
		expect(error.message).toMatch(/credential is not usable: Endpoint/);
		expect(everyText(error)).not.toContain('hunter2');
		expect(everyText(error)).not.toContain('PaSsWoRd-5ecret');
	});
});
