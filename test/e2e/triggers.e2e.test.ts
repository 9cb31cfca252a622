import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as sdk from '@aws-sdk/client-sfn';
import type { ChildProcess } from 'child_process';

import type { AdminSession } from '../helpers/adminClient';
import { createActivityMachine, eventually, localN8nCredential, localServerWithActivityMachine, uniqueName } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freePort, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import { deactivateWorkflow, signIn } from '../support/n8nRest';
import { startHangingActivityServer } from '../support/sfnStubs';
import type { HangingActivityServer } from '../support/sfnStubs';

/**
 * Both trigger nodes inside a real n8n (`n8n start` with the workflows active; activation per line is described in
 * test/e2e/README-activation.md), against stepfunctions-local on 127.0.0.1. One n8n start per line serves all checks.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const CREDENTIAL = { id: 'sfnE2eCredentl01', name: 'Step Functions Local' };
const WORKER_WORKFLOW = 'e2eActivityWorkr';
const STATUS_WORKFLOW = 'e2eFailedExecTrg';
/** Activity workers on a server whose GetActivityTask never answers: one deactivated in the editor's way, one at the SIGTERM */
const HANG_DEACTIVATED = 'e2eHangDeactivte';
const HANG_AT_SHUTDOWN = 'e2eHangShutdown1';
const HANG_CREDENTIAL = { id: 'sfnE2eHangCred01', name: 'Step Functions that never answers a poll' };
/** What deactivating may take however long the open polls hang (n8n awaits the trigger's closeFunction) */
const DEACTIVATION_LIMIT_MS = 10_000;

let tarball: string;
beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-')));
});

/** Copies the trigger workflows with the ARNs of this run filled in. */
function triggerWorkflows(folder: string, activityArn: string, stateMachineArn: string) {
	fs.mkdirSync(folder, { recursive: true });
	for (const file of ['trigger-activity-worker.json', 'trigger-failed-executions.json']) {
		const text = fs.readFileSync(path.join(__dirname, 'workflows', file), 'utf8');
		fs.writeFileSync(path.join(folder, file), text.replace('__ACTIVITY_ARN__', activityArn).replace('__STATE_MACHINE_ARN__', stateMachineArn));
	}
	const hanging = fs.readFileSync(path.join(__dirname, 'workflows', 'trigger-activity-hang.json'), 'utf8');
	for (const id of [HANG_DEACTIVATED, HANG_AT_SHUTDOWN]) fs.writeFileSync(path.join(folder, `${id}.json`), hanging.split('__WORKFLOW_ID__').join(id));
}

async function startExecution(admin: AdminSession, machine: ActivityMachine, orderId: number): Promise<string> {
	const { executionArn } = await admin.client.send(
		new sdk.StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: uniqueName(`order-${orderId}`), input: JSON.stringify({ orderId }) }),
	);
	return executionArn as string;
}

