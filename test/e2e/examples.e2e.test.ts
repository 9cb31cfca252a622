import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { startMotoFront } from '../helpers/motoFront';
import type { FrontRequest, MotoFront } from '../helpers/motoFront';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import type { N8nRun } from '../support/n8nInstance';

/**
 * The example workflows the README shows (examples/), imported as a user imports them, run by the packed package
 * inside a real n8n against moto (a real, independent Step Functions server) behind a front that stands in for
 * the actions moto lacks (test/helpers/motoFront.ts). The assertions read what the server received and the state
 * moto holds afterwards, not only n8n's run data.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const CREDENTIAL = { id: 'sfnE2eMotoCred01', name: 'moto' };
const ROLE = 'arn:aws:iam::123456789012:role/OrderApproval';
const SECRET = 'moto-secret-never-printed-3f9a';

let tarball: string;

beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-')));
});

/** An example as a user imports it, with the credential they chose, an id, and changes of the test's own. */
function exampleWorkflow(file: string, id: string, change: (workflow: { nodes: Array<Record<string, unknown>> }) => void = () => {}) {
	const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as { nodes: Array<Record<string, unknown>>; id?: string };
	workflow.id = id;
	for (const node of workflow.nodes) {
		if (node.credentials) node.credentials = { awsStepFunctionsApi: CREDENTIAL };
	}
	change(workflow);
	return workflow;
}

function outputOf(run: N8nRun | null, node: string, output = 0) {
	return run?.data.resultData.runData[node]?.[0]?.data?.main[output] ?? [];
}

/** The requests a run sent, without the look-ups of names (ListStateMachines, ListStateMachineAliases), which are cached per run. */
function sentBy(requests: FrontRequest[]): Array<{ action: string; body: Record<string, unknown> }> {
	return requests.filter((request) => !request.action.startsWith('List')).map(({ action, body }) => ({ action, body }));
}

