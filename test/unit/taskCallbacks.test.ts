import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { ContextOptions } from '../helpers/executeContext';
import { sentRequests } from '../helpers/n8nHttp';
import { mockStepFunctions } from '../helpers/sfnMock';
import type { SfnCall } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAbRy7fAkeToken';

function run(options: Partial<ContextOptions> & Pick<ContextOptions, 'items'>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, ...options }));
}

function failure(params: Record<string, unknown>) {
	return { resource: 'task', operation: 'sendTaskFailure', taskToken: TOKEN, error: '', cause: '', ...params };
}
function success(params: Record<string, unknown>) {
	return { resource: 'task', operation: 'sendTaskSuccess', taskToken: TOKEN, output: '{}', ...params };
}

beforeEach(() => {
	sfn.reset();
	// AWS answers the SendTask* actions with an empty JSON object.
	sfn.on('SendTaskFailure').resolves({});
	sfn.on('SendTaskSuccess').resolves({});
	sfn.on('SendTaskHeartbeat').resolves({});
});

// nock.restore() also takes nock off Node's http module, which later test files in the same jest worker share
// (sfnMock's restore() only forgets the answers).
afterAll(() => {
	sfn.restore();
	nock.restore();
});

describe('request shape', () => {
	it('Send Task Failure sends token, error and cause as given', async () => {
		await run({ items: [failure({ error: 'Approval.Rejected', cause: 'Rejected by finance' })] });
		expect(sfn.commandCalls('SendTaskFailure')).toEqual([
			{ taskToken: TOKEN, error: 'Approval.Rejected', cause: 'Rejected by finance' },
		]);
	});

	it('Send Task Failure leaves blank error and cause out of the request instead of sending empty strings', async () => {
		await run({ items: [failure({}), failure({ error: 'OnlyError' }), failure({ cause: 'only cause' })] });
		const inputs = sfn.commandCalls('SendTaskFailure');
		expect(inputs).toEqual([
			{ taskToken: TOKEN },
			{ taskToken: TOKEN, error: 'OnlyError' },
			{ taskToken: TOKEN, cause: 'only cause' },
		]);
		expect(Object.keys(inputs[0])).toEqual(['taskToken']);
	});

	it('trims whitespace that copying adds around a token', async () => {
		await run({ items: [failure({ taskToken: `  ${TOKEN}\n` })] });
		expect(sfn.commandCalls('SendTaskFailure')[0].taskToken).toBe(TOKEN);
	});

	it('Send Task Success sends JSON text as written', async () => {
		const output = '{ "approved": true, "amount": 12.50 }';
		await run({ items: [success({ output })] });
		expect(sfn.commandCalls('SendTaskSuccess')[0]).toEqual({ taskToken: TOKEN, output });
	});

	it('Send Task Success serialises an object, array or scalar that an expression produced', async () => {
		await run({ items: [success({ output: { approved: true, by: 'ana' } }), success({ output: [1, 2] }), success({ output: 0 })] });
		expect(sfn.commandCalls('SendTaskSuccess').map((input) => input.output)).toEqual([
			'{"approved":true,"by":"ana"}',
			'[1,2]',
			'0',
		]);
	});

	it('Send Task Heartbeat sends only the token', async () => {
		await run({ items: [{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: TOKEN }] });
		expect(sfn.commandCalls('SendTaskHeartbeat')[0]).toEqual({ taskToken: TOKEN });
	});
});

