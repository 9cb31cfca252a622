import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { executeContext, rejection } from '../helpers/executeContext';
import { uniqueName } from '../helpers/localStepFunctions';
import { startValidateAndTestStateStub } from '../helpers/validateAndTestStateStub';
import type { ValidateAndTestStateStub } from '../helpers/validateAndTestStateStub';
import { startMoto } from '../support/moto';
import type { Moto } from '../support/moto';

// State machine management against moto, a real and independently written Step Functions server: what the node
// sends is read back with the AWS SDK. Validate First goes through a loopback stub standing in for
// ValidateStateMachineDefinition (which moto lacks) and forwarding every other action to moto unchanged.
let moto: Moto;
let stub: ValidateAndTestStateStub;
let admin: AdminSession;
const credentials = (endpoint: string) => ({ region: 'us-east-1', accessKeyId: 'AKIAMOTO', secretAccessKey: 'moto', customEndpoint: true, endpoint });

const ROLE = 'arn:aws:iam::123456789012:role/service-role/OrdersRole';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/OtherRole';
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*';
const definition = (result: string) => ({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: result, End: true } } });
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

beforeAll(async () => {
	moto = await startMoto();
	stub = await startValidateAndTestStateStub({ forwardTo: moto.endpoint });
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'admin', secretAccessKey: 'admin', endpoint: moto.endpoint });
});

afterAll(async () => {
	admin.close();
	await stub.stop();
	await moto.stop();
});

function runNode(items: Array<Record<string, unknown>>, endpoint = moto.endpoint) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: credentials(endpoint), items }));
}

const create = (name: string, params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'create',
	name,
	definition: definition('v1'),
	roleArn: ROLE,
	type: 'STANDARD',
	options: {},
	...params,
});

const describeMachine = async (stateMachineArn: string) => await admin.send(new admin.sdk.DescribeStateMachineCommand({ stateMachineArn }));