describe.each(LINES)('the example workflows inside n8n %s', (line) => {
	let cli: N8nCli;
	let front: MotoFront;
	let admin: AdminSession;
	let machineArn = '';
	let firstVersion = '';
	let batchExecution = '';
	const newDefinition = () =>
		(exampleWorkflow('deployment-pipeline.json', 'x').nodes.find((node) => node.name === 'Release') as {
			parameters: { assignments: { assignments: Array<{ name: string; value: string }> } };
		}).parameters.assignments.assignments.find((field) => field.name === 'definition')?.value ?? '';

	beforeAll(async () => {
		const install = ensureN8n(line);
		const userFolder = freshUserFolder(`sfn-e2e-examples-${line}`);
		installCommunityPackage(userFolder, tarball);
		cli = new N8nCli(install, userFolder);
		// Executions run (one per moto server: the Distributed Map of the Map Run example)
		front = await startMotoFront({ executeStateMachines: true });
		admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin', endpoint: front.endpoint });

		// Today's production: OrderApproval, published as version 1, alias prod routing everything to it.
		const created = await admin.send(
			new admin.sdk.CreateStateMachineCommand({
				name: 'OrderApproval',
				definition: JSON.stringify({ StartAt: 'Approved', States: { Approved: { Type: 'Succeed' } } }),
				roleArn: ROLE,
				publish: true,
			}),
		);
		machineArn = created.stateMachineArn ?? '';
		firstVersion = created.stateMachineVersionArn ?? '';
		await admin.send(new admin.sdk.CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: firstVersion, weight: 100 }] }));

		// A nightly batch whose Distributed Map made a Map Run
		const batch = await admin.send(
			new admin.sdk.CreateStateMachineCommand({
				name: 'OrderBatch',
				definition: JSON.stringify({
					StartAt: 'ProcessOrders',
					States: {
						ProcessOrders: {
							Type: 'Map',
							MaxConcurrency: 40,
							ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Order', States: { Order: { Type: 'Pass', End: true } } },
							End: true,
						},
					},
				}),
				roleArn: ROLE,
			}),
		);
		const started = await admin.send(new admin.sdk.StartExecutionCommand({ stateMachineArn: batch.stateMachineArn, name: 'nightly', input: '[1,2,3,4]' }));
		batchExecution = started.executionArn ?? '';
		for (let tries = 0; tries < 100 && (await admin.send(new admin.sdk.ListMapRunsCommand({ executionArn: batchExecution }))).mapRuns?.length !== 1; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}

		await cli.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: { region: 'us-east-1', accessKeyId: 'AKIAE2EMOTO', secretAccessKey: SECRET, temporaryCredentials: false, customEndpoint: true, endpoint: front.endpoint },
			},
		]);
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-examples-'));
		fs.writeFileSync(path.join(folder, 'deploy.json'), JSON.stringify(exampleWorkflow('deployment-pipeline.json', 'sfnExampleDeploy1')));
		fs.writeFileSync(
			path.join(folder, 'deploy-invalid.json'),
			JSON.stringify(
				exampleWorkflow('deployment-pipeline.json', 'sfnExampleDeploy2', (workflow) => {
					const release = workflow.nodes.find((node) => node.name === 'Release') as { parameters: { assignments: { assignments: Array<{ name: string; value: string }> } } };
					const field = release.parameters.assignments.assignments.find((entry) => entry.name === 'definition');
					if (field) field.value = '{"StartAt": "Approved"}';
				}),
			),
		);
		fs.writeFileSync(
			path.join(folder, 'map-run.json'),
			JSON.stringify(
				exampleWorkflow('map-run-update.json', 'sfnExampleMapRun1', (workflow) => {
					const incident = workflow.nodes.find((node) => node.name === 'Incident') as { parameters: { assignments: { assignments: Array<{ name: string; value: unknown }> } } };
					const field = incident.parameters.assignments.assignments.find((entry) => entry.name === 'executionArn');
					if (field) field.value = batchExecution;
				}),
			),
		);
		await cli.importWorkflows(folder);
	});

	afterAll(async () => {
		cli?.stopAll();
		admin?.close();
		await front?.stop();
	});

	it('refuses a definition with errors: the run stops at "Refuse Release" naming the problem, and nothing is deployed', async () => {
		const before = front.requests.length;
		const { status, run, stdout, stderr } = await cli.execute('sfnExampleDeploy2');
		expect(status).not.toBe(0);
		expect(run?.data.resultData.error?.message ?? `${stdout}${stderr}`).toMatch(/SCHEMA_VALIDATION_FAILED/);
		expect(sentBy(front.requests.slice(before)).map((request) => request.action)).toEqual(['ValidateStateMachineDefinition']);
		const alias = await admin.send(new admin.sdk.DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:prod` }));
		expect(alias.routingConfiguration).toEqual([{ stateMachineVersionArn: firstVersion, weight: 100 }]);
	});

	it('deploys: validate, update, publish, alias 90/10, alias 100, exactly these requests, and moto holds the result', async () => {
		const before = front.requests.length;
		const { status, run, stdout } = await cli.execute('sfnExampleDeploy1');
		expect({ status, error: run?.data.resultData.error?.message }).toEqual({ status: 0, error: undefined });
		const sent = sentBy(front.requests.slice(before));
		const versionLine = new RegExp(`^${machineArn}:\\d+$`);
		const newVersion = String(outputOf(run, 'Publish Version')[0]?.json.stateMachineVersionArn);
		expect(newVersion).toMatch(versionLine);
		expect(newVersion).not.toBe(firstVersion);
		expect(sent).toEqual([
			{ action: 'ValidateStateMachineDefinition', body: { definition: newDefinition(), type: 'STANDARD', severity: 'ERROR', maxResults: 100 } },
			{ action: 'DescribeStateMachineAlias', body: { stateMachineAliasArn: `${machineArn}:prod` } },
			{ action: 'UpdateStateMachine', body: { stateMachineArn: machineArn, definition: newDefinition() } },
			{ action: 'PublishStateMachineVersion', body: { stateMachineArn: machineArn, description: 'Orders over 1,000 EUR need a second reviewer' } },
			{
				action: 'UpdateStateMachineAlias',
				body: {
					stateMachineAliasArn: `${machineArn}:prod`,
					routingConfiguration: [
						{ stateMachineVersionArn: firstVersion, weight: 90 },
						{ stateMachineVersionArn: newVersion, weight: 10 },
					],
				},
			},
			{ action: 'UpdateStateMachineAlias', body: { stateMachineAliasArn: `${machineArn}:prod`, routingConfiguration: [{ stateMachineVersionArn: newVersion, weight: 100 }] } },
		]);
		// Every request was signed with the credential's key, and the secret itself went nowhere.
		for (const request of front.requests.slice(before)) expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAE2EMOTO\//);
		expect(stdout).not.toContain(SECRET);

		const alias = await admin.send(new admin.sdk.DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:prod` }));
		expect(alias.routingConfiguration).toEqual([{ stateMachineVersionArn: newVersion, weight: 100 }]);
		const machine = await admin.send(new admin.sdk.DescribeStateMachineCommand({ stateMachineArn: machineArn }));
		expect(JSON.parse(machine.definition ?? '')).toEqual(JSON.parse(newDefinition()));
		const published = await admin.send(new admin.sdk.DescribeStateMachineCommand({ stateMachineArn: newVersion }));
		expect(JSON.parse(published.definition ?? '')).toEqual(JSON.parse(newDefinition()));
	});

	it('tunes a running Distributed Map: lists the execution\'s Map Run, updates it, reads its counts; moto holds the new settings', async () => {
		const before = front.requests.length;
		const { status, run } = await cli.execute('sfnExampleMapRun1');
		expect({ status, error: run?.data.resultData.error?.message }).toEqual({ status: 0, error: undefined });
		const [listed] = outputOf(run, 'Map Runs of Execution');
		const mapRunArn = String(listed?.json.mapRunArn);
		expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:\d+:mapRun:OrderBatch\/[^:]+:[^:]+$/);
		expect(front.requests.slice(before).map(({ action, body }) => ({ action, body }))).toEqual([
			{ action: 'ListMapRuns', body: { executionArn: batchExecution, maxResults: 1000 } },
			{ action: 'UpdateMapRun', body: { mapRunArn, maxConcurrency: 5, toleratedFailurePercentage: 20 } },
			{ action: 'DescribeMapRun', body: { mapRunArn } },
		]);
		expect(outputOf(run, 'Map Run Counts')[0]?.json).toMatchObject({ mapRunArn, executionArn: batchExecution, maxConcurrency: 5, toleratedFailurePercentage: 20, itemCounts: { total: 4 } });
		const after = await admin.send(new admin.sdk.DescribeMapRunCommand({ mapRunArn }));
		expect(after).toMatchObject({ maxConcurrency: 5, toleratedFailurePercentage: 20 });
	});
});
