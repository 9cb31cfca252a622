import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { SfnSession } from '../../nodes/shared/transport/sfnClient';
import { eventually, localN8nCredential, localServerWithActivityMachine, uniqueName } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubReply, StubStepFunctions } from '../helpers/stubStepFunctions';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import type { CliResult, N8nRun, StoredExecution } from '../support/n8nInstance';

/**
 * The packed package, installed into a real n8n the way n8n installs community packages, runs workflows
 * from test/e2e/workflows against stepfunctions-local on 127.0.0.1. Assertions read n8n's run data and the
 * server's execution history.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOWS = path.join(__dirname, 'workflows');
const CREDENTIAL = { id: 'sfnE2eCredentl01', name: 'Step Functions Local' };
const UNKNOWN_TOKEN = 'AAAAKgAAAAIAAAAAAAAAAWellFormedButUnknownToken0123456789';
/** Temporary keys (with a session token) aimed at a loopback stub that answers with signature errors. */
const STUB_CREDENTIAL = { id: 'sfnE2eTempCred01', name: 'Step Functions Stub (temporary keys)' };
const WRONG_KEY_MESSAGE = 'The request signature does not match: the Secret Access Key is wrong';
const CLOCK_MESSAGE = "The request signature was refused: this machine's clock is off";

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

/** Keys of the temporary credential, new for every n8n line: any trace of them can only come from that run. */
function temporaryKeys() {
	return {
		accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
		// base64: with "/" and "+", as real secret keys and session tokens have
		secretAccessKey: randomBytes(30).toString('base64'),
		sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`,
		/** The signature the stub claims the request carried */
		signature: randomBytes(32).toString('hex'),
	};
}
type TemporaryKeys = ReturnType<typeof temporaryKeys>;

/** What must never be stored or printed, by name: the secret key, the session token (also URL-encoded) and the signature. */
function secretsOf(keys: TemporaryKeys): Record<string, string> {
	return {
		'secret access key': keys.secretAccessKey,
		'session token': keys.sessionToken,
		'URL-encoded session token': encodeURIComponent(keys.sessionToken),
		'request signature': keys.signature,
	};
}

/**
 * An InvalidSignatureException as AWS words it (the canonical request with x-amz-security-token, the string to
 * sign), plus what a proxy or a careless endpoint could add: the Authorization header with the signature, the
 * query-string form of the token and the secret key itself. A task token containing "clock" gets AWS's
 * expired-signature wording instead.
 */
function signatureRefusal(keys: TemporaryKeys, endpoint: string, body: Record<string, unknown>): { reply: StubReply; message: string } {
	const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
	const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
	const day = amzDate.slice(0, 8);
	const scope = `${day}/us-east-1/states/aws4_request`;
	const signedHeaders = 'content-type;host;x-amz-date;x-amz-security-token;x-amz-target';
	const canonicalRequest = [
		'POST',
		'/',
		'',
		'content-type:application/x-amz-json-1.0',
		`host:${endpoint.replace(/^https?:\/\//, '')}`,
		`x-amz-date:${amzDate}`,
		`x-amz-security-token:${keys.sessionToken}`,
		'x-amz-target:AWSStepFunctions.SendTaskFailure',
		'',
		signedHeaders,
		sha256(JSON.stringify(body)),
	].join('\n');
	const first = String(body.taskToken).includes('clock')
		? `Signature expired: ${day}T000000Z is now earlier than ${amzDate} (${amzDate} - 5 min.)`
		: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
	const message = [
		first,
		'',
		`The Canonical String for this request should have been\n'${canonicalRequest}'`,
		'',
		`The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonicalRequest)}'`,
		'',
		`Authorization: AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${keys.signature}`,
		`Presigned form: ${endpoint}/?X-Amz-Credential=${keys.accessKeyId}%2F${day}&X-Amz-Security-Token=${encodeURIComponent(keys.sessionToken)}&X-Amz-Signature=${keys.signature}`,
		`The signing key was derived from "AWS4${keys.secretAccessKey}"; secret access key: ${keys.secretAccessKey}`,
	].join('\n');
	return { reply: { status: 400, body: { __type: 'InvalidSignatureException', message } }, message };
}

/** Each secret found in the text, whole or in part (16 characters of its middle or its end), as "where: what". */
function leaksIn(where: string, text: string, secrets: Record<string, string>): string[] {
	const found: string[] = [];
	for (const [name, secret] of Object.entries(secrets)) {
		const middle = Math.floor(secret.length / 2);
		const pieces = [secret, secret.slice(middle - 8, middle + 8), secret.slice(-16)];
		if (pieces.some((piece) => text.includes(piece))) found.push(`${where}: ${name}`);
	}
	return found;
}

/** Every file under a folder, except the installed package's own code (.n8n/nodes). */
function storedFiles(folder: string): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return entry.name === 'nodes' && path.basename(folder) === '.n8n' ? [] : storedFiles(full);
		return entry.isFile() ? [full] : [];
	});
}

