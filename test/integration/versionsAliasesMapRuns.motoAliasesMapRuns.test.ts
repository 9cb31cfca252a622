import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { executeContext, TEST_NODE } from '../helpers/executeContext';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { startMoto } from '../support/moto';
import type { Moto } from '../support/moto';

// Aliases and Map Runs against moto, a real and independently written Step Functions server: versions are
// published with the SDK (CreateStateMachine / UpdateStateMachine with publish), what the node sends is read
// back with the SDK. moto runs one execution per server, so one Distributed Map execution serves the Map Run
// tests. moto does not know these (tested with nock instead): StartExecution or ListExecutions with an alias or
// version ARN (StateMachineDoesNotExist / HTTP 500), ListExecutions by mapRunArn (HTTP 500), ConflictException
// for a second create of an alias with other settings (moto overwrites it).
let moto: Moto;
let admin: AdminSession;
const ROLE = 'arn:aws:iam::123456789012:role/OrdersRole';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const empty = { __rl: true, mode: 'list', value: '' };
const credentials = () => ({ region: 'us-east-1', accessKeyId: 'AKIAMOTO', secretAccessKey: 'moto', customEndpoint: true, endpoint: moto.endpoint });
const pass = (result: string) => JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: result, End: true } } });

beforeAll(async () => {
	moto = await startMoto({ executeStateMachines: true });
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'admin', secretAccessKey: 'admin', endpoint: moto.endpoint });
});
afterAll(async () => {
	admin.close();
	await moto.stop();
});

function runNode(items: Array<Record<string, unknown>>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: credentials(), items }));
}

async function machineWithTwoVersions(name: string): Promise<string> {
	const { CreateStateMachineCommand, UpdateStateMachineCommand } = admin.sdk;
	const created = await admin.send(new CreateStateMachineCommand({ name, definition: pass('v1'), roleArn: ROLE, publish: true }));
	await admin.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass('v2'), publish: true }));
	return created.stateMachineArn ?? '';
}

