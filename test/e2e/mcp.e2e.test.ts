import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ChildProcess } from 'child_process';
import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { eventually } from '../helpers/localStepFunctions';
import { DESCRIBED_EXECUTION, KNOWN_EXECUTION_ARN, isSignedBy, startMcpStepFunctions } from '../helpers/mcpStepFunctions';
import type { RawStub } from '../helpers/stubStepFunctions';
import { leaksIn, leaksInUserFolder } from '../support/leaks';
import { ensureN8n } from '../support/n8nInstall';
import type { N8nLine } from '../support/n8nInstall';
import { N8nCli, PACKAGE_NAME, freePort, freshUserFolder, installCommunityPackage, packProject } from '../support/n8nInstance';
import { restRequest, signIn } from '../support/n8nRest';

/**
 * The action node as an n8n AI tool, without a language model: n8n derives "AWS Step Functions Tool"
 * (n8n-nodes-step-functions.awsStepFunctionsTool) from the node's usableAsTool. A published (2.x) / active (1.x)
 * workflow has an MCP Server Trigger (authentication none, streamable HTTP at /mcp/<path>) with Step Functions
 * tool nodes attached, each parameter filled by $fromAI(). An MCP client from @modelcontextprotocol/sdk lists the
 * tools and calls them; the Step Functions side is a recording loopback stub (test/helpers/mcpStepFunctions.ts).
 *
 * What n8n derives (n8n-workflow's NodeHelpers, the same in 1.123.x and 2.40.x): the tool's name is the node's name
 * with every run of characters outside [A-Za-z0-9_-] made "_" (nodeNameToToolName); with Tool Description "Set
 * Automatically" (the default) its description is "<the operation's action text> in AWS Step Functions"
 * (makeDescription); its input schema has one required property per $fromAI() key, typed and described by it.
 */
const LINES = (process.env.E2E_N8N_LINES ?? '2.x,1.x').split(',').map((line) => line.trim()) as N8nLine[];
const WORKFLOW_ID = 'e2eMcpSfnTools01';
const MCP_PATH = 'step-functions-tools';
const CREDENTIAL = { id: 'sfnE2eMcpCredntl', name: 'Step Functions stub for MCP' };
const KEYS = { accessKeyId: 'AKIAE2EMCPTOOLCALLER', secretAccessKey: 'e2e-mcp-Secret/never+printed/4f9c2a7d81b3e6' };
const MISSING_EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-9999';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAe2eMcpTaskToken0001';
const MAP_RUN_ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:OrderApproval/ProcessOrders:8a7b6c5d-1e2f-4a3b-9c8d-7e6f5a4b3c2d';
const MAP_RUN_UPDATE = { mapRunArn: MAP_RUN_ARN, maxConcurrency: 25, toleratedFailurePercentage: 5.5 };
const TASK_FAILURE = { taskToken: TASK_TOKEN, error: 'Approval.Rejected', cause: 'Rejected by the finance team: over budget' };

/**
 * The tools of the workflow: node name (as a user named it), operation, $fromAI keys, and what the automatic
 * description must tell an agent (what the tool needs and what it gives back).
 */