describe('the packed package', () => {
	const manifest = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
		n8n: { nodes: string[]; credentials: string[] };
	};

	it('has no runtime dependencies and carries the bundled AWS SDK with its licence, and every file the n8n section names', () => {
		const listing = new Set(
			execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
				.split('\n')
				.map((entry: string) => entry.replace(/^package\//, '')),
		);
		const { dependencies, n8n } = manifest();
		expect(dependencies ?? {}).toEqual({});
		for (const file of [...n8n.nodes, ...n8n.credentials, 'dist/vendor/aws-sdk.js', 'dist/vendor/aws-sdk.LICENSE.txt']) {
			expect(listing).toContain(file);
		}
	});

	it('packs complete from a fresh clone: `npm pack` builds dist/ itself (committed files only)', () => {
		const root = path.join(__dirname, '..', '..');
		const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-clone-'));
		execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
		// The clone's own `npm ci` would take minutes; the tools it builds with are the same as here.
		fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
		expect(fs.existsSync(path.join(clone, 'dist'))).toBe(false);
		const stdout = execFileSync('npm', ['pack', '--json', '--loglevel=error'], { cwd: clone, encoding: 'utf8' });
		// The build that prepack runs prints its own lines first; npm's JSON report comes last.
		const [packed] = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[\n') + 1)) as Array<{ files: Array<{ path: string }> }>;
		const files = new Set(packed.files.map((file) => file.path));
		const { n8n } = manifest();
		for (const file of [...n8n.nodes, ...n8n.credentials, 'dist/vendor/aws-sdk.js', 'package.json', 'README.md', 'LICENSE']) {
			expect(files).toContain(file);
		}
		fs.rmSync(clone, { recursive: true, force: true });
	}, 180_000);

	it("installs as n8n's installer installs it with nothing to fetch, and loads the SDK from its own bundle", async () => {
		const userFolder = freshUserFolder('sfn-e2e-bundle');
		const packageDir = installCommunityPackage(userFolder, tarball);
		const installed = fs.existsSync(path.join(packageDir, 'node_modules')) ? fs.readdirSync(path.join(packageDir, 'node_modules')) : [];
		expect(installed.filter((entry) => !entry.startsWith('.'))).toEqual([]);
		// A Node process that, like n8n, has n8n-workflow but no AWS SDK on its module path.
		const script = `
			const Module = require('module');
			const resolve = Module._resolveFilename;
			Module._resolveFilename = function (request, ...rest) {
				if (request === 'n8n-workflow') return require.resolve(${JSON.stringify(require.resolve('n8n-workflow'))});
				return resolve.call(this, request, ...rest);
			};
			const { createSfnSession } = require(${JSON.stringify(path.join(packageDir, 'dist/nodes/shared/transport/sfnClient.js'))});
			createSfnSession({ region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' }).then((session) => {
				session.close();
				const loaded = Object.keys(require.cache);
				process.stdout.write(JSON.stringify({
					bundle: loaded.some((file) => file.endsWith('dist/vendor/aws-sdk.js')),
					fromNodeModules: loaded.filter((file) => file.includes('node_modules/@aws-sdk') || file.includes('node_modules/@smithy')),
				}));
			});`;
		const output = execFileSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), encoding: 'utf8' });
		expect(JSON.parse(output)).toEqual({ bundle: true, fromNodeModules: [] });
	});
});