describe('State Machine management against moto', () => {
	it('creates a state machine with logging, tracing, tags and a published version, as moto then describes it', async () => {
		const name = uniqueName('orders');
		const [[created]] = await runNode([
			create(name, {
				options: {
					logging: { settings: { level: 'ERROR', includeExecutionData: true, logGroupArn: LOG_GROUP } },
					tracingEnabled: true,
					publish: true,
					versionDescription: 'first release',
					tags: { tag: [{ key: 'team', value: 'finance' }] },
				},
			}),
		]);
		const stateMachineArn = String(created.json.stateMachineArn);
		expect(stateMachineArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${name}`);
		expect(created.json.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
		expect(Number.isNaN(Date.parse(String(created.json.creationDate)))).toBe(false);

		const machine = await describeMachine(stateMachineArn);
		expect(JSON.parse(machine.definition ?? '')).toEqual(definition('v1'));
		expect(machine).toMatchObject({
			roleArn: ROLE,
			loggingConfiguration: { level: 'ERROR', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] },
			tracingConfiguration: { enabled: true },
		});
		const { tags } = await admin.send(new admin.sdk.ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
		expect(tags).toEqual([{ key: 'team', value: 'finance' }]);
	});

	it('creates with a customer managed KMS key, as moto keeps it', async () => {
		const [[created]] = await runNode([
			create(uniqueName('encrypted'), { options: { encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 120 } } } }),
		]);
		const machine = await describeMachine(String(created.json.stateMachineArn));
		expect(machine.encryptionConfiguration).toEqual({ type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 120 });
	});

	it('updates definition and role by name, publishing version 2, and returns the update', async () => {
		const name = uniqueName('updated');
		const [[created]] = await runNode([create(name, { options: { publish: true } })]);
		const [[updated]] = await runNode([
			{
				resource: 'stateMachine',
				operation: 'update',
				stateMachine: byName(name),
				updateFields: { definition: JSON.stringify(definition('v2')), roleArn: OTHER_ROLE },
				options: { publish: true, versionDescription: 'second' },
			},
		]);
		expect(updated.json.stateMachineArn).toBe(created.json.stateMachineArn);
		expect(updated.json.stateMachineVersionArn).toBe(`${String(created.json.stateMachineArn)}:2`);
		const machine = await describeMachine(String(created.json.stateMachineArn));
		expect(JSON.parse(machine.definition ?? '')).toEqual(definition('v2'));
		expect(machine.roleArn).toBe(OTHER_ROLE);
	});

	it('gets the state machine an execution ran, definition parsed', async () => {
		const [[created]] = await runNode([create(uniqueName('described'))]);
		const { executionArn } = await admin.send(new admin.sdk.StartExecutionCommand({ stateMachineArn: String(created.json.stateMachineArn), name: 'run-1' }));
		const [[item]] = await runNode([{ resource: 'stateMachine', operation: 'describeForExecution', executionArn, includedData: 'ALL_DATA' }]);
		expect(item.json).toMatchObject({ stateMachineArn: created.json.stateMachineArn, definition: definition('v1'), roleArn: ROLE });
	});

	it('deletes a state machine: moto no longer knows it, and deleting again is harmless', async () => {
		const [[created]] = await runNode([create(uniqueName('deleted'))]);
		const stateMachineArn = String(created.json.stateMachineArn);
		const remove = { resource: 'stateMachine', operation: 'delete', stateMachine: byArn(stateMachineArn) };
		const [[deleted]] = await runNode([remove]);
		expect(deleted.json).toEqual({ stateMachineArn, deleted: true, status: 'DELETING' });
		await expect(describeMachine(stateMachineArn)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
		await expect(runNode([remove])).resolves.toHaveLength(1);
	});

	it("words moto's errors: an unknown state machine on update", async () => {
		const error = await rejection(
			runNode([{ resource: 'stateMachine', operation: 'update', stateMachine: byArn('arn:aws:states:us-east-1:123456789012:stateMachine:Missing'), updateFields: { roleArn: ROLE }, options: {} }]),
		);
		expect(error.message).toBe('The state machine does not exist');
	});

	describe('Validate First (ValidateStateMachineDefinition from the stub, the rest by moto)', () => {
		it('refuses a definition with errors: nothing is created in moto, and the errors are listed', async () => {
			const name = uniqueName('invalid');
			const broken = { StartAt: 'Start', States: { Start: { Type: 'Pass', Next: 'Charge' } } };
			const error = await rejection<Error & { description?: string }>(runNode([create(name, { definition: broken, options: { validateFirst: true } })], stub.endpoint));
			expect(error.message).toBe('Item 0: the definition has 1 error; the state machine was not created');
			expect(error.description).toContain("MISSING_TRANSITION_TARGET at /States/Start/Next: Missing 'Next' target: Charge");
			expect(stub.requests.filter((request) => request.body.name === name).map((request) => request.action)).toEqual([]);
			const { stateMachines } = await admin.send(new admin.sdk.ListStateMachinesCommand({}));
			expect(stateMachines?.map((machine) => machine.name)).not.toContain(name);
		});

		it('creates a valid definition after validating it', async () => {
			const name = uniqueName('valid');
			const [[created]] = await runNode([create(name, { options: { validateFirst: true } })], stub.endpoint);
			expect((await describeMachine(String(created.json.stateMachineArn))).name).toBe(name);
			const sent = stub.requests.slice(-2).map((request) => request.action);
			expect(sent).toEqual(['ValidateStateMachineDefinition', 'CreateStateMachine']);
		});

		it('validates an update against the machine type and leaves the machine unchanged on errors', async () => {
			const name = uniqueName('kept');
			const [[created]] = await runNode([create(name)]);
			const error = await rejection(
				runNode(
					[{ resource: 'stateMachine', operation: 'update', stateMachine: byName(name), updateFields: { definition: { StartAt: 'Nowhere', States: {} } }, options: { validateFirst: true } }],
					stub.endpoint,
				),
			);
			expect(error.message).toBe('Item 0: the definition has 1 error; the state machine was not changed');
			expect(stub.requests.at(-1)?.body).toMatchObject({ type: 'STANDARD', severity: 'ERROR' });
			expect(JSON.parse((await describeMachine(String(created.json.stateMachineArn))).definition ?? '')).toEqual(definition('v1'));
		});
	});
});
