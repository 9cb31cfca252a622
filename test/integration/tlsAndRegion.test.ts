import nock from 'nock';
import { execFile, execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import { sentRequests } from '../helpers/n8nHttp';
import { startRawStub } from '../helpers/stubStepFunctions';
import type { RawStub } from '../helpers/stubStepFunctions';

/**
 * A custom endpoint whose certificate Node.js does not trust (self-signed, or from a private CA) is named as a
 * TLS problem with its remedy (NODE_EXTRA_CA_CERTS), not as an answer of AWS; with the CA trusted that way, it
 * works. A region that is no AWS region name is refused before anything is sent; whitespace around a region is
 * not part of it.
 *
 * No request may leave this machine: every connection to a host other than 127.0.0.1 is refused by the test
 * before any DNS look-up, and the hosts asked for are recorded.
 */
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Orders';
const describeMachine = { resource: 'stateMachine', operation: 'describe', stateMachine: { __rl: true, mode: 'arn', value: MACHINE } };

let blockedHosts: string[];

function refuseAllButLoopback(agent: http.Agent) {
	const createConnection = agent.createConnection;
	jest.spyOn(agent, 'createConnection').mockImplementation(function (this: http.Agent, ...args) {
		const [options, callback] = args as unknown as [{ host?: string; hostname?: string }, ((error: Error) => void) | undefined];
		const host = String(options.host ?? options.hostname ?? '');
		if (host === '127.0.0.1') return (createConnection as (...a: unknown[]) => ReturnType<typeof createConnection>).apply(this, args);
		blockedHosts.push(host);
		const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
		process.nextTick(() => callback?.(error));
		return undefined as unknown as ReturnType<typeof createConnection>;
	});
}

beforeEach(() => {
	blockedHosts = [];
	refuseAllButLoopback(http.Agent.prototype);
	refuseAllButLoopback(https.Agent.prototype);
});
afterEach(() => jest.restoreAllMocks());

function runNode(credentials: ICredentialDataDecryptedObject, onError: 'stopWorkflow' | 'continueRegularOutput' = 'continueRegularOutput') {
	const items = [{ ...describeMachine, requestOptions: { retryAttempts: 0 } }];
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

const KEYS = { accessKeyId: 'AKIATLSREGION0000001', secretAccessKey: 'tls-region-secret-key' };

/**
 * Runs the node (continue-on-fail, then stop mode) and the credential test in a plain Node.js process, as n8n
 * runs them: NODE_EXTRA_CA_CERTS is read at process start only, and Node's TLS errors keep their codes only in
 * their own realm (inside Jest they come from another one). The credential test gets n8n's `request` helper.
 */
async function runInPlainNode(
	credentials: ICredentialDataDecryptedObject,
	env: Record<string, string> = {},
): Promise<{ items: IDataObject[]; error?: { message: string; description?: string }; credentialTest: INodeCredentialTestResult }> {
	const script = `
		const fs = require('fs');
		const ts = require('typescript');
		require.extensions['.ts'] = (module, filename) => {
			const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
			module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions }).outputText, filename);
		};
		const { AwsStepFunctions } = require('./nodes/AwsStepFunctions/AwsStepFunctions.node.ts');
		const { executeContext, credentialTest } = require('./test/helpers/executeContext.ts');
		const { credentials, items } = JSON.parse(process.env.SFN_TEST_RUN);
		(async () => {
			const node = new AwsStepFunctions();
			const result = {};
			result.items = (await node.execute.call(executeContext({ credentials, items, onError: 'continueRegularOutput' })))[0].map((item) => item.json);
			try {
				await node.execute.call(executeContext({ credentials, items, onError: 'stopWorkflow' }));
			} catch (error) {
				result.error = { message: error.message, description: error.description };
			}
			result.credentialTest = await credentialTest(credentials);
			process.stdout.write(JSON.stringify(result));
		})();
	`;
	const items = [{ ...describeMachine, requestOptions: { retryAttempts: 0 } }];
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
		cwd: join(__dirname, '..', '..'),
		env: { ...process.env, ...env, SFN_TEST_RUN: JSON.stringify({ credentials, items }) },
		timeout: 60_000,
	});
	return JSON.parse(stdout) as Awaited<ReturnType<typeof runInPlainNode>>;
}