describe.each(LINES)('inside n8n %s', (line) => {
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let admin: SfnSession;
	let machine: ActivityMachine;
	const approvals: Record<string, Approval[]> = {};
	const executions: Record<string, string[]> = {};
	let passMachineArn = '';
	let typedMachineArn = '';
	const keys = temporaryKeys();
	let stub: StubStepFunctions;
	/** The messages the stub answered with, to show they did carry the secrets */
	const refusals: string[] = [];
	const typedTask: { executions: string[] } = { executions: [] };

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
		// The trigger and access suites (triggers.e2e, access.e2e) import their own workflows into their own n8n.
		for (const file of fs.readdirSync(WORKFLOWS).filter((entry) => !/^(trigger|access)-/.test(entry))) {
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

		({ server, admin, machine } = await localServerWithActivityMachine());
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

		// Numbers as execution names: a state machine of their own, so that 1001 and 1002 are free names.
		const typedMachine = uniqueName('e2e-typed');
		const typed = await admin.client.send(
			new admin.sdk.CreateStateMachineCommand({
				name: typedMachine,
				definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
				roleArn: 'arn:aws:iam::123456789012:role/e2e',
			}),
		);
		typedMachineArn = typed.stateMachineArn ?? '';
		placeholders.__TYPED_MACHINE__ = typedMachine;
		placeholders.__NUMERIC_ORDERS__ = JSON.stringify({ items: [{ orderId: 1001 }, { orderId: 1002 }] });

		// A null cause, an object as the task token, and a plain item, each with a task of its own.
		const tokens: string[] = [];
		for (let index = 0; index < 3; index++) {
			const { executionArn, taskToken } = await machine.startAndTakeToken({ orderId: index + 1 });
			typedTask.executions.push(executionArn);
			tokens.push(taskToken);
		}
		placeholders.__TYPED_TASK_ITEMS__ = JSON.stringify({
			items: [
				{ orderId: 1, token: tokens[0], cause: null },
				{ orderId: 2, token: { value: tokens[1] }, cause: 'Order 2 rejected' },
				{ orderId: 3, token: tokens[2], cause: 'Order 3 rejected' },
			],
		});

		stub = await startStubStepFunctions();
		stub.answer('SendTaskFailure', (body) => {
			const { reply, message } = signatureRefusal(keys, stub.endpoint, body);
			refusals.push(message);
			return reply;
		});
		placeholders.__SIGNATURE_ITEMS__ = JSON.stringify({
			items: [
				{ orderId: 1, taskToken: 'stub-token-wrong-key-1' },
				{ orderId: 2, taskToken: 'stub-token-clock-2' },
			],
		});
		placeholders.__SIGNATURE_STOP_ITEMS__ = JSON.stringify({ items: [{ orderId: 3, taskToken: 'stub-token-wrong-key-3' }] });

		writeWorkflows(path.join(userFolder, 'workflows'));
		await cli.importCredentials([
			localN8nCredential(CREDENTIAL, server.endpoint),
			{
				...STUB_CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: {
					region: 'us-east-1',
					accessKeyId: keys.accessKeyId,
					secretAccessKey: keys.secretAccessKey,
					temporaryCredentials: true,
					sessionToken: keys.sessionToken,
					customEndpoint: true,
					endpoint: stub.endpoint,
				},
			},
		]);
		await cli.importWorkflows(path.join(userFolder, 'workflows'));
	}, 30 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		admin?.client.destroy();
		await server?.stop();
		await stub?.stop();
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

	/**
	 * The run of a workflow through a signature error leaves none of the secrets in what n8n printed (the
	 * --rawOutput run data and its logs), in the execution row it stored, or in any file of its user folder
	 * (database, WAL, logs); the stored row does hold the readable messages, so the search looked at the run.
	 */
	async function expectNoSecretLeft(workflowId: string, result: CliResult & { run: N8nRun | null }, readable: string[]) {
		const secrets = secretsOf(keys);
		// The stub did quote every secret: a clean run is the node's doing, not an empty answer.
		expect(refusals.length).toBeGreaterThan(0);
		for (const refusal of refusals) expect(leaksIn('stub answer', refusal, secrets)).toHaveLength(Object.keys(secrets).length);

		const stored: StoredExecution[] = await cli.storedExecutions(workflowId);
		expect(stored).toHaveLength(1);
		for (const message of readable) expect(stored[0].data).toContain(message);
		const leaks = [
			...leaksIn('n8n execute stdout', result.stdout, secrets),
			...leaksIn('n8n execute stderr', result.stderr, secrets),
			...leaksIn('run data', JSON.stringify(result.run), secrets),
			...leaksIn(`stored execution ${stored[0].id}`, stored[0].data, secrets),
			...storedFiles(cli.userFolder).flatMap((file) =>
				leaksIn(path.relative(cli.userFolder, file), fs.readFileSync(file, 'latin1'), secrets),
			),
		];
		// Names where a secret showed, never the texts themselves (they would print the secret).
		expect(leaks).toEqual([]);
		return stored[0];
	}

	it('a signature error on the error output is readable, and no key, token or signature is printed or stored', async () => {
		refusals.length = 0;
		const result = await cli.execute('e2eSignatureErrO');
		expect(result.status).toBe(0);
		expect(outputOf(result.run, 'Reject', 0)).toEqual([]);
		// (n8n adds the input item's fields to an error-output item.)
		const refused = outputOf(result.run, 'Reject', 1);
		expect(refused).toHaveLength(2);
		expect(refused).toMatchObject([
			{
				json: { error: WRONG_KEY_MESSAGE, message: expect.stringContaining('AWS error InvalidSignatureException') },
				pairedItem: { item: 0 },
			},
			{
				json: { error: CLOCK_MESSAGE, message: expect.stringContaining('AWS error InvalidSignatureException') },
				pairedItem: { item: 1 },
			},
		]);
		expect(outputOf(result.run, 'Signature Refused')).toHaveLength(2);
		// Both items reached the stub. A wrong key is not retried; an expired signature the AWS SDK signs anew and
		// retries, within the node's retries (2 by default).
		const sent = stub.requests.filter((request) => request.action === 'SendTaskFailure').map((request) => request.body.taskToken);
		expect(sent.filter((token) => token === 'stub-token-wrong-key-1')).toHaveLength(1);
		const clockAttempts = sent.filter((token) => token === 'stub-token-clock-2').length;
		expect(clockAttempts).toBeGreaterThanOrEqual(1);
		expect(clockAttempts).toBeLessThanOrEqual(3);
		expect(refusals).toHaveLength(sent.length);

		const stored = await expectNoSecretLeft('e2eSignatureErrO', result, [WRONG_KEY_MESSAGE, CLOCK_MESSAGE]);
		expect(stored.status).toBe('success');
	});

	it('a signature error that stops the workflow is readable, and no key, token or signature is printed or stored', async () => {
		refusals.length = 0;
		const result = await cli.execute('e2eSignatureStop');
		expect(result.status).not.toBe(0);
		const error = result.run?.data.resultData.error;
		expect(error?.message).toBe(WRONG_KEY_MESSAGE);
		expect(error?.description).toContain("Enter the credential's Secret Access Key again");
		expect(error?.description).toContain('AWS error InvalidSignatureException');
		expect(result.run?.data.resultData.lastNodeExecuted).toBe('Reject');
		expect(result.run?.data.resultData.runData.After).toBeUndefined();
		expect(refusals).toHaveLength(1);

		const stored = await expectNoSecretLeft('e2eSignatureStop', result, [WRONG_KEY_MESSAGE]);
		expect(stored.status).toBe('error');
		expect(stored.run.resultData.error?.message).toBe(WRONG_KEY_MESSAGE);
	});

	it('a number from an expression names the execution: order 1001 starts the execution "1001"', async () => {
		const { status: exitCode, run } = await cli.execute('e2eTypedExecName');
		expect(exitCode).toBe(0);
		const started = outputOf(run, 'Start and Wait');
		expect(started.map((item) => item.json.name)).toEqual(['1001', '1002']);
		expect(started.map((item) => item.json.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
		expect(started.map((item) => item.json.executionArn)).toEqual([expect.stringMatching(/:1001$/), expect.stringMatching(/:1002$/)]);
		expect(started.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		// On the server: exactly these two executions, named by the numbers, with the items as input.
		const { executions = [] } = await admin.client.send(new admin.sdk.ListExecutionsCommand({ stateMachineArn: typedMachineArn }));
		expect(executions.map((execution) => execution.name).sort()).toEqual(['1001', '1002']);
		const described = await admin.client.send(
			new admin.sdk.DescribeExecutionCommand({ executionArn: String(started[0].json.executionArn) }),
		);
		expect(described.name).toBe('1001');
		expect(JSON.parse(described.input ?? 'null')).toEqual({ orderId: 1001 });
	});

	it('a null cause is sent as no cause, and an object task token goes to the error output while the others go through', async () => {
		const { status: exitCode, run } = await cli.execute('e2eTypedTaskVals');
		expect(exitCode).toBe(0);
		expect(outputOf(run, 'Reject', 0)).toEqual([
			{ json: {}, pairedItem: { item: 0 } },
			{ json: {}, pairedItem: { item: 2 } },
		]);
		const refused = outputOf(run, 'Reject', 1);
		expect(refused).toHaveLength(1);
		expect(refused[0].pairedItem).toEqual({ item: 1 });
		expect(refused[0].json.error).toEqual(expect.stringContaining('Item 1'));
		expect(refused[0].json.error).toEqual(expect.stringContaining('"Task Token"'));
		expect(refused[0].json.error).toEqual(expect.stringContaining('object'));
		expect(refused[0].json.message).toEqual(expect.stringContaining('Nothing was sent for this item'));
		expect(outputOf(run, 'Refused Before Sending')).toHaveLength(1);

		const [withNullCause, withObjectToken, plain] = typedTask.executions;
		const failedDetails = async (executionArn: string) => {
			await eventually(async () => ((await status(executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
			return (await machine.history(executionArn)).find((event) => event.type === 'ActivityFailed')?.activityFailedEventDetails;
		};
		// Not the text "null", not an empty text: no cause at all.
		const nullCause = await failedDetails(withNullCause);
		expect(nullCause?.error).toBe('Approval.Rejected');
		expect(nullCause?.cause).toBeUndefined();
		expect(await failedDetails(plain)).toEqual({ error: 'Approval.Rejected', cause: 'Order 3 rejected' });
		// The token inside the object was never sent: its task still waits.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await status(withObjectToken)).toBe('RUNNING');
	});
});