describe('aliases (moto)', () => {
	it('creates a 90/10 canary by version numbers, shifts it to 100, reads, lists and deletes it', async () => {
		const machine = await machineWithTwoVersions('Canary');
		const [[created]] = await runNode([
			{ resource: 'stateMachineAlias', operation: 'create', stateMachine: byName('Canary'), aliasName: 'prod', version: byName('1'), weight: 90, secondVersion: byName('2'), options: { description: 'live' } },
		]);
		expect(created.json.stateMachineAliasArn).toBe(`${machine}:prod`);
		const described = await admin.send(new admin.sdk.DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machine}:prod` }));
		expect(described.routingConfiguration).toEqual([
			{ stateMachineVersionArn: `${machine}:1`, weight: 90 },
			{ stateMachineVersionArn: `${machine}:2`, weight: 10 },
		]);
		expect(described.description).toBe('live');

		await runNode([{ resource: 'stateMachineAlias', operation: 'update', stateMachine: byArn(machine), alias: byName('prod'), changeRouting: true, version: byName('2'), weight: 100, secondVersion: empty, options: {} }]);
		const [[got]] = await runNode([{ resource: 'stateMachineAlias', operation: 'describe', alias: byArn(`${machine}:prod`) }]);
		expect(got.json).toMatchObject({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: `${machine}:2`, weight: 100 }] });
		expect(got.json.creationDate).toMatch(/^\d{4}-\d\d-\d\dT/);

		const [listed] = await runNode([{ resource: 'stateMachineAlias', operation: 'list', stateMachine: byArn(machine), returnAll: true }]);
		expect(listed.map((item) => item.json.stateMachineAliasArn)).toEqual([`${machine}:prod`]);

		const [[deleted]] = await runNode([{ resource: 'stateMachineAlias', operation: 'delete', stateMachine: byArn(machine), alias: byName('prod') }]);
		expect(deleted.json).toEqual({ deleted: true, stateMachineAliasArn: `${machine}:prod` });
		const after = await admin.send(new admin.sdk.ListStateMachineAliasesCommand({ stateMachineArn: machine }));
		expect(after.stateMachineAliases).toEqual([]);
	});

	it('shows AWS\'s answer for a version that does not exist (nothing created)', async () => {
		const machine = await machineWithTwoVersions('Missing');
		const items = await new AwsStepFunctions().execute.call(
			executeContext({
				credentials: credentials(),
				onError: 'continueRegularOutput',
				items: [{ resource: 'stateMachineAlias', operation: 'create', stateMachine: byArn(machine), aliasName: 'prod', version: byName('9'), weight: 100, secondVersion: empty, options: {} }],
			}),
		);
		expect(items[0][0].json.error).toBeDefined();
		const after = await admin.send(new admin.sdk.ListStateMachineAliasesCommand({ stateMachineArn: machine }));
		expect(after.stateMachineAliases).toEqual([]);
	});

	it("lists a state machine's aliases in the editor's picker", async () => {
		const machine = await machineWithTwoVersions('Picked');
		await admin.send(new admin.sdk.CreateStateMachineAliasCommand({ name: 'beta', routingConfiguration: [{ stateMachineVersionArn: `${machine}:1`, weight: 100 }] }));
		const context = {
			getCredentials: async () => credentials(),
			getNode: () => TEST_NODE,
			getCurrentNodeParameter: (name: string) => (name === 'stateMachine' ? 'Picked' : undefined),
			helpers: { httpRequestWithAuthentication },
		} as unknown as ILoadOptionsFunctions;
		const { searchAliases } = new AwsStepFunctions().methods.listSearch;
		const result = await searchAliases.call(context);
		expect(result.results.map((entry) => [entry.name, entry.value])).toEqual([['beta', `${machine}:beta`]]);
	});
});

describe('Map Runs (moto runs a Distributed Map state)', () => {
	it('lists, gets and updates the Map Run of an execution', async () => {
		const definition = JSON.stringify({
			StartAt: 'ProcessOrders',
			States: {
				ProcessOrders: {
					Type: 'Map',
					MaxConcurrency: 3,
					ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
					End: true,
				},
			},
		});
		const machine = await admin.send(new admin.sdk.CreateStateMachineCommand({ name: 'OrderBatch', definition, roleArn: ROLE }));
		const started = await admin.send(new admin.sdk.StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: 'batch-1', input: '[1,2,3]' }));
		const executionArn = started.executionArn ?? '';
		for (let tries = 0; tries < 100; tries++) {
			const execution = await admin.send(new admin.sdk.DescribeExecutionCommand({ executionArn }));
			if (execution.status !== 'RUNNING') break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}

		const [listed] = await runNode([{ resource: 'mapRun', operation: 'list', executionArn, returnAll: true }]);
		expect(listed).toHaveLength(1);
		const mapRunArn = String(listed[0].json.mapRunArn);
		expect(listed[0].json).toMatchObject({ executionArn, startDate: expect.stringMatching(/^\d{4}-/) });

		const [[got]] = await runNode([{ resource: 'mapRun', operation: 'describe', mapRunArn: byArn(mapRunArn) }]);
		expect(got.json).toMatchObject({ mapRunArn, executionArn, status: 'SUCCEEDED', maxConcurrency: 3, itemCounts: { total: 3, succeeded: 3 } });

		const [[updated]] = await runNode([{ resource: 'mapRun', operation: 'update', mapRunArn: byArn(mapRunArn), updateFields: { maxConcurrency: 7, toleratedFailureCount: 2 } }]);
		expect(updated.json).toEqual({ updated: true, mapRunArn, maxConcurrency: 7, toleratedFailureCount: 2 });
		const after = await admin.send(new admin.sdk.DescribeMapRunCommand({ mapRunArn }));
		expect(after).toMatchObject({ maxConcurrency: 7, toleratedFailureCount: 2 });

		// By the label in its ARN (moto labels a Map state with a generated id, as AWS does without a Label field)
		const label = mapRunArn.slice(mapRunArn.indexOf('/') + 1, mapRunArn.lastIndexOf(':'));
		const [[byLabel]] = await runNode([{ resource: 'mapRun', operation: 'describe', executionArn, mapRunArn: byName(label) }]);
		expect(byLabel.json.mapRunArn).toBe(mapRunArn);
	});
});
