import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { createAdminSession } from '../helpers/adminClient';
import type { AdminSession } from '../helpers/adminClient';
import { executeContext, rejection } from '../helpers/executeContext';
import { uniqueName } from '../helpers/localStepFunctions';
import { startMoto } from '../support/moto';
import type { Moto } from '../support/moto';

// Activities and tags against moto, a real and independently written Step Functions server; results are read
// back with the AWS SDK.
let moto: Moto;
let admin: AdminSession;
let machineArn: string;

const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

beforeAll(async () => {
	moto = await startMoto();
	admin = createAdminSession({ region: 'us-east-1', accessKeyId: 'admin', secretAccessKey: 'admin', endpoint: moto.endpoint });
	const created = await admin.send(
		new admin.sdk.CreateStateMachineCommand({
			name: uniqueName('tagged'),
			definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
			roleArn: 'arn:aws:iam::123456789012:role/test',
		}),
	);
	machineArn = created.stateMachineArn ?? '';
});

afterAll(async () => {
	admin.close();
	await moto.stop();
});

function runNode(items: Array<Record<string, unknown>>) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIAMOTO', secretAccessKey: 'moto', customEndpoint: true, endpoint: moto.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items }));
}

const tagsOf = async (resourceArn: string) => (await admin.send(new admin.sdk.ListTagsForResourceCommand({ resourceArn }))).tags ?? [];

describe('Activities against moto', () => {
	it('creates an activity with tags and encryption, gets it by name, deletes it by ARN', async () => {
		const name = uniqueName('approve');
		const [[created]] = await runNode([
			{
				resource: 'activity',
				operation: 'create',
				name,
				options: { tags: { tag: [{ key: 'team', value: 'ops' }] }, encryption: { settings: { type: 'AWS_OWNED_KEY' } } },
			},
		]);
		const activityArn = String(created.json.activityArn);
		expect(activityArn).toBe(`arn:aws:states:us-east-1:123456789012:activity:${name}`);
		expect(await tagsOf(activityArn)).toEqual([{ key: 'team', value: 'ops' }]);

		const [[described]] = await runNode([{ resource: 'activity', operation: 'describe', activity: byName(name) }]);
		expect(described.json).toMatchObject({ activityArn, name, encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
		expect(described.json.creationDate).toBe(created.json.creationDate);

		const [[deleted]] = await runNode([{ resource: 'activity', operation: 'delete', activity: byArn(activityArn) }]);
		expect(deleted.json).toEqual({ activityArn, deleted: true });
		await expect(admin.send(new admin.sdk.DescribeActivityCommand({ activityArn }))).rejects.toMatchObject({ name: 'ActivityDoesNotExist' });
		const error = await rejection(runNode([{ resource: 'activity', operation: 'describe', activity: byArn(activityArn) }]));
		expect(error.message).toBe('The activity does not exist');
	});
});

describe('Tags against moto', () => {
	it('adds, lists (one item per tag) and removes the tags of a state machine', async () => {
		const onMachine = { resource: 'tag', resourceType: 'stateMachine', stateMachine: byArn(machineArn) };
		const [[added]] = await runNode([{ ...onMachine, operation: 'add', tags: { tag: [{ key: 'team', value: 'finance' }, { key: 'env', value: '' }] } }]);
		expect(added.json).toEqual({ resourceArn: machineArn, tagsAdded: [{ key: 'team', value: 'finance' }, { key: 'env', value: '' }] });

		const [listed] = await runNode([{ ...onMachine, operation: 'list' }]);
		expect(listed.map((item) => item.json)).toEqual([
			{ key: 'team', value: 'finance', resourceArn: machineArn },
			{ key: 'env', value: '', resourceArn: machineArn },
		]);

		await runNode([{ ...onMachine, operation: 'remove', tagKeys: { key: [{ key: 'team' }, { key: 'absent' }] } }]);
		expect(await tagsOf(machineArn)).toEqual([{ key: 'env', value: '' }]);
	});

	it('tags an activity picked by name', async () => {
		const name = uniqueName('worker');
		const { activityArn } = await admin.send(new admin.sdk.CreateActivityCommand({ name }));
		await runNode([{ resource: 'tag', operation: 'add', resourceType: 'activity', activity: byName(name), tags: { tag: [{ key: 'owner', value: 'n8n' }] } }]);
		expect(await tagsOf(activityArn ?? '')).toEqual([{ key: 'owner', value: 'n8n' }]);
		const [listed] = await runNode([{ resource: 'tag', operation: 'list', resourceType: 'activity', activity: byName(name) }]);
		expect(listed.map((item) => item.json)).toEqual([{ key: 'owner', value: 'n8n', resourceArn: activityArn }]);
	});
});
