import { execFile, execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import { startRawStub } from '../helpers/stubStepFunctions';
import type { RawStub } from '../helpers/stubStepFunctions';

/**
 * A custom endpoint whose certificate Node.js does not trust is named as a TLS problem with its remedy
 * (NODE_EXTRA_CA_CERTS), not as an answer of AWS. A region that is no AWS region name is refused before
 * anything is sent; whitespace around a region is not part of it.
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
 * Runs the node and the credential test in a plain Node.js process, as n8n runs them. Inside Jest, errors from
 * Node's own TLS code come from another realm than the SDK's, which then wraps them and drops their code; n8n
 * has one realm only.
 */
async function runInPlainNode(
	credentials: ICredentialDataDecryptedObject,
	onError: 'stopWorkflow' | 'continueRegularOutput',
): Promise<{ items?: IDataObject[]; error?: { message: string; description?: string }; credentialTest: INodeCredentialTestResult }> {
	const script = `
		const fs = require('fs');
		const ts = require('typescript');
		require.extensions['.ts'] = (module, filename) => {
			const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
			module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions }).outputText, filename);
		};
		const { AwsStepFunctions } = require('./nodes/AwsStepFunctions/AwsStepFunctions.node.ts');
		const { executeContext } = require('./test/helpers/executeContext.ts');
		const { credentials, items, onError } = JSON.parse(process.env.SFN_TEST_RUN);
		(async () => {
			const node = new AwsStepFunctions();
			const result = {};
			try {
				result.items = (await node.execute.call(executeContext({ credentials, items, onError })))[0].map((item) => item.json);
			} catch (error) {
				result.error = { message: error.message, description: error.description };
			}
			const credential = { id: '1', name: 'AWS', type: 'awsStepFunctionsApi', data: credentials };
			result.credentialTest = await node.methods.credentialTest.awsStepFunctionsApiTest.call({}, credential);
			process.stdout.write(JSON.stringify(result));
		})();
	`;
	const items = [{ ...describeMachine, requestOptions: { retryAttempts: 0 } }];
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
		cwd: join(__dirname, '..', '..'),
		env: { ...process.env, SFN_TEST_RUN: JSON.stringify({ credentials, items, onError }) },
	});
	return JSON.parse(stdout) as Awaited<ReturnType<typeof runInPlainNode>>;
}

describe('a custom endpoint with a self-signed certificate', () => {
	let directory: string;
	let server: https.Server;
	let endpoint: string;

	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), 'sfn-tls-'));
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem')],
			{ stdio: 'ignore' },
		);
		server = https.createServer(
			{ key: readFileSync(join(directory, 'key.pem')), cert: readFileSync(join(directory, 'cert.pem')) },
			(_request, response) => response.end('{}'),
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		rmSync(directory, { recursive: true, force: true });
	});

	const credentials = () => ({ region: 'us-east-1', ...KEYS, customEndpoint: true, endpoint });

	it('continue-on-fail and the credential test name the TLS problem and NODE_EXTRA_CA_CERTS, not an AWS answer', async () => {
		const { items, credentialTest: tested } = await runInPlainNode(credentials(), 'continueRegularOutput');
		const [item] = items ?? [];
		expect(item.error).toMatch(/TLS certificate/);
		expect(item.error).toContain(endpoint);
		expect(item.message).toContain('NODE_EXTRA_CA_CERTS');
		expect(JSON.stringify(item)).not.toMatch(/AWS answered/);

		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/TLS certificate/);
		expect(tested.message).toContain('NODE_EXTRA_CA_CERTS');
		expect(tested.message).not.toMatch(/AWS answered/);
	});

	it('stop mode: the thrown error says the same', async () => {
		const { error } = await runInPlainNode(credentials(), 'stopWorkflow');
		expect(error?.message).toMatch(/TLS certificate/);
		expect(error?.description).toContain('NODE_EXTRA_CA_CERTS');
		expect(error?.description).not.toMatch(/AWS answered/);
	});
});

describe('the region', () => {
	it.each(['Frankfurt', 'eu west 1', 'eu-west-1a', 'https://states.eu-west-1.amazonaws.com'])(
		'"%s" without a custom endpoint is refused as a credential problem before anything is sent',
		async (region) => {
			const error = await rejection(runNode({ region, ...KEYS, customEndpoint: false }, 'stopWorkflow'));
			expect(error.message).toMatch(/credential is not usable/);
			expect(error.message).toContain(`Region "${region}"`);
			const [[item]] = await runNode({ region, ...KEYS, customEndpoint: false });
			expect(item.json.error).toMatch(/credential is not usable/);
			const result = await credentialTest({ region, ...KEYS, customEndpoint: false });
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`Region "${region}"`);
			expect(blockedHosts).toEqual([]);
		},
	);

	it('"  eu-west-1  " without a custom endpoint goes to the eu-west-1 host, and messages show it trimmed', async () => {
		const credentials = { region: '  eu-west-1  ', ...KEYS, customEndpoint: false };
		const [[item]] = await runNode(credentials);
		// The test refused the connection: the request got as far as the host of the trimmed region.
		expect(blockedHosts).toEqual(['states.eu-west-1.amazonaws.com']);
		expect(item.json.error).toContain('https://states.eu-west-1.amazonaws.com');
		expect(JSON.stringify(item.json)).not.toContain('  eu-west-1');

		const result = await credentialTest(credentials);
		expect(result.message).toContain('https://states.eu-west-1.amazonaws.com');
		expect(result.message).not.toContain('  eu-west-1');
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
