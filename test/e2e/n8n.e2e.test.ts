import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { AdminSession } from '../helpers/adminClient';
import { startStsStub } from '../helpers/awsStandIns';
import type { StsStub } from '../helpers/awsStandIns';
import { eventually, localN8nCredential, localServerWithActivityMachine, uniqueName } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { startRawStub } from '../helpers/stubStepFunctions';
import type { RawReply, RawRequest, RawStub } from '../helpers/stubStepFunctions';
import { leaksIn, leaksInUserFolder, signatureOf } from '../support/leaks';
import type { Secrets } from '../support/leaks';
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
/** A role assumed through a loopback STS, its temporary keys aimed at the same stub. */
const ROLE_STUB_CREDENTIAL = { id: 'sfnE2eRoleSigCrd', name: 'Step Functions Stub (assume role)' };
const ROLE_ARN = 'arn:aws:iam::210987654321:role/E2eSignatureCaller';
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

/** Keys of a credential, new for every n8n line: any trace of them can only come from that run. */
function randomKeys(prefix: 'ASIA' | 'AKIA') {
	return {
		accessKeyId: `${prefix}${randomBytes(8).toString('hex').toUpperCase()}`,
		// base64: with "/" and "+", as real secret keys and session tokens have
		secretAccessKey: randomBytes(30).toString('base64'),
		sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`,
	};
}

/** A session token as it shows in text: as it is, and URL-encoded (a presigned URL's query string). */
function tokenForms(name: string, token: string): Secrets {
	return { [name]: token, [`URL-encoded ${name}`]: encodeURIComponent(token) };
}

/** The signature of every request the stub received signed by that key, by name. */
function signaturesFrom(requests: RawRequest[], accessKeyId: string): Secrets {
	const signatures = requests
		.filter((request) => String(request.headers.authorization).includes(`Credential=${accessKeyId}/`))
		.map((request) => signatureOf(String(request.headers.authorization)));
	return Object.fromEntries(signatures.map((signature, index) => [`request signature ${index + 1}`, String(signature)]));
}

/**
 * A Step Functions stub that refuses every request with AWS's InvalidSignatureException, worded as AWS words it
 * (the canonical request with x-amz-security-token, the string to sign) plus what a proxy or a careless endpoint
 * could add: the Authorization header it received (signature included), the X-Amz-Security-Token it received, as it
 * is and URL-encoded, and the secret key of the access key that signed. A task token containing "clock" gets AWS's
 * expired-signature wording (the answer's Date stays the real time: the signature is not made again). Every message it sent is kept, to show it did carry the secrets.
 */
async function startRefusingStub(secretOf: (accessKeyId: string) => string | undefined): Promise<RawStub & { refusals: string[] }> {
	const refusals: string[] = [];
	const stub = await startRawStub((request): RawReply => {
		const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
		const header = (name: string) => String(request.headers[name] ?? '');
		const authorization = header('authorization');
		const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1] ?? '';
		const amzDate = header('x-amz-date');
		const day = amzDate.slice(0, 8);
		const scope = `${day}/us-east-1/states/aws4_request`;
		const token = header('x-amz-security-token');
		const body = JSON.parse(request.body || '{}') as { taskToken?: string };
		const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1] ?? '';
		const canonicalRequest = [
			'POST',
			'/',
			'',
			...signedHeaders.split(';').map((name) => `${name}:${header(name)}`),
			'',
			signedHeaders,
			sha256(request.body),
		].join('\n');
		const clock = String(body.taskToken).includes('clock');
		const first = clock
			? `Signature expired: ${amzDate} is now earlier than ${amzDate} (${amzDate} - 5 min.)`
			: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
		const message = [
			first,
			'',
			`The Canonical String for this request should have been\n'${canonicalRequest}'`,
			'',
			`The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonicalRequest)}'`,
			'',
			`Authorization: ${authorization}`,
			`X-Amz-Security-Token: ${token}`,
			`Presigned form: ${stub.endpoint}/?X-Amz-Credential=${accessKeyId}%2F${day}&X-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-Signature=${signatureOf(authorization)}`,
			`The signing key was derived from "AWS4${secretOf(accessKeyId)}"; secret access key: ${secretOf(accessKeyId)}`,
		].join('\n');
		refusals.push(message);
		return {
			status: 400,
			headers: { 'x-amzn-requestid': `e2e-refusal-${refusals.length}` },
			body: JSON.stringify({ __type: 'InvalidSignatureException', message }),
		};
	});
	return Object.assign(stub, { refusals });
}

