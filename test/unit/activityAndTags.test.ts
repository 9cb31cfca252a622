import type { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';

// AWS's hosts answered by nock, nothing else but loopback reachable, undone after the suite.
const sfn = mockStepFunctionsInSuite();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const ACTIVITY = 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

function run(items: Array<Record<string, unknown>>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));
}

beforeEach(() => sfn.reset());

describe('Activity: Create, Delete, Get', () => {
	const create = (params: Record<string, unknown> = {}) => ({ resource: 'activity', operation: 'create', name: 'ApproveOrder', options: {}, ...params });

	it('creates with tags and a customer managed key, returning ARN and creation date', async () => {
		sfn.on('CreateActivity').resolves({ activityArn: ACTIVITY, creationDate: new Date('2026-11-22T10:00:00Z') });
		const [main] = await run([
			create({
				options: {
					tags: { tag: [{ key: 'team', value: 'finance' }] },
					encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders' } },
				},
			}),
		]);
		expect(sfn.commandCalls('CreateActivity')).toEqual([
			{
				name: 'ApproveOrder',
				tags: [{ key: 'team', value: 'finance' }],
				encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 300 },
			},
		]);
		expect(main).toEqual([{ json: { activityArn: ACTIVITY, creationDate: '2026-11-22T10:00:00.000Z' }, pairedItem: { item: 0 } }]);
	});

	it('is retried after a server fault: CreateActivity is idempotent', async () => {
		sfn.on('CreateActivity').rejectsOnce('ServiceUnavailable', 'busy').resolves({ activityArn: ACTIVITY, creationDate: new Date(0) });
		await run([create()]);
		expect(sfn.commandCalls('CreateActivity')).toHaveLength(2);
	});

	it.each([
		['an empty name', { name: '' }, '"Name" is empty'],
		['a name with a slash', { name: 'approve/order' }, 'Item 0: "Name" may not contain "/"'],
		['a name with a control character', { name: 'approve\u0007' }, 'Item 0: "Name" may not contain a control character'],
		['a tag key starting with aws:', { options: { tags: { tag: [{ key: 'aws:x', value: '' }] } } }, 'starts with "aws:"'],
	])('refuses %s before sending', async (_label, params, message) => {
		await expect(run([create(params)])).rejects.toThrow(message);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('words ActivityAlreadyExists', async () => {
		sfn.on('CreateActivity').rejects('ActivityAlreadyExists', 'Activity already exists');
		await expect(run([create()])).rejects.toThrow('An activity with this name already exists with other settings');
	});

	it('deletes by name (looked up) and returns what was deleted', async () => {
		sfn.on('ListActivities').resolves({ activities: [{ name: 'ApproveOrder', activityArn: ACTIVITY, creationDate: new Date(0) }] });
		sfn.on('DeleteActivity').resolves({});
		const [main] = await run([{ resource: 'activity', operation: 'delete', activity: byName('ApproveOrder') }]);
		expect(sfn.commandCalls('DeleteActivity')).toEqual([{ activityArn: ACTIVITY }]);
		expect(main[0].json).toEqual({ activityArn: ACTIVITY, deleted: true });
	});

	it('gets an activity by ARN, dates as ISO text', async () => {
		sfn.on('DescribeActivity').resolves({ activityArn: ACTIVITY, name: 'ApproveOrder', creationDate: new Date(0), encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
		const [main] = await run([{ resource: 'activity', operation: 'describe', activity: byArn(ACTIVITY) }]);
		expect(sfn.commandCalls('DescribeActivity')).toEqual([{ activityArn: ACTIVITY }]);
		expect(main[0].json).toEqual({ activityArn: ACTIVITY, name: 'ApproveOrder', creationDate: '1970-01-01T00:00:00.000Z', encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
	});

	it('refuses a state machine ARN where an activity ARN belongs', async () => {
		await expect(run([{ resource: 'activity', operation: 'describe', activity: byArn(MACHINE) }])).rejects.toThrow('is not a valid Activity ARN');
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('Tag: Get Many, Add, Remove', () => {
	const onMachine = { resourceType: 'stateMachine', stateMachine: byArn(MACHINE) };
	const onActivity = { resourceType: 'activity', activity: byArn(ACTIVITY) };

	it('lists the tags of a state machine, one item per tag', async () => {
		sfn.on('ListTagsForResource').resolves({ tags: [{ key: 'team', value: 'finance' }, { key: 'env', value: '' }] });
		const [main] = await run([{ resource: 'tag', operation: 'list', ...onMachine }]);
		expect(sfn.commandCalls('ListTagsForResource')).toEqual([{ resourceArn: MACHINE }]);
		expect(main).toEqual([
			{ json: { key: 'team', value: 'finance', resourceArn: MACHINE }, pairedItem: { item: 0 } },
			{ json: { key: 'env', value: '', resourceArn: MACHINE }, pairedItem: { item: 0 } },
		]);
	});

	it('a resource without tags gives no item', async () => {
		sfn.on('ListTagsForResource').resolves({ tags: [] });
		const [main] = await run([{ resource: 'tag', operation: 'list', ...onActivity }]);
		expect(main).toEqual([]);
	});

	it('adds tags to an activity', async () => {
		sfn.on('TagResource').resolves({});
		const [main] = await run([{ resource: 'tag', operation: 'add', ...onActivity, tags: { tag: [{ key: 'team', value: 'ops' }] } }]);
		expect(sfn.commandCalls('TagResource')).toEqual([{ resourceArn: ACTIVITY, tags: [{ key: 'team', value: 'ops' }] }]);
		expect(main[0].json).toEqual({ resourceArn: ACTIVITY, tagsAdded: [{ key: 'team', value: 'ops' }] });
	});

	it('removes tags by key from a state machine found by name', async () => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [{ name: 'OrderApproval', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date(0) }] });
		sfn.on('UntagResource').resolves({});
		const [main] = await run([
			{ resource: 'tag', operation: 'remove', resourceType: 'stateMachine', stateMachine: byName('OrderApproval'), tagKeys: { key: [{ key: 'team' }, { key: 'env' }] } },
		]);
		expect(sfn.commandCalls('UntagResource')).toEqual([{ resourceArn: MACHINE, tagKeys: ['team', 'env'] }]);
		expect(main[0].json).toEqual({ resourceArn: MACHINE, tagKeysRemoved: ['team', 'env'] });
	});

	it.each([
		['no tags to add', { operation: 'add', ...onMachine, tags: {} }, 'Item 0: "Tags" is empty'],
		['51 tags', { operation: 'add', ...onMachine, tags: { tag: Array.from({ length: 51 }, (_, n) => ({ key: `k${n}`, value: 'v' })) } }, '"Tags" lists 51 tags'],
		['a tag value with a forbidden character', { operation: 'add', ...onMachine, tags: { tag: [{ key: 'k', value: 'a;b' }] } }, '"Tag Value" of "k" holds a character tags may not hold'],
		['no keys to remove', { operation: 'remove', ...onMachine, tagKeys: {} }, 'Item 0: "Tag Keys" is empty'],
		['a key to remove over 128 characters', { operation: 'remove', ...onMachine, tagKeys: { key: [{ key: 'k'.repeat(129) }] } }, '"Tag Key" is 129 characters long'],
		['a version ARN (versions carry no tags)', { operation: 'list', resourceType: 'stateMachine', stateMachine: byArn(`${MACHINE}:2`) }, 'is a version or alias ARN'],
		['an execution ARN as activity', { operation: 'list', resourceType: 'activity', activity: byArn(MACHINE.replace('stateMachine', 'execution') + ':e1') }, 'is not a valid Activity ARN'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await rejection<NodeOperationError>(run([{ resource: 'tag', ...params }]));
		expect(error.message).toContain(message);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('words TooManyTags and ResourceNotFound', async () => {
		sfn.on('TagResource').rejects('TooManyTags', 'too many');
		await expect(run([{ resource: 'tag', operation: 'add', ...onMachine, tags: { tag: [{ key: 'k', value: 'v' }] } }])).rejects.toThrow('Too many tags');
		sfn.on('ListTagsForResource').rejects('ResourceNotFound', 'gone');
		await expect(run([{ resource: 'tag', operation: 'list', ...onMachine }])).rejects.toThrow('The resource was not found');
	});
});
