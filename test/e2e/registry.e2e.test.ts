import { execFileSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { AdminSession } from '../helpers/adminClient';
import { eventually, localN8nCredential, localServerWithActivityMachine } from '../helpers/localStepFunctions';
import type { ActivityMachine, LocalStepFunctions } from '../helpers/localStepFunctions';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, PACKAGE_NAME, freePort, freshUserFolder, packProject } from '../support/n8nInstance';
import type { N8nRun } from '../support/n8nInstance';
import { startRegistry, withVersion } from '../support/registry';
import type { PrivateRegistry } from '../support/registry';

/**
 * The package published with `npm publish` to a private registry (verdaccio on 127.0.0.1, no uplinks) and
 * installed the way n8n's docs tell self-hosters and queue-mode users to install by hand: `npm install
 * n8n-nodes-step-functions` in <user folder>/.n8n/nodes, then a restart. Then an update: a newer version is
 * published, `npm install n8n-nodes-step-functions@latest` in the same folder, and after a restart n8n loads and
 * runs the newer version.
 *
 * The package's peer dependency n8n-workflow is optional (peerDependenciesMeta): the n8n that loads the package
 * provides it. So the plain command installs only the package itself, which the registry here (serving only
 * this package) proves: a fetch of n8n-workflow would fail.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOW = path.join(__dirname, 'workflows', 'reject-approvals.json');
const WORKFLOW_ID = 'e2eRejectApprova';
const CREDENTIAL = { id: 'sfnE2eCredentl01', name: 'Step Functions Local' };
const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

let tarball: string;
let packDir: string;
let publishedVersion: string;
let newerVersion: string;

beforeAll(() => {
	packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-registry-pack-'));
	tarball = packProject(packDir);
	publishedVersion = readTarballVersion(tarball);
	// The next patch release of whatever the repository's package.json says, in a copy of the packed manifest.
	const [major, minor, patch] = publishedVersion.split('-')[0].split('.').map(Number);
	newerVersion = `${major}.${minor}.${patch + 1}`;
});

afterAll(() => {
	if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
});

function readTarballVersion(file: string): string {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-manifest-'));
	try {
		execFileSync('tar', ['-xzf', file, '-C', work, 'package/package.json']);
		return JSON.parse(fs.readFileSync(path.join(work, 'package', 'package.json'), 'utf8')).version;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function outputOf(run: N8nRun | null, node: string, output = 0) {
	return run?.data.resultData.runData[node]?.[0]?.data?.main[output] ?? [];
}

describe.each(LINES)('installed by hand from a private npm registry, inside n8n %s', (line) => {
	let registry: PrivateRegistry;
	let cli: N8nCli;
	let server: LocalStepFunctions;
	let admin: AdminSession;
	let machine: ActivityMachine;
	let userFolder: string;
	let nodesDir: string;
	let editor: ChildProcess | undefined;

	const installedManifest = () =>
		JSON.parse(fs.readFileSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8')) as {
			version: string;
			peerDependencies?: Record<string, string>;
		};

	/**
	 * Starts n8n (`n8n start`, as after a restart) and reads back the version of this package that n8n loaded: n8n
	 * reads the package.json of every package in nodes/node_modules, stamps its version on the node's description
	 * (communityNodePackageVersion) and writes the descriptions it loaded to its types file, which the editor
	 * fetches. The file is removed first, so what is read was written by this start. n8n is then stopped by its
	 * process id.
	 */
	async function versionN8nLoads(): Promise<{ version: unknown; name: unknown }> {
		const typesDir = path.join(userFolder, '.cache', 'n8n', 'public', 'types');
		fs.rmSync(typesDir, { recursive: true, force: true });
		editor = await cli.start(await freePort());
		const child = editor;
		let log = '';
		child.stdout?.on('data', (chunk) => (log += chunk));
		child.stderr?.on('data', (chunk) => (log += chunk));
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			const node = await eventually(
				async () => {
					if (child.exitCode !== null) throw new Error(`n8n start exited (${child.exitCode}):\n${log}`);
					try {
						const types = JSON.parse(fs.readFileSync(path.join(typesDir, 'nodes.json'), 'utf8')) as Array<Record<string, unknown>>;
						return types.find((type) => type.name === `${PACKAGE_NAME}.awsStepFunctions`) ?? null;
					} catch {
						return undefined; // not written (completely) yet
					}
				},
				"n8n's types file",
				120_000,
			);
			if (!node) throw new Error(`n8n started without the ${PACKAGE_NAME} node:\n${log}`);
			return { version: node.communityNodePackageVersion, name: node.name };
		} finally {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(child.pid as number, 'SIGTERM');
				const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid as number, 'SIGKILL'), 20_000);
				await exited;
				clearTimeout(timer);
			}
			editor = undefined;
		}
	}

	/** Executions waiting on their approval task, written into the workflow, which is imported (again). */
	async function prepareRejections(count: number) {
		const approvals: Array<{ orderId: number; reviewer: string; taskToken: string }> = [];
		const executions: string[] = [];
		for (let index = 0; index < count; index++) {
			const { executionArn, taskToken } = await machine.startAndTakeToken({ orderId: index + 1 });
			executions.push(executionArn);
			approvals.push({ orderId: index + 1, reviewer: 'ana', taskToken });
		}
		const workflow = JSON.parse(fs.readFileSync(WORKFLOW, 'utf8'), (_key, value: unknown) =>
			value === '__APPROVALS__' ? JSON.stringify({ approvals }) : value,
		);
		const folder = path.join(userFolder, 'workflows');
		fs.rmSync(folder, { recursive: true, force: true });
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'reject-approvals.json'), JSON.stringify(workflow));
		await cli.importWorkflows(folder);
		return executions;
	}

	/** The suite's reject-approvals check: every item through, every execution FAILED with the exact error and cause. */
	async function runRejections(executions: string[]) {
		const { status: exitCode, run, stdout, stderr } = await cli.execute(WORKFLOW_ID);
		if (exitCode !== 0) throw new Error(`n8n execute failed (${exitCode}):\n${stdout}\n${stderr}`);
		expect(outputOf(run, 'Reject')).toEqual(executions.map((_arn, item) => ({ json: {}, pairedItem: { item } })));
		for (const [index, executionArn] of executions.entries()) {
			await eventually(async () => ((await machine.status(executionArn)) === 'FAILED' ? true : undefined), 'FAILED');
			const failed = (await machine.history(executionArn)).find((event) => event.type === 'ActivityFailed');
			expect(failed?.activityFailedEventDetails).toEqual({ error: 'Approval.Rejected', cause: `Order ${index + 1} rejected by ana` });
		}
	}

	beforeAll(async () => {
		const install = ensureN8n(line);
		process.stderr.write(`e2e (registry): n8n ${install.version} on ${install.nodeBinary}\n`);
		// A registry of its own per n8n line: each line sees the first publication as latest.
		registry = await startRegistry();
		registry.publish(tarball);
		userFolder = freshUserFolder(`sfn-e2e-registry-${line}`);
		// As n8n's docs say: mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes
		nodesDir = path.join(userFolder, '.n8n', 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		cli = new N8nCli(install, userFolder);

		({ server, admin, machine } = await localServerWithActivityMachine());
	}, 30 * 60_000);

	afterAll(async () => {
		if (editor?.pid && editor.exitCode === null && editor.signalCode === null) process.kill(editor.pid, 'SIGKILL');
		cli?.stopAll();
		admin?.close();
		await server?.stop();
		await registry?.stop();
		if (userFolder && !process.env.E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('`npm install n8n-nodes-step-functions` in .n8n/nodes takes the published version from the registry, and nothing else', async () => {
		const packument = await registry.view(PACKAGE_NAME);
		expect(packument?.['dist-tags'].latest).toBe(publishedVersion);
		// The registry serves this package only: n8n-workflow (the peer dependency) is not there to be fetched.
		expect(await registry.view('n8n-workflow')).toBeNull();

		registry.npm(['install', PACKAGE_NAME, ...INSTALL_FLAGS], { cwd: nodesDir });

		expect(installedManifest().version).toBe(publishedVersion);
		const entries = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((entry) => !entry.startsWith('.'));
		expect(entries).toEqual([PACKAGE_NAME]);
		const nodesPackage = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
		expect(nodesPackage.dependencies).toEqual({ [PACKAGE_NAME]: `^${publishedVersion}` });
		const lock = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package-lock.json'), 'utf8'));
		expect(lock.packages[`node_modules/${PACKAGE_NAME}`].resolved).toBe(`${registry.url}${PACKAGE_NAME}/-/${PACKAGE_NAME}-${publishedVersion}.tgz`);
	});

	it('after a (re)start n8n loads that version, and runs the reject-approvals workflow against stepfunctions-local', async () => {
		expect(await versionN8nLoads()).toEqual({ name: `${PACKAGE_NAME}.awsStepFunctions`, version: publishedVersion });

		await cli.importCredentials([
			localN8nCredential(CREDENTIAL, server.endpoint),
		]);
		await runRejections(await prepareRejections(3));
	});

	it('update: a newer version published, `npm install n8n-nodes-step-functions@latest`, and after a restart n8n loads and runs it', async () => {
		// Only the version differs: the repository's package.json stays as it is.
		const newer = withVersion(tarball, newerVersion, packDir);
		registry.publish(newer);
		const packument = await registry.view(PACKAGE_NAME);
		expect(packument?.['dist-tags'].latest).toBe(newerVersion);
		expect(Object.keys(packument?.versions ?? {}).sort()).toEqual([publishedVersion, newerVersion].sort());

		registry.npm(['install', `${PACKAGE_NAME}@latest`, ...INSTALL_FLAGS], { cwd: nodesDir });

		expect(installedManifest().version).toBe(newerVersion);
		const nodesPackage = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
		expect(nodesPackage.dependencies).toEqual({ [PACKAGE_NAME]: `^${newerVersion}` });
		const entries = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((entry) => !entry.startsWith('.'));
		expect(entries).toEqual([PACKAGE_NAME]);

		expect(await versionN8nLoads()).toEqual({ name: `${PACKAGE_NAME}.awsStepFunctions`, version: newerVersion });
		await runRejections(await prepareRejections(2));
	});
});
