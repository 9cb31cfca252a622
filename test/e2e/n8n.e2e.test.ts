import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { createSfnSession } from '../../nodes/AwsStepFunctions/transport/sfnClient';
import type { SfnSession } from '../../nodes/AwsStepFunctions/transport/sfnClient';
import { createActivityMachine, eventually, startLocalStepFunctions, uniqueName } from '../helpers/localStepFunctions';
import type { LocalStepFunctions } from '../helpers/localStepFunctions';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import type { N8nRun } from '../support/n8nInstance';

/**
 * The packed package, installed into a real n8n the way n8n installs community packages, runs workflows
 * from test/e2e/workflows against stepfunctions-local on 127.0.0.1. Assertions read n8n's run data and the
 * server's execution history.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOWS = path.join(__dirname, 'workflows');
const CREDENTIAL = { id: 'sfnE2eCredentl01', name: 'Step Functions Local' };
const UNKNOWN_TOKEN = 'AAAAKgAAAAIAAAAAAAAAAWellFormedButUnknownToken0123456789';

let tarball: string;

beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-')));
});

interface Approval {
	orderId: number;
	reviewer: string;
	taskToken: string;
	errorName?: string;
}

function outputOf(run: N8nRun | null, node: string, output = 0) {
	const runs = run?.data.resultData.runData[node];
	return runs?.[0]?.data?.main[output] ?? [];
}

describe.each(LINES)('inside n8n %s', (line) => {
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let admin: SfnSession;
	let machine: Awaited<ReturnType<typeof createActivityMachine>>;
	const approvals: Record<string, Approval[]> = {};
	const executions: Record<string, string[]> = {};
	let passMachineArn = '';

	async function scenario(name: string, count: number, extra: (index: number) => Partial<Approval> = () => ({})) {
		approvals[name] = [];
		executions[name] = [];
		for (let index = 0; index < count; index++) {
			const { executionArn, taskToken } = await machine.startAndTakeToken({ orderId: index + 1 });
			executions[name].push(executionArn);
			approvals[name].push({ orderId: index + 1, reviewer: 'ana', taskToken, ...extra(index) });
		}
	}

	/** Values known only at run time (tokens, generated names) replace the workflows' __PLACEHOLDERS__. */
	const placeholders: Record<string, string> = {};

	function writeWorkflows(folder: string) {
		fs.mkdirSync(folder, { recursive: true });
		for (const file of fs.readdirSync(WORKFLOWS)) {
			const name = path.basename(file, '.json');
			const values = { ...placeholders, __APPROVALS__: JSON.stringify({ approvals: approvals[name] ?? [] }) };
			const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
			const workflow = JSON.parse(text, (_key, value: unknown) =>
				typeof value === 'string' && value in values ? values[value as keyof typeof values] : value,
			);
			fs.writeFileSync(path.join(folder, file), JSON.stringify(workflow));
		}
	}

	async function status(executionArn: string) {
		return await machine.status(executionArn);
	}

	beforeAll(async () => {
		const install = ensureN8n(line);
		process.stderr.write(`e2e: n8n ${install.version} on ${install.nodeBinary}\n`);
		const userFolder = freshUserFolder(`sfn-e2e-${line}`);
		installCommunityPackage(userFolder, tarball);
		cli = new N8nCli(install, userFolder);

		server = await startLocalStepFunctions();
		admin = await createSfnSession({
			region: 'us-east-1',
			accessKeyId: 'admin',
			secretAccessKey: 'admin',
			customEndpoint: true,
			endpoint: server.endpoint,
		});
		machine = await createActivityMachine(admin.client);
		await scenario('reject-approvals', 3);
		await scenario('heartbeat-then-approve', 2);
		approvals['unknown-token-stops'] = [{ orderId: 1, reviewer: 'ana', taskToken: UNKNOWN_TOKEN }];
		await scenario('error-output-compensation', 1);
		approvals['error-output-compensation'].push({ orderId: 2, reviewer: 'ana', taskToken: UNKNOWN_TOKEN });
		await scenario('limit-violation', 2, (index) => ({ errorName: index === 0 ? 'Approval.Rejected' : 'E'.repeat(300) }));

		const passMachine = uniqueName('e2e-pass');
		const { stateMachineArn } = await admin.client.send(
			new admin.sdk.CreateStateMachineCommand({
				name: passMachine,
				definition: JSON.stringify({ StartAt: 'Approve', States: { Approve: { Type: 'Pass', Result: { approved: true }, ResultPath: '$.decision', End: true } } }),
				roleArn: 'arn:aws:iam::123456789012:role/e2e',
			}),
		);
		placeholders.__PASS_MACHINE__ = passMachine;
		placeholders.__EXECUTION_NAME__ = uniqueName('order-7');
		passMachineArn = stateMachineArn ?? '';

		writeWorkflows(path.join(userFolder, 'workflows'));
		await cli.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: {
					region: 'us-east-1',
					accessKeyId: 'AKIAE2ETEST',
					secretAccessKey: 'e2e-secret-never-printed',
					temporaryCredentials: false,
					customEndpoint: true,
					endpoint: server.endpoint,
				},
			},
		]);
		await cli.importWorkflows(path.join(userFolder, 'workflows'));
	}, 30 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		admin?.client.destroy();
		await server?.stop();
		// E2E_KEEP=1 leaves the n8n user folder (database, workflows, logs) for a look after a failure.
		if (cli && !process.env.E2E_KEEP) fs.rmSync(cli.userFolder, { recursive: true, force: true });
	});

	it('manual approval rejected: every execution fails with the exact error and cause', async () => {
		const { status: exitCode, run } = await cli.execute('e2eRejectApprova');
		expect(exitCode).toBe(0);
		const items = outputOf(run, 'Reject');
		expect(items).toEqual([0, 1, 2].map((item) => ({ json: {}, pairedItem: { item } })));
		for (const [index, executionArn] of executions['reject-approvals'].entries()) {
			await eventually(async () => ((await status(executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
			const failed = (await machine.history(executionArn)).find((event) => event.type === 'ActivityFailed');
			expect(failed?.activityFailedEventDetails).toEqual({
				error: 'Approval.Rejected',
				cause: `Order ${index + 1} rejected by ana`,
			});
		}
	});

	it('heartbeat, then Send Task Success with JSON output built through paired items', async () => {
		const { status: exitCode, run } = await cli.execute('e2eHeartbeatAppr');
		expect(exitCode).toBe(0);
		expect(outputOf(run, 'Still Working')).toHaveLength(2);
		expect(outputOf(run, 'Approve')).toEqual([0, 1].map((item) => ({ json: {}, pairedItem: { item } })));
		for (const [index, executionArn] of executions['heartbeat-then-approve'].entries()) {
			await eventually(async () => ((await status(executionArn)) === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
			const succeeded = (await machine.history(executionArn)).find((event) => event.type === 'ActivitySucceeded');
			expect(JSON.parse(succeeded?.activitySucceededEventDetails?.output ?? 'null')).toEqual({
				approved: true,
				orderId: index + 1,
				reviewer: 'ana',
			});
		}
	});

	it('an unknown token stops the workflow with the mapped message', async () => {
		const { status: exitCode, run, stdout, stderr } = await cli.execute('e2eUnknownTokenS');
		expect(exitCode).not.toBe(0);
		expect(run?.data.resultData.error?.message).toBe('Step Functions does not know this task token');
		expect(run?.data.resultData.lastNodeExecuted).toBe('Heartbeat');
		expect(run?.data.resultData.runData.After).toBeUndefined();
		expect(stdout + stderr).not.toContain('e2e-secret-never-printed');
	});

	it('"On Error: Continue (using error output)" sends the failed item to the compensation branch', async () => {
		const { status: exitCode, run } = await cli.execute('e2eCompensationE');
		expect(exitCode).toBe(0);
		expect(outputOf(run, 'Reject', 0)).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		const errorItems = outputOf(run, 'Reject', 1);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0]).toMatchObject({
			json: { error: 'Step Functions does not know this task token', message: expect.stringContaining('AWS error TaskDoesNotExist') },
			pairedItem: { item: 1 },
		});
		// The compensation branch reaches the original input item through the pairing.
		expect(outputOf(run, 'Compensate').map((item) => item.json)).toEqual([
			{ compensatedOrder: 2, reason: 'Step Functions does not know this task token' },
		]);
		const [executionArn] = executions['error-output-compensation'];
		await eventually(async () => ((await status(executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
	});

	it('a limit violation is refused before any request: no token of the run is spent', async () => {
		const { status: exitCode, run } = await cli.execute('e2eLimitViolatio');
		expect(exitCode).not.toBe(0);
		expect(run?.data.resultData.error?.message).toBe(
			'Item 1: "Error" is 300 characters long, over the limit of 256 characters',
		);
		// Item 0 was valid, yet nothing was sent: both executions still wait on their task.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		for (const executionArn of executions['limit-violation']) {
			expect(await status(executionArn)).toBe('RUNNING');
		}
	});

	it('starts an execution by state machine name, waits for its output, then lists it', async () => {
		const { status: exitCode, run } = await cli.execute('e2eStartWaitList');
		expect(exitCode).toBe(0);
		const [started] = outputOf(run, 'Start and Wait');
		expect(started.json).toMatchObject({
			status: 'SUCCEEDED',
			stateMachineArn: passMachineArn,
			name: placeholders.__EXECUTION_NAME__,
			input: { orderId: 7, source: 'n8n' },
			output: { orderId: 7, source: 'n8n', decision: { approved: true } },
		});
		const listed = outputOf(run, 'List Executions');
		expect(listed.map((item) => item.json.name)).toEqual([placeholders.__EXECUTION_NAME__]);
		expect(listed[0].pairedItem).toEqual({ item: 0 });
	});
});