const TOOLS = [
	{ node: 'Get an execution in AWS Step Functions', resource: 'execution', operation: 'describe', keys: ['executionArn'], says: /^Get an execution's status, input and output by ARN in AWS Step Functions$/ },
	{ node: 'Send task failure in AWS Step Functions', resource: 'task', operation: 'sendTaskFailure', keys: ['taskToken', 'error', 'cause'], says: /^Fail a waiting task by its task token in AWS Step Functions$/ },
	{ node: 'Update a Map Run in AWS Step Functions', resource: 'mapRun', operation: 'update', keys: ['mapRunArn', 'maxConcurrency', 'toleratedFailurePercentage'], says: /^Update a Map Run's concurrency or tolerated failures in AWS Step Functions$/ },
];

/**
 * n8n's automatic tool description for an operation: its action text, " in ", the node's default name; read from the
 * tool node type as the running n8n serves it to the editor (GET /types/nodes.json), i.e. from the installed package.
 */
function automaticDescription(toolType: INodeTypeDescription, resource: string, operation: string): string {
	const selector = toolType.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
	const choice = (selector?.options as INodePropertyOptions[] | undefined)?.find((option) => option.value === operation);
	return `${String(choice?.action)} in ${String(toolType.defaults.name)}`;
}

function toolName(nodeName: string): string {
	return nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
	return (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? '').join('\n');
}

let tarball: string;
beforeAll(() => {
	tarball = packProject(fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-pack-mcp-')));
});

describe.each(LINES)('the Step Functions tools behind an MCP Server Trigger in n8n %s', (line) => {
	let stub: RawStub;
	let cli: N8nCli;
	let n8n: ChildProcess;
	let client: Client;
	let n8nLog = '';
	/** The derived tool node type, as n8n serves it to the editor */
	let toolType: INodeTypeDescription;
	/** Every answer the MCP client got, as text: searched for the secret at the end */
	const mcpAnswers: string[] = [];
	let started = 0;

	beforeAll(async () => {
		started = Date.now();
		stub = await startMcpStepFunctions();
		cli = new N8nCli(ensureN8n(line), freshUserFolder(`sfn-e2e-mcp-${line}`));
		installCommunityPackage(cli.userFolder, tarball);
		await cli.importCredentials([
			{
				...CREDENTIAL,
				type: 'awsStepFunctionsApi',
				data: { region: 'us-east-1', ...KEYS, temporaryCredentials: false, customEndpoint: true, endpoint: stub.endpoint },
			},
		]);
		const folder = path.join(cli.userFolder, 'mcp-workflows');
		fs.mkdirSync(folder);
		fs.copyFileSync(path.join(__dirname, 'workflows', 'mcp-step-functions-tools.json'), path.join(folder, 'mcp-step-functions-tools.json'));
		await cli.importWorkflows(folder);
		await cli.activateWorkflow(WORKFLOW_ID);
		const port = await freePort();
		n8n = await cli.start(port);
		n8n.stdout?.on('data', (chunk: Buffer) => (n8nLog += chunk.toString()));
		n8n.stderr?.on('data', (chunk: Buffer) => (n8nLog += chunk.toString()));
		// By this line n8n has activated the workflow and its MCP endpoint.
		await eventually(async () => {
			if (n8n.exitCode !== null) throw new Error(`n8n ended (${n8n.exitCode}) before serving:\n${n8nLog.slice(-3000)}`);
			return /Editor is now accessible/.test(n8nLog) ? true : undefined;
		}, "n8n's editor to be accessible", 90_000);
		// The editor's node types need a signed-in user (n8n protects /types/*.json).
		const base = `http://127.0.0.1:${port}`;
		const types = await restRequest('GET', `${base}/types/nodes.json`, { cookie: await signIn(base) });
		const described = (JSON.parse(types.body) as INodeTypeDescription[]).filter((type) => type.name === `${PACKAGE_NAME}.awsStepFunctionsTool`);
		toolType = described[described.length - 1];
		client = new Client({ name: 'n8n-nodes-step-functions-e2e', version: '1.0.0' });
		await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp/${MCP_PATH}`)));
	}, 5 * 60_000);

	afterAll(async () => {
		await client?.close().catch(() => undefined);
		cli?.stopAll();
		await stub?.stop();
		process.stderr.write(`e2e (n8n ${line}): MCP tools suite took ${Date.now() - started} ms\n`);
		if (!process.env.E2E_KEEP && cli) fs.rmSync(cli.userFolder, { recursive: true, force: true });
	});

	it('n8n derives "AWS Step Functions Tool" from the node, with the Tool Description setting added', () => {
		expect(toolType).toMatchObject({ displayName: 'AWS Step Functions Tool', outputs: ['ai_tool'], inputs: [] });
		const descriptionType = toolType.properties.find((property) => property.name === 'descriptionType');
		expect(descriptionType?.default).toBe('auto');
		expect(toolType.properties.some((property) => property.name === 'toolDescription')).toBe(true);
	});

	it('tools/list names each tool after its node, describes it by its operation and asks for its $fromAI parameters', async () => {
		const { tools } = await client.listTools();
		mcpAnswers.push(JSON.stringify(tools));
		expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS.map((tool) => toolName(tool.node)).sort());
		for (const expected of TOOLS) {
			const tool = tools.find((candidate) => candidate.name === toolName(expected.node));
			expect(tool?.description).toBe(automaticDescription(toolType, expected.resource, expected.operation));
			expect(tool?.description).toMatch(expected.says);
			expect(Object.keys(tool?.inputSchema.properties ?? {}).sort()).toEqual([...expected.keys].sort());
			expect([...(tool?.inputSchema.required ?? [])].sort()).toEqual([...expected.keys].sort());
		}
		const getExecution = tools.find((tool) => tool.name === toolName(TOOLS[0].node));
		expect(getExecution?.inputSchema.properties?.executionArn).toEqual({
			type: 'string',
			description: expect.stringContaining('The ARN of the execution to look up'),
		});
		// Listing runs no tool: nothing reached Step Functions.
		expect(stub.requests).toEqual([]);
	});

	it('calling the tools returns the AWS answers through MCP, and Step Functions saw exactly those signed requests', async () => {
		const described = await client.callTool({ name: toolName(TOOLS[0].node), arguments: { executionArn: KNOWN_EXECUTION_ARN } });
		const failed = await client.callTool({ name: toolName(TOOLS[1].node), arguments: TASK_FAILURE });
		const updated = await client.callTool({ name: toolName(TOOLS[2].node), arguments: MAP_RUN_UPDATE });
		mcpAnswers.push(JSON.stringify(described), JSON.stringify(failed), JSON.stringify(updated));

		expect(described.isError).toBeFalsy();
		expect(JSON.parse(textOf(described))).toEqual([
			{
				...DESCRIBED_EXECUTION,
				startDate: '2026-01-01T00:00:00.000Z',
				stopDate: '2026-01-01T00:01:00.500Z',
				input: { orderId: 1001, amount: 250 },
				output: { approved: true, approver: 'finance' },
			},
		]);
		expect(failed.isError).toBeFalsy();
		expect(JSON.parse(textOf(failed))).toEqual([{}]);
		expect(updated.isError).toBeFalsy();
		expect(JSON.parse(textOf(updated))).toEqual([{ updated: true, ...MAP_RUN_UPDATE }]);

		expect(stub.requests.map((request) => ({ action: request.action, body: JSON.parse(request.body) }))).toEqual([
			{ action: 'DescribeExecution', body: { executionArn: KNOWN_EXECUTION_ARN } },
			{ action: 'SendTaskFailure', body: TASK_FAILURE },
			{ action: 'UpdateMapRun', body: MAP_RUN_UPDATE },
		]);
		for (const request of stub.requests) {
			expect(String(request.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAE2EMCPTOOLCALLER\/\d{8}\/us-east-1\/states\/aws4_request, /);
			expect(await isSignedBy(request, KEYS)).toBe(true);
		}
	});

	it('an unknown execution and a refused value come back through MCP as error results in the node\'s wording, and n8n keeps serving', async () => {
		const before = stub.requests.length;
		const missing = await client.callTool({ name: toolName(TOOLS[0].node), arguments: { executionArn: MISSING_EXECUTION_ARN } });
		mcpAnswers.push(JSON.stringify(missing));
		expect(missing.isError).toBe(true);
		expect(textOf(missing)).toContain('The execution does not exist');
		expect(textOf(missing)).toContain("No execution has this ARN in the credential's account and region (us-east-1)");
		expect(stub.requests.slice(before).map((request) => ({ action: request.action, body: JSON.parse(request.body) }))).toEqual([
			{ action: 'DescribeExecution', body: { executionArn: MISSING_EXECUTION_ARN } },
		]);
		// A value out of the API's range is refused by the node before anything is sent, and said so through MCP.
		const refused = await client.callTool({ name: toolName(TOOLS[2].node), arguments: { ...MAP_RUN_UPDATE, toleratedFailurePercentage: 150 } });
		mcpAnswers.push(JSON.stringify(refused));
		expect(refused.isError).toBe(true);
		expect(textOf(refused)).toContain('Tolerated Failure Percentage');
		expect(stub.requests.length).toBe(before + 1);
		// Still serving after the failures.
		const again = await client.callTool({ name: toolName(TOOLS[0].node), arguments: { executionArn: KNOWN_EXECUTION_ARN } });
		mcpAnswers.push(JSON.stringify(again));
		expect(again.isError).toBeFalsy();
	});

	it('the secret access key shows in no MCP answer, in nothing n8n printed and in nothing it stored', async () => {
		// n8n ends first: a running n8n's SQLite journal comes and goes while the folder is read.
		const exited = new Promise((resolve) => n8n.once('exit', resolve));
		n8n.kill('SIGTERM');
		await exited;
		const secrets = { 'secret access key': KEYS.secretAccessKey };
		const found = [
			...mcpAnswers.flatMap((answer, index) => leaksIn(`MCP answer ${index}`, answer, secrets)),
			...leaksIn("n8n's log", n8nLog, secrets),
			...leaksInUserFolder(cli.userFolder, secrets),
		];
		expect(found).toEqual([]);
		expect(mcpAnswers.length).toBeGreaterThanOrEqual(7);
	});
});