/** The parts of an `authorization` header: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=... */
function authorizationOf(call: SfnCall) {
	const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
		String(call.headers.authorization),
	);
	if (!match) throw new Error(`Not a SigV4 authorization header: ${String(call.headers.authorization)}`);
	const [, keyId, date, region, service, signedHeaders, signature] = match;
	return { keyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/**
 * SigV4 computed independently of the node's signer (AWS's documented algorithm, node:crypto only) over the
 * request as it arrived: method, path, the signed headers' values as received and the body as received.
 */
function expectedSignature(call: SfnCall, method: string, path: string, body: string, secretAccessKey: string): string {
	const { date, region, service, signedHeaders } = authorizationOf(call);
	const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
	const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
	const canonicalHeaders = signedHeaders
		.map((name) => `${name}:${String(call.headers[name]).trim().replace(/\s+/g, ' ')}\n`)
		.join('');
	const canonicalRequest = [method, path, '', canonicalHeaders, signedHeaders.join(';'), sha256(body)].join('\n');
	const scope = `${date}/${region}/${service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', String(call.headers['x-amz-date']), scope, sha256(canonicalRequest)].join('\n');
	const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
	return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

describe('the request AWS receives', () => {
	const temporary = { ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: 'SeSsIoN-tOkEn-on-the-wire-only-abc' };

	it('is a signed POST / in AWS JSON 1.0 naming the action, with the session token of temporary keys', async () => {
		const sentBefore = sentRequests.length;
		const [main] = await run({ credentials: temporary, items: [failure({ error: 'Approval.Rejected', cause: 'Rejected' })] });
		expect(main).toEqual([{ json: {}, pairedItem: { item: 0 } }]);

		// What the node handed n8n's HTTP layer, after the credential signed it.
		const sent = sentRequests.slice(sentBefore);
		expect(sent).toHaveLength(1);
		expect(sent[0].method).toBe('POST');
		const url = new URL(sent[0].url);
		expect(`${url.origin}${url.pathname}${url.search}`).toBe('https://states.eu-west-1.amazonaws.com/');

		// What arrived at AWS's host.
		const [call] = sfn.calls();
		expect(call.action).toBe('SendTaskFailure');
		expect(call.host).toBe('states.eu-west-1.amazonaws.com');
		expect(call.headers['x-amz-target']).toBe('AWSStepFunctions.SendTaskFailure');
		expect(call.headers['content-type']).toBe('application/x-amz-json-1.0');
		expect(call.headers['x-amz-security-token']).toBe(temporary.sessionToken);
		expect(call.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);

		const authorization = authorizationOf(call);
		expect(authorization).toMatchObject({
			keyId: AWS_CREDENTIALS.accessKeyId,
			date: String(call.headers['x-amz-date']).slice(0, 8),
			region: 'eu-west-1',
			service: 'states',
		});
		expect(authorization.signedHeaders).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']));
		// SigV4 lists signed headers sorted and lowercase.
		expect(authorization.signedHeaders).toEqual([...authorization.signedHeaders].sort());
		// The signature is the one AWS computes for this body, these headers and the secret key.
		const body = String(sent[0].body);
		expect(JSON.parse(body)).toEqual(call.input);
		expect(call.input).toEqual({ taskToken: TOKEN, error: 'Approval.Rejected', cause: 'Rejected' });
		expect(authorization.signature).toBe(expectedSignature(call, 'POST', '/', body, AWS_CREDENTIALS.secretAccessKey));
		// The secret key itself never travels.
		expect(body + JSON.stringify(call.headers)).not.toContain(AWS_CREDENTIALS.secretAccessKey);
	});

	it('sends no session token for long-term keys, even when one is left in the hidden field', async () => {
		await run({ credentials: { ...AWS_CREDENTIALS, temporaryCredentials: false, sessionToken: 'left-over-token' }, items: [failure({})] });
		const [call] = sfn.calls();
		expect(call.headers['x-amz-security-token']).toBeUndefined();
		const authorization = authorizationOf(call);
		expect(authorization.signedHeaders).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']));
		expect(authorization.signedHeaders).not.toContain('x-amz-security-token');
		expect(JSON.stringify(call.headers)).not.toContain('left-over-token');
	});
});

describe('output items', () => {
	it('answers every input item with one item, paired with it, holding the response without request metadata', async () => {
		const [main] = await run({ items: [failure({}), failure({}), failure({})] });
		expect(main).toEqual([
			{ json: {}, pairedItem: { item: 0 } },
			{ json: {}, pairedItem: { item: 1 } },
			{ json: {}, pairedItem: { item: 2 } },
		]);
		// The request ids AWS answered with (x-amzn-requestid) are not part of the items.
		expect(JSON.stringify(main)).not.toMatch(/req-\d/);
	});

	it('opens one session for the whole run: the credential is read once for all its requests', async () => {
		const context = executeContext({ credentials: AWS_CREDENTIALS, items: [failure({}), failure({}), failure({})] });
		const getCredentials = jest.spyOn(context, 'getCredentials');
		await new AwsStepFunctions().execute.call(context);
		expect(getCredentials).toHaveBeenCalledTimes(1);
		const calls = sfn.calls();
		expect(calls).toHaveLength(3);
		expect(new Set(calls.map((call) => call.host))).toEqual(new Set(['states.eu-west-1.amazonaws.com']));
	});
});

describe('JSON output checks', () => {
	it.each([
		['text that is not JSON', 'approved'],
		['an empty text', '   '],
		['a truncated object', '{"approved": tru'],
	])('refuses %s before sending, naming item and field', async (_label, output) => {
		const error = await rejection(run({ items: [success({}), success({ output })] }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Item 1: "Output" is not valid JSON/);
		expect(sfn.commandCalls('SendTaskSuccess')).toHaveLength(0);
	});

	it('accepts a quoted string as JSON', async () => {
		await run({ items: [success({ output: '"done"' })] });
		expect(sfn.commandCalls('SendTaskSuccess')[0].output).toBe('"done"');
	});
});

describe('secrets', () => {
	const credentials = {
		...AWS_CREDENTIALS,
		temporaryCredentials: true,
		sessionToken: 'SeSsIoN-tOkEn-never-shown-xyz',
	};

	/** Everything a user sees of a run: the error item (continue-on-fail) and the error that stops the run. */
	async function seenOf(items: Array<Record<string, unknown>>, data: ICredentialDataDecryptedObject = credentials): Promise<string> {
		const [main] = await new AwsStepFunctions().execute.call(executeContext({ credentials: data, items, onError: 'continueErrorOutput' }));
		const thrown = await rejection<NodeApiError>(new AwsStepFunctions().execute.call(executeContext({ credentials: data, items })));
		expect(thrown).toBeInstanceOf(NodeApiError);
		return JSON.stringify(main) + JSON.stringify(thrown) + thrown.message + String(thrown.description);
	}

	it('never puts the secret key or session token into items or errors', async () => {
		sfn.on('SendTaskFailure').rejects('TaskTimedOut', 'Task Timed Out');
		const seen = await seenOf([failure({})]);
		expect(seen).toContain('timed out');
		expect(seen).not.toContain(String(credentials.secretAccessKey));
		expect(seen).not.toContain(credentials.sessionToken);
		// Both requests carried the token: it is kept out of the output, not out of the request.
		expect(sfn.calls().map((call) => call.headers['x-amz-security-token'])).toEqual([credentials.sessionToken, credentials.sessionToken]);
	});

	it('keeps them out when n8n\'s HTTP error (which holds the signed request) is what failed', async () => {
		// A real connection reset: the endpoint drops the connection once it has read the request.
		const received: IncomingHttpHeaders[] = [];
		const server = createServer((request) => {
			received.push(request.headers);
			request.socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const seen = await seenOf([failure({ requestOptions: { retryAttempts: 0 } })], { ...credentials, customEndpoint: true, endpoint });
			expect(seen).toContain('ECONNRESET');
			expect(seen).not.toContain(String(credentials.secretAccessKey));
			expect(seen).not.toContain(credentials.sessionToken);
			expect(seen).not.toContain('AWS4-HMAC-SHA256');
			// One request per run (no retries asked for), each carrying the token.
			expect(received.map((headers) => headers['x-amz-security-token'])).toEqual([credentials.sessionToken, credentials.sessionToken]);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

});
