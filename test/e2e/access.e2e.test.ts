import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { createAdminSession } from '../helpers/adminClient';
import { applyEnv, isolatedAwsEnv, selfSignedCertificate, startContainerCredentials, startCountingProxy, startStsStub } from '../helpers/awsStandIns';
import type { CountingProxy, CredentialsEndpoint, StsStub } from '../helpers/awsStandIns';
import { startLocalStepFunctions, uniqueName } from '../helpers/localStepFunctions';
import type { LocalStepFunctions } from '../helpers/localStepFunctions';
import { closedLoopbackPort, startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';
import { leaksIn, leaksInUserFolder, proxyPasswordForms } from '../support/leaks';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import type { CliResult, N8nRun } from '../support/n8nInstance';
import { startTlsStepFunctions } from '../support/sfnStubs';
import type { TlsStepFunctions } from '../support/sfnStubs';

/**
 * Production access inside a real n8n, each case in an n8n process environment of its own: a role assumed with
 * access keys and an external id (an STS stand-in on loopback, then stepfunctions-local); System Credentials, which
 * are no longer offered, refused before anything is sent; and requests through a forward proxy that wants a
 * password. The package has no proxy code: n8n's HTTP layer applies HTTP_PROXY / HTTPS_PROXY / NO_PROXY (n8n-core
 * 1.97 and later) to the requests the credential signs, which these cases prove for both n8n lines: absolute-form
 * to an http endpoint, a CONNECT tunnel to an https endpoint (a self-signed certificate trusted through
 * NODE_EXTRA_CA_CERTS), NO_PROXY, and sts:AssumeRole to a custom STS endpoint. The proxy's password never shows.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOWS = path.join(__dirname, 'workflows');
const ROLE_ARN = 'arn:aws:iam::210987654321:role/E2eStepFunctionsCaller';
const EXTERNAL_ID = 'e2e-external-id-never-printed';
const CALLER = { accessKeyId: 'AKIAE2EACCESSCALLER1', secretAccessKey: 'e2e-caller-secret-never-printed' };
const PROXY_AUTH = { user: 'e2e-proxy-user', password: 'e2e-proxy-P@ss/never:printed' };
const SYSTEM_REFUSAL = 'System Credentials are no longer offered';

let tarball: string;

beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-access-')));
});

function outputOf(run: N8nRun | null, node: string) {
	return run?.data.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
}

/** The proxy URL with the user and password in it, URL-encoded as a user writes them into HTTPS_PROXY. */
function proxyUrlWithAuth(proxy: CountingProxy): string {
	return `http://${encodeURIComponent(PROXY_AUTH.user)}:${encodeURIComponent(PROXY_AUTH.password)}@127.0.0.1:${proxy.port}`;
}

/**
 * Waits for a stand-in to stop, at most a few seconds. The counting proxy's stop() (test/helpers/awsStandIns.ts)
 * does not return once a CONNECT tunnel went through it, even after the client's process ended: its server.close()
 * waits for the tunnel's socket, which closeAllConnections() does not end (the HTTP server hands CONNECT sockets
 * over and stops tracking them). Its listening socket is closed at once; what remains ends with the process.
 */
async function stoppedWithin(name: string, stopping: Promise<void> | undefined, ms = 3_000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
	const outcome = await Promise.race([stopping, late]);
	clearTimeout(timer);
	if (outcome === 'late') process.stderr.write(`e2e: ${name} had not stopped after ${ms} ms (open connections); going on\n`);
}

describe.each(LINES)('inside n8n %s', (line) => {
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let sts: StsStub;
	let container: CredentialsEndpoint;
	let proxy: CountingProxy;
	/** Records every request: the System Credentials point here, and nothing may arrive */
	let recorder: StubStepFunctions;
	let tls: TlsStepFunctions;
	let certificate: ReturnType<typeof selfSignedCertificate>;
	let machineArn = '';
	/** The environment of the next n8n process, over the inherited one */
	let processEnv: Record<string, string | undefined> = {};
	const proxyPassword = proxyPasswordForms(PROXY_AUTH.user, PROXY_AUTH.password);
	const expectedProxyAuthorization = proxyPassword['Proxy-Authorization value'];

	/**
	 * Neither the proxy's password (raw, URL-encoded, Basic) shows in what n8n printed, in the executions it stored
	 * for the workflow, nor in any file of its user folder.
	 */
	async function expectNoProxyPassword(workflowId: string, result: CliResult & { run: N8nRun | null }) {
		const stored = await cli.storedExecutions(workflowId);
		expect(stored.length).toBeGreaterThan(0);
		const leaks = [
			...leaksIn('n8n execute stdout', result.stdout, proxyPassword),
			...leaksIn('n8n execute stderr', result.stderr, proxyPassword),
			...leaksIn('run data', JSON.stringify(result.run), proxyPassword),
			...stored.flatMap((execution) => leaksIn(`stored execution ${execution.id}`, execution.data, proxyPassword)),
			...leaksInUserFolder(cli.userFolder, proxyPassword),
		];
		expect(leaks).toEqual([]);
	}

	beforeAll(async () => {
		const install = ensureN8n(line);
		const userFolder = freshUserFolder(`sfn-e2e-access-${line}`);
		installCommunityPackage(userFolder, tarball);
		cli = new N8nCli(install, userFolder);
		const baseEnv = cli.env.bind(cli);
		const closedPort = await closedLoopbackPort();
		// Nothing of this machine's AWS, proxy or CA settings, instance metadata on a closed loopback port, then the case's own.
		cli.env = (extra = {}) => applyEnv(baseEnv(extra), { ...isolatedAwsEnv(closedPort), NODE_EXTRA_CA_CERTS: undefined, ...processEnv });

		certificate = selfSignedCertificate();
		server = await startLocalStepFunctions();
		[sts, container, proxy, recorder, tls] = await Promise.all([
			startStsStub(),
			startContainerCredentials(),
			startCountingProxy({ auth: PROXY_AUTH }),
			startStubStepFunctions(),
			startTlsStepFunctions(certificate),
		]);
		const admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'admin', secretAccessKey: 'admin', endpoint: server.endpoint });
		const created = await admin.client.send(
			new admin.sdk.CreateStateMachineCommand({
				name: uniqueName('e2e-access'),
				definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
				roleArn: 'arn:aws:iam::123456789012:role/e2e',
			}),
		);
		admin.close();
		machineArn = created.stateMachineArn ?? '';

		const folder = path.join(userFolder, 'workflows');
		fs.mkdirSync(folder);
		for (const file of fs.readdirSync(WORKFLOWS).filter((name) => name.startsWith('access-'))) {
			const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8').replace(/__MACHINE_ARN__/g, machineArn);
			fs.writeFileSync(path.join(folder, file), text);
		}
		const local = { region: 'us-east-1', customEndpoint: true, endpoint: server.endpoint };
		// Where a System Credential would send, if it sent anything: a recording stub and the STS stub.
		const recorded = { region: 'us-east-1', customEndpoint: true, endpoint: recorder.endpoint, stsEndpoint: sts.endpoint };
		await cli.importCredentials([
			{
				id: 'sfnE2eRoleCred01',
				name: 'Step Functions Local (assume role)',
				type: 'awsStepFunctionsApi',
				data: { ...local, authentication: 'assumeRole', ...CALLER, roleArn: ROLE_ARN, externalId: EXTERNAL_ID, roleSessionName: 'n8n-e2e', stsEndpoint: sts.endpoint },
			},
			// As credentials were saved when System Credentials were offered: no keys of their own.
			{ id: 'sfnE2eSysCred001', name: 'Step Functions Stub (system credentials)', type: 'awsStepFunctionsApi', data: { ...recorded, authentication: 'system' } },
			{
				id: 'sfnE2eSysRole001',
				name: 'Step Functions Stub (assume role from system credentials)',
				type: 'awsStepFunctionsApi',
				data: { ...recorded, authentication: 'assumeRole', sourceCredentials: 'system', roleArn: ROLE_ARN, roleSessionName: 'n8n-e2e' },
			},
			{ id: 'sfnE2eProxyCrd01', name: 'Step Functions Local (through a proxy)', type: 'awsStepFunctionsApi', data: { ...local, ...CALLER } },
			{
				id: 'sfnE2eTlsCred001',
				name: 'Step Functions over https (through a proxy)',
				type: 'awsStepFunctionsApi',
				data: { region: 'us-east-1', customEndpoint: true, endpoint: tls.endpoint, ...CALLER },
			},
		]);
		await cli.importWorkflows(folder);
	}, 10 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		const stops = { server: server?.stop(), sts: sts?.stop(), container: container?.stop(), proxy: proxy?.stop(), recorder: recorder?.stop(), tls: tls?.stop() };
		await Promise.all(Object.entries(stops).map(([name, stopping]) => stoppedWithin(name, stopping)));
		certificate?.remove();
		if (cli && !process.env.E2E_KEEP) fs.rmSync(cli.userFolder, { recursive: true, force: true });
	});

	it('assume role: one AssumeRole with the role ARN, external id and session name, signed by the caller; the run succeeds', async () => {
		processEnv = {};
		const callsBefore = sts.calls.length;
		const { status, run, stdout, stderr } = await cli.execute('e2eAccessRole001');
		expect(status).toBe(0);
		expect(outputOf(run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		const calls = sts.calls.slice(callsBefore);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			signedBy: CALLER.accessKeyId,
			params: { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'n8n-e2e' },
		});
		const issued = sts.issued[sts.issued.length - 1];
		const secrets = { 'external id': EXTERNAL_ID, 'caller secret': CALLER.secretAccessKey, 'role secret': issued.secretAccessKey, 'role session token': issued.sessionToken };
		expect([...leaksIn('stdout', stdout, secrets), ...leaksIn('stderr', stderr, secrets), ...leaksInUserFolder(cli.userFolder, secrets)]).toEqual([]);
	});

	/** Everything the old System Credentials read, in n8n's environment: the gate, a container credentials endpoint, keys. */
	const SYSTEM_ENV = {
		N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: 'true',
		AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
		AWS_CONTAINER_AUTHORIZATION_TOKEN: 'e2e-pod-identity-token',
		AWS_ACCESS_KEY_ID: 'AKIAE2ESYSTEMENVKEY1',
		AWS_SECRET_ACCESS_KEY: 'e2e-system-env-secret',
	};

	/** Runs a workflow whose credential asks for System Credentials: it must fail with the message, nothing sent anywhere. */
	async function expectSystemRefused(workflowId: string) {
		processEnv = { ...SYSTEM_ENV, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url };
		const before = { recorded: recorder.requests.length, sts: sts.calls.length, container: container.requests.length, proxy: proxy.connections };
		const refused = await cli.execute(workflowId);
		const message = refused.run?.data.resultData.error?.message ?? '';
		process.stderr.write(`e2e (n8n ${line}): ${workflowId} ended (exit ${refused.status}) with: ${message}\n`);
		expect({ recorded: recorder.requests.length, sts: sts.calls.length, container: container.requests.length, proxy: proxy.connections }).toEqual(before);
		expect(refused.status).not.toBe(0);
		expect(refused.run?.data.resultData.lastNodeExecuted).toBe('Describe');
		expect(message).toContain(SYSTEM_REFUSAL);
	}

	it("a credential saved with authentication 'system' fails the run with the message, and nothing reaches any server", async () => {
		await expectSystemRefused('e2eAccessSystem1');
	});

	it("a credential saved as Assume Role with source credentials 'system' fails the run with the message, and nothing reaches any server", async () => {
		await expectSystemRefused('e2eAccessSysRole');
	});

	it('HTTP_PROXY with user and password (absolute-form to an http endpoint): every request passes the proxy; without the password, its 407', async () => {
		const before = proxy.forwarded.length;
		const authBefore = proxy.proxyAuthorizations.length;
		const refusedBefore = proxy.refusedForAuth;
		processEnv = { HTTP_PROXY: proxyUrlWithAuth(proxy) };
		const result = await cli.execute('e2eAccessProxy01');
		expect(result.status).toBe(0);
		expect(outputOf(result.run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		const forwarded = proxy.forwarded.slice(before);
		process.stderr.write(`e2e (n8n ${line}): HTTP_PROXY: ${forwarded.length} absolute-form request(s) through the proxy: ${forwarded.join(', ')}\n`);
		expect(forwarded).toEqual([`${server.endpoint}/`]);
		expect(proxy.proxyAuthorizations.slice(authBefore)).toEqual([expectedProxyAuthorization]);
		expect(proxy.refusedForAuth).toBe(refusedBefore);
		await expectNoProxyPassword('e2eAccessProxy01', result);

		// Without the password, the proxy's 407 is what the run reports
		processEnv = { HTTP_PROXY: proxy.url };
		const refused = await cli.execute('e2eAccessProxy01');
		expect(refused.status).not.toBe(0);
		expect(proxy.refusedForAuth).toBe(refusedBefore + 1);
		const message = refused.run?.data.resultData.error?.message;
		expect(message).toContain('asks for a user name and password (HTTP 407)');
		expect(message).toContain(server.endpoint);
		await expectNoProxyPassword('e2eAccessProxy01', refused);
	});

	it('HTTPS_PROXY with user and password to an https endpoint: every request passes the proxy as a CONNECT tunnel', async () => {
		const before = { connects: proxy.connects.length, auth: proxy.proxyAuthorizations.length, forwarded: proxy.forwarded.length, refused: proxy.refusedForAuth };
		const tlsBefore = { requests: tls.requests.length, connections: tls.connections };
		processEnv = { HTTPS_PROXY: proxyUrlWithAuth(proxy), NODE_EXTRA_CA_CERTS: certificate.certFile };
		const result = await cli.execute('e2eAccessProxTls');
		expect(result.status).toBe(0);
		expect(outputOf(result.run, 'Describe').map((item) => item.json.name)).toEqual(['behind-tls-1', 'behind-tls-2', 'behind-tls-3']);

		const target = tls.endpoint.replace('https://', '');
		const tunnels = proxy.connects.slice(before.connects);
		const requests = tls.requests.slice(tlsBefore.requests);
		const connections = tls.connections - tlsBefore.connections;
		process.stderr.write(
			`e2e (n8n ${line}): HTTPS_PROXY: ${requests.length} request(s) to the https endpoint over ${connections} connection(s), through ${tunnels.length} CONNECT tunnel(s)\n`,
		);
		expect(requests.map((request) => request.action)).toEqual(['DescribeStateMachine', 'DescribeStateMachine', 'DescribeStateMachine']);
		expect(requests.every((request) => request.signedBy === CALLER.accessKeyId && request.proxyAuthorization === undefined)).toBe(true);
		// Every connection the endpoint accepted came through a tunnel (a request sent directly would add a connection
		// without one), and every tunnel went to the endpoint with the proxy's credentials; nothing went absolute-form.
		expect(tunnels.length).toBeGreaterThan(0);
		expect(tunnels.every((tunnel) => tunnel === target)).toBe(true);
		expect(connections).toBe(tunnels.length);
		expect(proxy.proxyAuthorizations.slice(before.auth)).toEqual(tunnels.map(() => expectedProxyAuthorization));
		expect(proxy.forwarded.length).toBe(before.forwarded);
		expect(proxy.refusedForAuth).toBe(before.refused);
		await expectNoProxyPassword('e2eAccessProxTls', result);
	});

	it('NO_PROXY exempting the endpoint host: the run succeeds and nothing passes the proxy', async () => {
		const before = { connections: proxy.connections, forwarded: proxy.forwarded.length, connects: proxy.connects.length };
		const url = proxyUrlWithAuth(proxy);
		processEnv = { HTTP_PROXY: url, HTTPS_PROXY: url, NO_PROXY: '127.0.0.1' };
		const result = await cli.execute('e2eAccessProxy01');
		expect(result.status).toBe(0);
		expect(outputOf(result.run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		expect({ connections: proxy.connections, forwarded: proxy.forwarded.length, connects: proxy.connects.length }).toEqual(before);
		await expectNoProxyPassword('e2eAccessProxy01', result);
	});

	it('assume role through the proxy: the AssumeRole request to the custom STS endpoint passes the proxy too', async () => {
		const before = { forwarded: proxy.forwarded.length, auth: proxy.proxyAuthorizations.length, sts: sts.calls.length };
		processEnv = { HTTP_PROXY: proxyUrlWithAuth(proxy) };
		const result = await cli.execute('e2eAccessRole001');
		expect(result.status).toBe(0);
		expect(outputOf(result.run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		const forwarded = proxy.forwarded.slice(before.forwarded);
		process.stderr.write(`e2e (n8n ${line}): assume role through HTTP_PROXY: ${forwarded.length} request(s) through the proxy: ${forwarded.join(', ')}\n`);
		// First the role (STS), then Step Functions with the role's keys: both through the proxy, with its credentials.
		expect(forwarded).toEqual([`${sts.endpoint}/`, `${server.endpoint}/`]);
		expect(proxy.proxyAuthorizations.slice(before.auth)).toEqual([expectedProxyAuthorization, expectedProxyAuthorization]);
		expect(sts.calls.slice(before.sts)).toMatchObject([{ signedBy: CALLER.accessKeyId, params: { Action: 'AssumeRole', RoleArn: ROLE_ARN } }]);
		await expectNoProxyPassword('e2eAccessRole001', result);
	});
});