function openssl(args: string[]) {
	execFileSync('openssl', args, { stdio: 'ignore' });
}

/** Step Functions on https loopback with the given key and certificate chain; answers as the API does. */
async function startHttpsStepFunctions(key: Buffer, cert: Buffer): Promise<{ endpoint: string; actions: string[]; stop(): Promise<void> }> {
	const actions: string[] = [];
	const server = https.createServer({ key, cert }, (request, response) => {
		request.resume();
		request.on('end', () => {
			const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			actions.push(action);
			const body =
				action === 'DescribeStateMachine'
					? { stateMachineArn: MACHINE, name: 'Orders', status: 'ACTIVE', type: 'STANDARD', definition: '{}', roleArn: 'arn:aws:iam::123456789012:role/sfn', creationDate: 1700000000 }
					: { stateMachines: [] };
			response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
		actions,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

describe('a custom https endpoint whose certificate Node.js does not trust', () => {
	let directory: string;
	/** A self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT), and a private CA's chain (SELF_SIGNED_CERT_IN_CHAIN). */
	let selfSigned: Awaited<ReturnType<typeof startHttpsStepFunctions>>;
	let privateCa: Awaited<ReturnType<typeof startHttpsStepFunctions>>;
	let caFile: string;

	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), 'sfn-tls-'));
		const file = (name: string) => join(directory, name);
		openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', file('self.key'), '-out', file('self.pem')]);
		// A company CA, and the endpoint's certificate for 127.0.0.1 signed by it; the server sends both.
		openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Test Company Root CA', '-days', '1', '-keyout', file('ca.key'), '-out', file('ca.pem')]);
		openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('leaf.key'), '-out', file('leaf.csr')]);
		writeFileSync(file('leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
		openssl(['x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('leaf.ext'), '-out', file('leaf.pem')]);
		caFile = file('ca.pem');
		selfSigned = await startHttpsStepFunctions(readFileSync(file('self.key')), readFileSync(file('self.pem')));
		privateCa = await startHttpsStepFunctions(readFileSync(file('leaf.key')), Buffer.concat([readFileSync(file('leaf.pem')), readFileSync(caFile)]));
	});
	afterAll(async () => {
		await selfSigned.stop();
		await privateCa.stop();
		rmSync(directory, { recursive: true, force: true });
	});

	const credentials = (endpoint: string) => ({ region: 'us-east-1', ...KEYS, customEndpoint: true, endpoint });

	it.each([
		['self-signed', () => selfSigned, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
		["signed by a private CA that is not trusted", () => privateCa, 'SELF_SIGNED_CERT_IN_CHAIN'],
	])('%s: continue-on-fail, stop mode and the credential test name the TLS problem and NODE_EXTRA_CA_CERTS, not an AWS answer', async (_label, server, code) => {
		const { endpoint } = server();
		const { items, error, credentialTest: tested } = await runInPlainNode(credentials(endpoint));
		const [item] = items;
		expect(item.error).toBe(`The TLS certificate of ${endpoint} is not trusted (${code})`);
		expect(item.message).toContain('NODE_EXTRA_CA_CERTS');
		expect(JSON.stringify(item)).not.toMatch(/AWS answered/);

		expect(error?.message).toBe(item.error);
		expect(error?.description).toContain('NODE_EXTRA_CA_CERTS');

		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(`The TLS certificate of ${endpoint} is not trusted (${code})`);
		expect(tested.message).toContain('NODE_EXTRA_CA_CERTS');
		expect(tested.message).not.toMatch(/AWS answered/);
		// No request got through the handshake.
		expect(server().actions).toEqual([]);
	}, 60_000);

	it('the private CA trusted through NODE_EXTRA_CA_CERTS (as the message advises): the node and the credential test work', async () => {
		const { items, error, credentialTest: tested } = await runInPlainNode(credentials(privateCa.endpoint), { NODE_EXTRA_CA_CERTS: caFile });
		expect(items).toEqual([expect.objectContaining({ stateMachineArn: MACHINE, name: 'Orders' })]);
		expect(error).toBeUndefined();
		expect(tested).toEqual({ status: 'OK', message: `Connected to Step Functions at ${privateCa.endpoint}` });
		expect(privateCa.actions).toEqual(['DescribeStateMachine', 'DescribeStateMachine', 'ListStateMachines']);
	}, 60_000);
});

describe('the region', () => {
	it.each(['Frankfurt', 'eu west 1', 'eu-west-1a', 'https://states.eu-west-1.amazonaws.com'])(
		'"%s" without a custom endpoint is refused as a credential problem before anything is sent',
		async (region) => {
			const sentBefore = sentRequests.length;
			const error = await rejection(runNode({ region, ...KEYS, customEndpoint: false }, 'stopWorkflow'));
			expect(error.message).toMatch(/credential is not usable/);
			expect(error.message).toContain(`Region "${region}"`);
			const [[item]] = await runNode({ region, ...KEYS, customEndpoint: false });
			expect(item.json.error).toMatch(/credential is not usable/);
			const result = await credentialTest({ region, ...KEYS, customEndpoint: false });
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`Region "${region}"`);
			// Nothing was handed to n8n's HTTP layer, and no connection was tried.
			expect(sentRequests.length).toBe(sentBefore);
			expect(blockedHosts).toEqual([]);
		},
	);

	it('"  eu-west-1  " without a custom endpoint goes to the eu-west-1 host, and messages show it trimmed', async () => {
		// AWS's host answered by nock (nothing leaves this machine) with a page that is not AWS's, whose message
		// names the endpoint.
		const hosts: string[] = [];
		nock('https://states.eu-west-1.amazonaws.com')
			.persist()
			.post('/')
			.reply(function () {
				hosts.push(String(this.req.headers.host));
				return [502, '<html>bad gateway</html>', { 'content-type': 'text/html' }];
			});
		try {
			const credentials = { region: '  eu-west-1  ', ...KEYS, customEndpoint: false };
			const [[item]] = await runNode(credentials);
			expect(hosts).toEqual(['states.eu-west-1.amazonaws.com']);
			expect(item.json.error).toContain('https://states.eu-west-1.amazonaws.com');
			expect(JSON.stringify(item.json)).not.toContain('  eu-west-1');

			// The credential test retries a server fault (3 attempts), all to the trimmed region's host.
			const result = await credentialTest(credentials);
			expect(new Set(hosts)).toEqual(new Set(['states.eu-west-1.amazonaws.com']));
			expect(result.message).toContain('https://states.eu-west-1.amazonaws.com');
			expect(result.message).not.toContain('  eu-west-1');
		} finally {
			nock.cleanAll();
			// Detached from Node's http module again, so that the later tests' loopback servers are reached for real.
			nock.restore();
		}
	});

	describe('with a custom endpoint', () => {
		let stub: RawStub;
		beforeEach(async () => {
			stub = await startRawStub(({ action }) =>
				action === 'ListStateMachines'
					? { status: 200, body: JSON.stringify({ stateMachines: [] }) }
					: { status: 400, body: JSON.stringify({ __type: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${MACHINE}'` }) },
			);
		});
		afterEach(async () => {
			await stub.stop();
		});

		it('"local" is accepted (Step Functions Local, LocalStack)', async () => {
			const credentials = { region: 'local', ...KEYS, customEndpoint: true, endpoint: stub.endpoint };
			const [[item]] = await runNode(credentials);
			expect(item.json.error).toBe('The state machine does not exist');
			expect(stub.requests.map((request) => request.action)).toEqual(['DescribeStateMachine']);
			await expect(credentialTest(credentials)).resolves.toEqual({ status: 'OK', message: `Connected to Step Functions at ${stub.endpoint}` });
		});

		it('"  eu-west-1  " is signed for eu-west-1 and named so in messages', async () => {
			const credentials = { region: '  eu-west-1  ', ...KEYS, customEndpoint: true, endpoint: stub.endpoint };
			const [[item]] = await runNode(credentials);
			expect(String(stub.requests[0].headers.authorization)).toContain('/eu-west-1/states/aws4_request');
			expect(item.json.error).toBe('The state machine does not exist');
			expect(item.json.message).toContain('(eu-west-1)');
			expect(JSON.stringify(item.json)).not.toContain('  eu-west-1');
		});
	});
});
