import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { applyEnv, isolatedAwsEnv, startContainerCredentials, startCountingProxy, startStsStub } from '../helpers/awsStandIns';
import type { CountingProxy, CredentialsEndpoint, StsStub } from '../helpers/awsStandIns';
import { startLocalStepFunctions, uniqueName } from '../helpers/localStepFunctions';
import type { LocalStepFunctions } from '../helpers/localStepFunctions';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';
import { createAdminSession } from '../helpers/adminClient';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import type { N8nRun } from '../support/n8nInstance';

/**
 * Production access inside a real n8n, each case in an n8n process environment of its own: a role assumed with
 * access keys and an external id (an STS stand-in on loopback, then stepfunctions-local), System Credentials
 * refused without N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED and working with it (the container credentials
 * endpoint of ECS / EKS Pod Identity), and requests through a proxy that wants a password.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOWS = path.join(__dirname, 'workflows');
const GATE = 'N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED';
const ROLE_ARN = 'arn:aws:iam::210987654321:role/E2eStepFunctionsCaller';
const EXTERNAL_ID = 'e2e-external-id-never-printed';
const CALLER = { accessKeyId: 'AKIAE2EACCESSCALLER1', secretAccessKey: 'e2e-caller-secret-never-printed' };
const PROXY_AUTH = { user: 'e2e-proxy-user', password: 'e2e-proxy-P@ss-never-printed' };

let tarball: string;

beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-access-')));
});

function outputOf(run: N8nRun | null, node: string) {
	return run?.data.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
}

describe.each(LINES)('inside n8n %s', (line) => {
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let sts: StsStub;
	let container: CredentialsEndpoint;
	let proxy: CountingProxy;
	let machineArn = '';
	/** The environment of the next n8n process, over the inherited one */
	let processEnv: Record<string, string | undefined> = {};

	beforeAll(async () => {
		const install = ensureN8n(line);
		const userFolder = freshUserFolder(`sfn-e2e-access-${line}`);
		installCommunityPackage(userFolder, tarball);
		cli = new N8nCli(install, userFolder);
		const baseEnv = cli.env.bind(cli);
		const closedPort = await closedLoopbackPort();
		// Nothing of this machine's AWS or proxy settings, instance metadata on a closed loopback port, then the case's own.
		cli.env = (extra = {}) => applyEnv(baseEnv(extra), { ...isolatedAwsEnv(closedPort), ...processEnv });

		server = await startLocalStepFunctions();
		[sts, container, proxy] = await Promise.all([startStsStub(), startContainerCredentials(), startCountingProxy({ auth: PROXY_AUTH })]);
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
		await cli.importCredentials([
			{
				id: 'sfnE2eRoleCred01',
				name: 'Step Functions Local (assume role)',
				type: 'awsStepFunctionsApi',
				data: { ...local, authentication: 'assumeRole', ...CALLER, roleArn: ROLE_ARN, externalId: EXTERNAL_ID, roleSessionName: 'n8n-e2e', sourceCredentials: 'accessKeys', stsEndpoint: sts.endpoint },
			},
			{ id: 'sfnE2eSysCred001', name: 'Step Functions Local (system credentials)', type: 'awsStepFunctionsApi', data: { ...local, authentication: 'system' } },
			{ id: 'sfnE2eProxyCrd01', name: 'Step Functions Local (through a proxy)', type: 'awsStepFunctionsApi', data: { ...local, ...CALLER } },
		]);
		await cli.importWorkflows(folder);
	}, 10 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		await Promise.all([server?.stop(), sts?.stop(), container?.stop(), proxy?.stop()]);
		if (cli && !process.env.E2E_KEEP) fs.rmSync(cli.userFolder, { recursive: true, force: true });
	});

	it('assume role: one AssumeRole with the role ARN, external id and session name, signed by the caller; the run succeeds', async () => {
		processEnv = {};
		const { status, run, stdout, stderr } = await cli.execute('e2eAccessRole001');
		expect(status).toBe(0);
		expect(outputOf(run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		expect(sts.calls).toHaveLength(1);
		expect(sts.calls[0]).toMatchObject({
			signedBy: CALLER.accessKeyId,
			params: { Action: 'AssumeRole', RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'n8n-e2e' },
		});
		const printed = stdout + stderr;
		for (const secret of [EXTERNAL_ID, CALLER.secretAccessKey, sts.issued[0].secretAccessKey, sts.issued[0].sessionToken]) {
			expect(printed).not.toContain(secret);
		}
	});

	it(`system credentials: refused without ${GATE}, nothing fetched; with it, the container credentials are used`, async () => {
		processEnv = { AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'e2e-pod-identity-token' };
		const refused = await cli.execute('e2eAccessSystem1');
		expect(refused.status).not.toBe(0);
		expect(refused.run?.data.resultData.error?.message).toContain(`${GATE}=true`);
		expect(container.requests).toHaveLength(0);

		processEnv = { ...processEnv, [GATE]: 'true' };
		const allowed = await cli.execute('e2eAccessSystem1');
		expect(allowed.status).toBe(0);
		expect(outputOf(allowed.run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		expect(container.requests).toEqual([{ path: '/v2/credentials/task', authorization: 'e2e-pod-identity-token' }]);
		expect(allowed.stdout + allowed.stderr).not.toContain(container.keys.secretAccessKey);
	});

	it('HTTP_PROXY with user and password: every Step Functions request passes the proxy, the password is never printed', async () => {
		const before = proxy.forwarded.length;
		processEnv = { HTTP_PROXY: `http://${PROXY_AUTH.user}:${encodeURIComponent(PROXY_AUTH.password)}@127.0.0.1:${proxy.port}` };
		const { status, run, stdout, stderr } = await cli.execute('e2eAccessProxy01');
		expect(status).toBe(0);
		expect(outputOf(run, 'Describe').map((item) => item.json.stateMachineArn)).toEqual([machineArn]);
		const forwarded = proxy.forwarded.slice(before).filter((url) => url.startsWith(server.endpoint));
		expect(forwarded).toEqual([`${server.endpoint}/`]);
		expect(proxy.refusedForAuth).toBe(0);
		expect(stdout + stderr).not.toContain(PROXY_AUTH.password);
		expect(stdout + stderr).not.toContain(encodeURIComponent(PROXY_AUTH.password));

		// Without the password, the proxy's 407 is what the run reports
		processEnv = { HTTP_PROXY: proxy.url };
		const refused = await cli.execute('e2eAccessProxy01');
		expect(refused.status).not.toBe(0);
		expect(refused.run?.data.resultData.error?.message).toBe(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
	});
});