describe('the packed package', () => {
	const manifest = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};

	/** The tarball's files with their sizes, without the package/ prefix. */
	function tarballListing(): Map<string, number> {
		const lines = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
		return new Map(
			lines.map((line) => {
				// -rw-r--r-- 0/0  5231 1985-10-26 08:15 package/dist/credentials/AwsStepFunctionsApi.credentials.js
				const [, size, name] = /^\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line) ?? [];
				return [String(name).replace(/^package\//, ''), Number(size)];
			}),
		);
	}

	it('has no runtime dependencies, no dist/vendor, no .d.ts file, and every file the n8n section names; its size is reported', () => {
		const listing = tarballListing();
		const files = [...listing.keys()];
		const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
			dependencies?: Record<string, string>;
			bundleDependencies?: unknown;
			bundledDependencies?: unknown;
			optionalDependencies?: Record<string, string>;
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect({
			dependencies: packed.dependencies ?? {},
			optionalDependencies: packed.optionalDependencies ?? {},
			bundled: packed.bundleDependencies ?? packed.bundledDependencies ?? [],
		}).toEqual({ dependencies: {}, optionalDependencies: {}, bundled: [] });
		expect(files.filter((file) => file.startsWith('dist/vendor'))).toEqual([]);
		expect(files.filter((file) => file.endsWith('.d.ts') || file.endsWith('.map'))).toEqual([]);
		expect(files.filter((file) => file.startsWith('node_modules/'))).toEqual([]);
		// The packed manifest names what the repository's does, and each of those files is in the tarball.
		expect(packed.n8n).toMatchObject(manifest().n8n);
		for (const file of [...packed.n8n.nodes, ...packed.n8n.credentials]) expect(files).toContain(file);
		const unpacked = [...listing.values()].reduce((sum, size) => sum + size, 0);
		process.stderr.write(
			`e2e: ${path.basename(tarball)}: ${(fs.statSync(tarball).size / 1024).toFixed(1)} kB packed, ${(unpacked / 1024).toFixed(1)} kB unpacked, ${files.length} files\n`,
		);
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
		for (const file of [...n8n.nodes, ...n8n.credentials, 'package.json', 'README.md', 'LICENSE']) {
			expect(files).toContain(file);
		}
		expect([...files].filter((file) => file.startsWith('dist/vendor') || file.endsWith('.d.ts'))).toEqual([]);
		fs.rmSync(clone, { recursive: true, force: true });
	}, 180_000);

	it("installed as n8n's installer installs it, its node and credential files load nothing from outside the package but n8n-workflow and crypto", () => {
		const userFolder = freshUserFolder('sfn-e2e-modules');
		try {
			const packageDir = installCommunityPackage(userFolder, tarball);
			// n8n's installer fetched nothing: the package has no node_modules of its own.
			const installed = fs.existsSync(path.join(packageDir, 'node_modules')) ? fs.readdirSync(path.join(packageDir, 'node_modules')) : [];
			expect(installed.filter((entry) => !entry.startsWith('.'))).toEqual([]);
			const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
			const entryFiles = [...n8n.credentials, ...n8n.nodes].map((file) => path.join(packageDir, file));

			// A Node process that, like n8n, resolves n8n-workflow for the package, and records every module load a
			// file of the package asks for (Module._load), then what the module cache holds. Each class is also
			// instantiated, as n8n does when it loads the package.
			const script = `
				const Module = require('module');
				const path = require('path');
				const [packageDir, workflowPath, ...entries] = JSON.parse(process.env.SFN_MODULE_CHECK);
				const resolve = Module._resolveFilename;
				Module._resolveFilename = function (request, ...rest) {
					if (request === 'n8n-workflow') return workflowPath;
					return resolve.call(this, request, ...rest);
				};
				const asked = [];
				const load = Module._load;
				Module._load = function (request, parent, ...rest) {
					if (parent && parent.filename && parent.filename.startsWith(packageDir + path.sep)) {
						asked.push({ request, from: path.relative(packageDir, parent.filename) });
					}
					return load.call(this, request, parent, ...rest);
				};
				const before = new Set(Object.keys(require.cache));
				const classes = [];
				for (const entry of entries) {
					for (const [name, value] of Object.entries(require(entry))) {
						if (typeof value === 'function') { new value(); classes.push(name); }
					}
				}
				process.stdout.write(JSON.stringify({ asked, classes, cached: Object.keys(require.cache).filter((file) => !before.has(file)) }));`;
			const workflowPath = require.resolve('n8n-workflow');
			const output = execFileSync(process.execPath, ['-e', script], {
				cwd: os.tmpdir(),
				encoding: 'utf8',
				env: { ...process.env, SFN_MODULE_CHECK: JSON.stringify([packageDir, workflowPath, ...entryFiles]) },
			});
			const { asked, classes, cached } = JSON.parse(output) as { asked: Array<{ request: string; from: string }>; classes: string[]; cached: string[] };
			expect(classes.sort()).toEqual(['AwsStepFunctions', 'AwsStepFunctionsActivityTrigger', 'AwsStepFunctionsApi', 'AwsStepFunctionsTrigger']);

			// What the package's own files ask for: their own relative files, n8n-workflow, and Node's crypto; nothing else.
			const outside = asked.filter(({ request }) => !request.startsWith('.') && request !== 'n8n-workflow');
			expect([...new Set(outside.map(({ request }) => request.replace(/^node:/, '')))]).toEqual(['crypto']);
			// Every module newly in the cache is a file of the package, or of n8n-workflow and its dependencies (in the
			// node_modules folder n8n-workflow was resolved in), and none of them is an AWS SDK, smithy or proxy library.
			const modulesRoot = workflowPath.slice(0, workflowPath.lastIndexOf(`${path.sep}node_modules${path.sep}`) + `${path.sep}node_modules`.length);
			const foreign = cached.filter((file) => !file.startsWith(packageDir + path.sep) && !file.startsWith(modulesRoot + path.sep));
			expect(foreign).toEqual([]);
			expect(cached.filter((file) => /node_modules\/(@aws-sdk|@smithy|aws-sdk|aws4|proxy-from-env|https?-proxy-agent)\//.test(file))).toEqual([]);
			// And the package's files that were loaded are under its folder, none under a node_modules of its own.
			expect(cached.filter((file) => file.startsWith(path.join(packageDir, 'node_modules')))).toEqual([]);
			process.stderr.write(
				`e2e: loading the package's ${entryFiles.length} entry files loaded ${cached.filter((file) => file.startsWith(packageDir)).length} of its files; from outside only ${[...new Set(asked.filter(({ request }) => !request.startsWith('.')).map(({ request }) => request))].sort().join(', ')}\n`,
			);

			// The same, read from the code rather than a run: every require() in the package's JavaScript.
			const required = execFileSync('grep', ['-rhoE', "require\\(\"[^\"]+\"\\)", path.join(packageDir, 'dist')], { encoding: 'utf8' })
				.split('\n')
				.filter(Boolean)
				.map((call) => call.slice('require("'.length, -2));
			expect([...new Set(required.filter((request) => !request.startsWith('.')))].sort()).toEqual(['crypto', 'n8n-workflow']);
		} finally {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	});
});

describe.each(LINES)('inside n8n %s', (line) => {
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let admin: AdminSession;
	let machine: ActivityMachine;
	const approvals: Record<string, Approval[]> = {};
	const executions: Record<string, string[]> = {};
	let passMachineArn = '';
	let typedMachineArn = '';
	/** The temporary keys (with a session token) of STUB_CREDENTIAL */
	const keys = randomKeys('ASIA');
	/** The caller of ROLE_STUB_CREDENTIAL: it only signs sts:AssumeRole; the role's keys come from the STS stub */
	const caller = randomKeys('AKIA');
	const externalId = `e2e-external-${randomBytes(12).toString('hex')}`;
	/** Refuses whatever the temporary keys sign */
	let stub: RawStub & { refusals: string[] };
	/** Refuses whatever the role's keys sign */
	let roleStub: RawStub & { refusals: string[] };
	let sts: StsStub;
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

		stub = await startRefusingStub((accessKeyId) => (accessKeyId === keys.accessKeyId ? keys.secretAccessKey : undefined));
		sts = await startStsStub();
		roleStub = await startRefusingStub((accessKeyId) => sts.issued.find((issued) => issued.accessKeyId === accessKeyId)?.secretAccessKey);
		placeholders.__SIGNATURE_ROLE_ITEMS__ = JSON.stringify({
			items: [
				{ orderId: 1, taskToken: 'stub-token-role-wrong-key-1' },
				{ orderId: 2, taskToken: 'stub-token-role-clock-2' },
			],
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
			{
				...ROLE_STUB_CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: {
					authentication: 'assumeRole',
					region: 'us-east-1',
					accessKeyId: caller.accessKeyId,
					secretAccessKey: caller.secretAccessKey,
					roleArn: ROLE_ARN,
					externalId,
					roleSessionName: 'n8n-e2e-signature',
					customEndpoint: true,
					endpoint: roleStub.endpoint,
					stsEndpoint: sts.endpoint,
				},
			},
		]);
		await cli.importWorkflows(path.join(userFolder, 'workflows'));
	}, 30 * 60_000);

	afterAll(async () => {
		cli?.stopAll();
		admin?.close();
		await server?.stop();
		await Promise.all([stub?.stop(), roleStub?.stop(), sts?.stop()]);
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

	/** The temporary keys' secrets: the secret key, the session token, and the signature of every request they signed. */
	function temporaryKeySecrets(): Secrets {
		return {
			'secret access key': keys.secretAccessKey,
			...tokenForms('session token', keys.sessionToken),
			...signaturesFrom(stub.requests, keys.accessKeyId),
		};
	}

	/**
	 * The role credential's secrets: the caller's secret key and the external id (never sent to Step Functions), the
	 * secret key and session token of every key set the STS stub issued, and the signature of every request they signed.
	 */
	function roleSecrets(): { all: Secrets; sentToStepFunctions: Secrets } {
		const sentToStepFunctions: Secrets = {};
		for (const [index, issued] of sts.issued.entries()) {
			Object.assign(sentToStepFunctions, {
				[`role secret access key ${index + 1}`]: issued.secretAccessKey,
				...tokenForms(`role session token ${index + 1}`, issued.sessionToken),
			});
			for (const [name, signature] of Object.entries(signaturesFrom(roleStub.requests, issued.accessKeyId))) {
				sentToStepFunctions[`role ${index + 1} ${name}`] = signature;
			}
		}
		return { all: { 'caller secret access key': caller.secretAccessKey, 'external id': externalId, ...sentToStepFunctions }, sentToStepFunctions };
	}

	/**
	 * The run of a workflow through a signature error leaves none of the secrets in what n8n printed (the
	 * --rawOutput run data and its logs), in the execution row it stored, or in any file of its user folder
	 * (database, WAL, logs); the stored row does hold the readable messages, so the search looked at the run.
	 * `quoted` are the secrets the stub's answers of this run carried: each must be in them, so that a clean run is
	 * the node's doing, not an answer that held nothing.
	 */
	async function expectNoSecretLeft(
		workflowId: string,
		result: CliResult & { run: N8nRun | null },
		readable: string[],
		secrets: Secrets,
		answers: string[],
		quoted: Secrets,
	) {
		expect(answers.length).toBeGreaterThan(0);
		expect(leaksIn('stub answers', answers.join('\n'), quoted).sort()).toEqual(Object.keys(quoted).map((name) => `stub answers: ${name}`).sort());

		const stored: StoredExecution[] = await cli.storedExecutions(workflowId);
		expect(stored).toHaveLength(1);
		for (const message of readable) expect(stored[0].data).toContain(message);
		const leaks = [
			...leaksIn('n8n execute stdout', result.stdout, secrets),
			...leaksIn('n8n execute stderr', result.stderr, secrets),
			...leaksIn('run data', JSON.stringify(result.run), secrets),
			...leaksIn(`stored execution ${stored[0].id}`, stored[0].data, secrets),
			...leaksInUserFolder(cli.userFolder, secrets),
		];
		// Names where a secret showed, never the texts themselves (they would print the secret).
		expect(leaks).toEqual([]);
		return stored[0];
	}

	/** The task tokens of the SendTaskFailure requests a stub received from `from` on. */
	const tokensSent = (target: RawStub, from: number) =>
		target.requests.slice(from).filter((request) => request.action === 'SendTaskFailure').map((request) => (JSON.parse(request.body) as { taskToken: string }).taskToken);

	it('temporary keys: a signature error on the error output is readable, and no key, token or signature is printed or stored', async () => {
		stub.refusals.length = 0;
		const before = stub.requests.length;
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
		// Both items reached the stub, signed with the temporary keys and their session token. A refused signature is
		// not retried; one refused for the clock is signed again at the server's time only when its Date header is
		// more than 5 minutes off (here it is not), so each went out once.
		const sent = tokensSent(stub, before);
		expect(sent.sort()).toEqual(['stub-token-clock-2', 'stub-token-wrong-key-1']);
		for (const request of stub.requests.slice(before)) {
			expect(String(request.headers.authorization)).toContain(`Credential=${keys.accessKeyId}/`);
			expect(request.headers['x-amz-security-token']).toBe(keys.sessionToken);
		}
		expect(stub.refusals).toHaveLength(sent.length);

		const secrets = temporaryKeySecrets();
		const stored = await expectNoSecretLeft('e2eSignatureErrO', result, [WRONG_KEY_MESSAGE, CLOCK_MESSAGE], secrets, stub.refusals, {
			'secret access key': keys.secretAccessKey,
			...tokenForms('session token', keys.sessionToken),
			...signaturesFrom(stub.requests.slice(before), keys.accessKeyId),
		});
		expect(stored.status).toBe('success');
	});

	it('temporary keys: a signature error that stops the workflow is readable, and no key, token or signature is printed or stored', async () => {
		stub.refusals.length = 0;
		const before = stub.requests.length;
		const result = await cli.execute('e2eSignatureStop');
		expect(result.status).not.toBe(0);
		const error = result.run?.data.resultData.error;
		expect(error?.message).toBe(WRONG_KEY_MESSAGE);
		expect(error?.description).toContain("Enter the credential's Secret Access Key again");
		expect(error?.description).toContain('AWS error InvalidSignatureException');
		expect(result.run?.data.resultData.lastNodeExecuted).toBe('Reject');
		expect(result.run?.data.resultData.runData.After).toBeUndefined();
		expect(stub.refusals).toHaveLength(1);

		const stored = await expectNoSecretLeft('e2eSignatureStop', result, [WRONG_KEY_MESSAGE], temporaryKeySecrets(), stub.refusals, {
			'secret access key': keys.secretAccessKey,
			...tokenForms('session token', keys.sessionToken),
			...signaturesFrom(stub.requests.slice(before), keys.accessKeyId),
		});
		expect(stored.status).toBe('error');
		expect(stored.run.resultData.error?.message).toBe(WRONG_KEY_MESSAGE);
	});

	it("assume role: a signature error on the error output is readable, and no key, token or signature of the caller or the role is printed or stored", async () => {
		roleStub.refusals.length = 0;
		const before = roleStub.requests.length;
		const result = await cli.execute('e2eSignatureRole');
		expect(result.status).toBe(0);
		// One AssumeRole, signed by the caller, with the external id; then both items signed with the role's keys.
		expect(sts.calls).toHaveLength(1);
		expect(sts.calls[0]).toMatchObject({
			signedBy: caller.accessKeyId,
			params: { Action: 'AssumeRole', RoleArn: ROLE_ARN, ExternalId: externalId, RoleSessionName: 'n8n-e2e-signature' },
		});
		const [role] = sts.issued;
		expect(tokensSent(roleStub, before).sort()).toEqual(['stub-token-role-clock-2', 'stub-token-role-wrong-key-1']);
		for (const request of roleStub.requests.slice(before)) {
			expect(String(request.headers.authorization)).toContain(`Credential=${role.accessKeyId}/`);
			expect(request.headers['x-amz-security-token']).toBe(role.sessionToken);
		}
		const refused = outputOf(result.run, 'Reject', 1);
		expect(refused).toHaveLength(2);
		expect(refused).toMatchObject([
			{ json: { message: expect.stringContaining('AWS error InvalidSignatureException') }, pairedItem: { item: 0 } },
			{ json: { message: expect.stringContaining('AWS error InvalidSignatureException') }, pairedItem: { item: 1 } },
		]);
		const readable = refused.map((item) => String(item.json.error));
		process.stderr.write(`e2e (n8n ${line}): a role's refused signature reads: ${[...new Set(readable)].join(' | ')}\n`);

		const { all, sentToStepFunctions } = roleSecrets();
		const stored = await expectNoSecretLeft('e2eSignatureRole', result, readable, all, roleStub.refusals, sentToStepFunctions);
		expect(stored.status).toBe('success');
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