/** Starts an execution, takes its task as another worker and fails it: the execution ends FAILED. */
async function failOne(admin: AdminSession, machine: ActivityMachine, orderId: number): Promise<string> {
	const { executionArn, taskToken } = await machine.startAndTakeToken({ orderId });
	await admin.client.send(new sdk.SendTaskFailureCommand({ taskToken, error: 'Erp.Down', cause: `order ${orderId}` }));
	await eventually(async () => ((await machine.status(executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
	return executionArn;
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error(`n8n did not print ${pattern} within ${timeoutMs} ms:\n${seen.slice(-3000)}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			seen += chunk.toString();
			if (pattern.test(seen)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
	});
}

describe.each(LINES)('trigger nodes in n8n %s', (line) => {
	let server: LocalStepFunctions;
	let admin: AdminSession;
	let worked: ActivityMachine;
	let watched: ActivityMachine;
	let cli: N8nCli;
	let n8n: ChildProcess;
	let earlierFailure: string;
	let hanging: HangingActivityServer;
	let base: string;

	beforeAll(async () => {
		({ server, admin, machine: worked } = await localServerWithActivityMachine());
		watched = await createActivityMachine(admin.client);
		earlierFailure = await failOne(admin, watched, 100);
		hanging = await startHangingActivityServer();
		const install = ensureN8n(line);
		cli = new N8nCli(install, freshUserFolder(`sfn-e2e-triggers-${line}`));
		installCommunityPackage(cli.userFolder, tarball);
		await cli.importCredentials([localN8nCredential(CREDENTIAL, server.endpoint), localN8nCredential(HANG_CREDENTIAL, hanging.endpoint)]);
		const folder = path.join(cli.userFolder, 'trigger-workflows');
		triggerWorkflows(folder, worked.activityArn, watched.stateMachineArn);
		await cli.importWorkflows(folder);
		await cli.activateWorkflow(WORKER_WORKFLOW);
		await cli.activateWorkflow(STATUS_WORKFLOW);
		await cli.activateWorkflow(HANG_DEACTIVATED);
		await cli.activateWorkflow(HANG_AT_SHUTDOWN);
		const port = await freePort();
		base = `http://127.0.0.1:${port}`;
		n8n = await cli.start(port);
		await waitForOutput(n8n, /Editor is now accessible/, 90_000);
	}, 5 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		admin?.close();
		await server?.stop();
		await hanging?.stop();
		if (!process.env.E2E_KEEP && cli) fs.rmSync(cli.userFolder, { recursive: true, force: true });
	});

	it('deactivating an Activity Trigger whose long polls never answer takes seconds, and ends its polls', async () => {
		// Both workflows on the hanging server have their three polls open (the server never answers them; the node's own
		// timeout for a long poll is 70 s, so this runs well before any of them would end by itself).
		await eventually(async () => (hanging.openPolls === 6 ? true : undefined), 'six open polls on the hanging server', 30_000);
		const cookie = await signIn(base);
		const { answer, tookMs, removedBy } = await deactivateWorkflow(base, cookie, HANG_DEACTIVATED);
		process.stderr.write(
			`e2e (n8n ${line}): deactivating the Activity Trigger with 3 never-answered long polls took ${tookMs} ms (trigger removed by ${removedBy})\n`,
		);
		expect({ status: answer.status, body: answer.status === 200 ? '' : answer.body }).toEqual({ status: 200, body: '' });
		expect(tookMs).toBeLessThan(DEACTIVATION_LIMIT_MS);
		// n8n closed the deactivated workflow's three connections; the other workflow's three stay open.
		await eventually(async () => (hanging.openPolls === 3 ? true : undefined), "the deactivated workflow's polls to end", 5_000);
		expect(hanging.polls).toBe(6);
	}, 2 * 60_000);

	it('the activity worker workflow answers a batch of executions exactly once each, with three pollers', async () => {
		const executions = await Promise.all(Array.from({ length: 10 }, (_, i) => startExecution(admin, worked, i)));
		for (const executionArn of executions) {
			await eventually(async () => ((await worked.status(executionArn)) === 'SUCCEEDED' ? true : undefined), `${executionArn} SUCCEEDED`, 60_000);
		}
		for (const [index, executionArn] of executions.entries()) {
			const events = await worked.history(executionArn);
			const succeeded = events.filter((event) => event.type === 'ActivitySucceeded');
			expect(succeeded).toHaveLength(1);
			expect(JSON.parse(succeeded[0].activitySucceededEventDetails?.output ?? '{}')).toEqual({ orderId: index, worker: 'n8n-e2e' });
		}
		// One n8n execution per task, all successful: a task emitted twice would make one of them fail on its spent token.
		const stored = await cli.storedExecutions(WORKER_WORKFLOW);
		expect(stored).toHaveLength(10);
		expect(stored.every((execution) => execution.status === 'success')).toBe(true);
	}, 2 * 60_000);

	it('the status trigger fires once per execution that failed after activation, never for the earlier one', async () => {
		const failures = [await failOne(admin, watched, 1), await failOne(admin, watched, 2)];
		const emittedArns = async () => {
			const stored = await cli.storedExecutions(STATUS_WORKFLOW);
			return stored.flatMap((execution) =>
				(execution.run.resultData.runData['Step Functions Trigger']?.[0]?.data?.main[0] ?? []).map((item) => item.json.executionArn as string),
			);
		};
		// Polls run once a minute.
		await eventually(async () => ((await emittedArns()).length >= 2 ? true : undefined), 'the failed executions in n8n', 150_000);
		const arns = await emittedArns();
		expect(arns.sort()).toEqual([...failures].sort());
		expect(arns).not.toContain(earlierFailure);
	}, 3 * 60_000);

	it('a graceful stop (SIGTERM) leaves no task taken and unanswered', async () => {
		const executions = await Promise.all(Array.from({ length: 6 }, (_, i) => startExecution(admin, worked, 50 + i)));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const exited = new Promise((resolve) => n8n.once('exit', resolve));
		const openPolls = hanging.openPolls;
		const stopAt = Date.now();
		n8n.kill('SIGTERM');
		await exited;
		const stopMs = Date.now() - stopAt;
		process.stderr.write(`e2e (n8n ${line}): n8n ended ${stopMs} ms after SIGTERM, with ${openPolls} never-answered long polls open\n`);
		// Whatever the server does not answer, a stop is not held by the trigger (n8n awaits its closeFunction).
		expect(stopMs).toBeLessThan(DEACTIVATION_LIMIT_MS);
		// stepfunctions-local records answers on its 1 s tick.
		await new Promise((resolve) => setTimeout(resolve, 2500));
		// Every execution is answered (SUCCEEDED, or its task handed back with n8n.WorkerStopped) or its task is still
		// waiting for a worker: stepfunctions-local gives each waiting task to the next GetActivityTask.
		// The waiting tasks are taken first and answered only after the histories were read: an answer of this test's
		// own must not count as n8n's.
		const stillWaiting = new Set<string>();
		const takenAfterStop: string[] = [];
		for (;;) {
			const task = await admin.client.send(new sdk.GetActivityTaskCommand({ activityArn: worked.activityArn, workerName: 'after-stop' }));
			if (!task.taskToken) break;
			stillWaiting.add(JSON.stringify(JSON.parse(task.input ?? '{}')));
			takenAfterStop.push(task.taskToken);
		}
		for (const [index, executionArn] of executions.entries()) {
			const events = await worked.history(executionArn);
			const answered = events.filter((event) => event.type === 'ActivitySucceeded' || event.type === 'ActivityFailed');
			const handedBack = answered.some((event) => event.activityFailedEventDetails?.error === 'n8n.WorkerStopped');
			const waiting = stillWaiting.has(JSON.stringify({ orderId: 50 + index }));
			expect({ executionArn, answeredOrWaiting: answered.length === 1 || waiting, both: answered.length > 0 && waiting }).toEqual({
				executionArn,
				answeredOrWaiting: true,
				both: false,
			});
			if (answered.length === 1 && !handedBack) expect(answered[0].type).toBe('ActivitySucceeded');
		}
		for (const taskToken of takenAfterStop) await admin.client.send(new sdk.SendTaskSuccessCommand({ taskToken, output: '{}' }));
	}, 60_000);
});
