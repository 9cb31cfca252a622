import nock from 'nock';
import type { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const OTHER = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Billing';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const empty = { __rl: true, mode: 'list', value: '' };
const machines = { stateMachines: [{ name: 'OrderApproval', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date(0) }] };

const run = (items: Array<Record<string, unknown>>) =>
	new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));

beforeEach(() => sfn.reset());
afterAll(() => {
	sfn.restore();
	nock.restore();
});

describe('State Machine Version', () => {
	const publish = (params: Record<string, unknown> = {}) => ({ resource: 'stateMachineVersion', operation: 'publish', stateMachine: byArn(MACHINE), options: {}, ...params });

	it('publishes with description and revision ID, and returns the version ARN', async () => {
		sfn.on('PublishStateMachineVersion').resolves({ stateMachineVersionArn: `${MACHINE}:4`, creationDate: new Date('2026-11-22T10:00:00Z') });
		const [main] = await run([publish({ options: { description: 'Adds the fraud check', revisionId: 'rev-7' } })]);
		expect(sfn.commandCalls('PublishStateMachineVersion')).toEqual([{ stateMachineArn: MACHINE, description: 'Adds the fraud check', revisionId: 'rev-7' }]);
		expect(main[0].json).toEqual({ stateMachineVersionArn: `${MACHINE}:4`, creationDate: '2026-11-22T10:00:00.000Z' });
	});

	it('publishes the state machine of a version or alias ARN, sending no empty options', async () => {
		sfn.on('PublishStateMachineVersion').resolves({ stateMachineVersionArn: `${MACHINE}:4`, creationDate: new Date(0) });
		await run([publish({ stateMachine: byArn(`${MACHINE}:prod`) })]);
		expect(sfn.commandCalls('PublishStateMachineVersion')).toEqual([{ stateMachineArn: MACHINE }]);
	});

	it('refuses a description over 256 characters before sending', async () => {
		await expect(run([publish({ options: { description: 'd'.repeat(257) } })])).rejects.toThrow(
			'"Version Description" is 257 characters long, over the limit of 256 characters',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('lists the versions of a state machine found by name', async () => {
		sfn.on('ListStateMachines').resolves(machines);
		sfn.on('ListStateMachineVersions').resolves({ stateMachineVersions: [{ stateMachineVersionArn: `${MACHINE}:2`, creationDate: new Date(0) }] });
		const [main] = await run([{ resource: 'stateMachineVersion', operation: 'list', stateMachine: byName('OrderApproval'), returnAll: true }]);
		expect(sfn.commandCalls('ListStateMachineVersions')).toEqual([{ stateMachineArn: MACHINE, maxResults: 1000 }]);
		expect(main.map((item) => item.json)).toEqual([{ stateMachineVersionArn: `${MACHINE}:2`, creationDate: '1970-01-01T00:00:00.000Z' }]);
	});

	it('deletes a version given by number within its state machine, and says so', async () => {
		sfn.on('DeleteStateMachineVersion').resolves({});
		const [main] = await run([{ resource: 'stateMachineVersion', operation: 'delete', stateMachine: byArn(MACHINE), version: byName('3') }]);
		expect(sfn.commandCalls('DeleteStateMachineVersion')).toEqual([{ stateMachineVersionArn: `${MACHINE}:3` }]);
		expect(main[0].json).toEqual({ deleted: true, stateMachineVersionArn: `${MACHINE}:3` });
	});

	it('explains a version an alias still routes to (ConflictException)', async () => {
		sfn.on('DeleteStateMachineVersion').rejects('ConflictException', 'Version is referenced by alias prod');
		const error = await rejection<NodeOperationError>(run([{ resource: 'stateMachineVersion', operation: 'delete', version: byArn(`${MACHINE}:3`) }]));
		expect(error.description).toContain('still routed by an alias');
	});

	it.each([
		['a version number that is no number', { stateMachine: byArn(MACHINE), version: byName('v3') }, '"Version Number" is "v3", not a version number'],
		['a version number without a state machine', { stateMachine: empty, version: byName('3') }, '"State Machine" is empty'],
		['an alias ARN as version', { version: byArn(`${MACHINE}:prod`) }, 'is not a valid State Machine Version ARN'],
	])('refuses %s before sending', async (_label, params, message) => {
		await expect(run([{ resource: 'stateMachineVersion', operation: 'delete', ...params }])).rejects.toThrow(message);
		expect(sfn.calls()).toHaveLength(0);
	});
});

describe('State Machine Alias', () => {
	const create = (params: Record<string, unknown> = {}) => ({
		resource: 'stateMachineAlias',
		operation: 'create',
		stateMachine: byArn(MACHINE),
		aliasName: 'prod',
		version: byName('3'),
		weight: 100,
		secondVersion: empty,
		options: {},
		...params,
	});

	it('creates an alias routing to one version given by number', async () => {
		sfn.on('CreateStateMachineAlias').resolves({ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: new Date(0) });
		const [main] = await run([create({ options: { description: 'Live traffic' } })]);
		const routingConfiguration = [{ stateMachineVersionArn: `${MACHINE}:3`, weight: 100 }];
		expect(sfn.commandCalls('CreateStateMachineAlias')).toEqual([{ name: 'prod', description: 'Live traffic', routingConfiguration }]);
		expect(main[0].json).toEqual({ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: '1970-01-01T00:00:00.000Z', name: 'prod', routingConfiguration });
	});

	it('splits traffic: the second version gets the rest of 100 (weights from expressions as text)', async () => {
		sfn.on('CreateStateMachineAlias').resolves({ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: new Date(0) });
		await run([create({ weight: '90', secondVersion: byArn(`${MACHINE}:4`) })]);
		expect(sfn.commandCalls('CreateStateMachineAlias')[0].routingConfiguration).toEqual([
			{ stateMachineVersionArn: `${MACHINE}:3`, weight: 90 },
			{ stateMachineVersionArn: `${MACHINE}:4`, weight: 10 },
		]);
	});

	it.each([
		['a name of digits only', { aliasName: '123' }, '"Alias Name" is "123": alias names hold only letters, digits, _ - . and not only digits'],
		['a name with a space', { aliasName: 'my alias' }, 'alias names hold only letters'],
		['a name over 80 characters', { aliasName: 'a'.repeat(81) }, '"Alias Name" is 81 characters long'],
		['a weight under 100 without a second version', { weight: 90 }, '"Weight (%)" is 90 but there is no Second Version'],
		['a weight over 100', { weight: 120 }, '"Weight (%)" is 120, not from 0 to 100'],
		['a fractional weight', { weight: 50.5, secondVersion: byName('4') }, '"Weight (%)" is 50.5'],
		['the same version twice', { version: byArn(`${MACHINE}:3`), weight: 50, secondVersion: byArn(`${MACHINE}:3`) }, '"Second Version" is the same version as Version'],
		['versions of two state machines', { version: byArn(`${MACHINE}:3`), weight: 50, secondVersion: byArn(`${OTHER}:1`) }, `"Second Version" belongs to ${OTHER}, but Version to ${MACHINE}`],
		['a description over 256 characters', { options: { description: 'd'.repeat(257) } }, '"Description" is 257 characters long'],
	])('refuses %s before sending', async (_label, params, message) => {
		await expect(run([create(params)])).rejects.toThrow(message);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('shifts a canary to 100 % (Update with routing only)', async () => {
		sfn.on('UpdateStateMachineAlias').resolves({ updateDate: new Date('2026-11-22T10:00:00Z') });
		const [main] = await run([
			{ resource: 'stateMachineAlias', operation: 'update', stateMachine: byArn(MACHINE), alias: byName('prod'), changeRouting: true, version: byName('4'), weight: 100, secondVersion: empty, options: {} },
		]);
		const routingConfiguration = [{ stateMachineVersionArn: `${MACHINE}:4`, weight: 100 }];
		expect(sfn.commandCalls('UpdateStateMachineAlias')).toEqual([{ stateMachineAliasArn: `${MACHINE}:prod`, routingConfiguration }]);
		expect(main[0].json).toEqual({ updated: true, stateMachineAliasArn: `${MACHINE}:prod`, updateDate: '2026-11-22T10:00:00.000Z', routingConfiguration });
	});

	it('clears the description without touching the routing', async () => {
		sfn.on('UpdateStateMachineAlias').resolves({ updateDate: new Date(0) });
		await run([{ resource: 'stateMachineAlias', operation: 'update', alias: byArn(`${MACHINE}:prod`), changeRouting: false, options: { description: '' } }]);
		expect(sfn.commandCalls('UpdateStateMachineAlias')).toEqual([{ stateMachineAliasArn: `${MACHINE}:prod`, description: '' }]);
	});

	it('refuses an update that changes nothing, before sending', async () => {
		await expect(run([{ resource: 'stateMachineAlias', operation: 'update', alias: byArn(`${MACHINE}:prod`), changeRouting: false, options: {} }])).rejects.toThrow(
			'"Change Routing" is off and no Description is given',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('gets, lists and deletes aliases', async () => {
		sfn.on('DescribeStateMachineAlias').resolves({ stateMachineAliasArn: `${MACHINE}:prod`, name: 'prod', routingConfiguration: [{ stateMachineVersionArn: `${MACHINE}:3`, weight: 100 }], creationDate: new Date(0) });
		sfn.on('ListStateMachineAliases').resolves({ stateMachineAliases: [{ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: new Date(0) }] });
		sfn.on('DeleteStateMachineAlias').resolves({});
		const [described] = await run([{ resource: 'stateMachineAlias', operation: 'describe', alias: byArn(`${MACHINE}:prod`) }]);
		expect(described[0].json).toEqual(expect.objectContaining({ name: 'prod', creationDate: '1970-01-01T00:00:00.000Z' }));
		const [listed] = await run([{ resource: 'stateMachineAlias', operation: 'list', stateMachine: byArn(`${MACHINE}:3`), returnAll: false, limit: 5 }]);
		expect(sfn.commandCalls('ListStateMachineAliases')).toEqual([{ stateMachineArn: MACHINE, maxResults: 5 }]);
		expect(listed).toHaveLength(1);
		const [deleted] = await run([{ resource: 'stateMachineAlias', operation: 'delete', alias: byArn(`${MACHINE}:prod`) }]);
		expect(deleted[0].json).toEqual({ deleted: true, stateMachineAliasArn: `${MACHINE}:prod` });
	});

	it('takes a delete whose repeat finds nothing as done (the first attempt deleted it, its answer was lost)', async () => {
		sfn.on('DeleteStateMachineAlias').rejectsOnce('InternalFailure', 'lost', 500).rejects('ResourceNotFound', 'no alias');
		const [main] = await run([{ resource: 'stateMachineAlias', operation: 'delete', alias: byArn(`${MACHINE}:prod`) }]);
		expect(main[0].json).toEqual({ deleted: true, stateMachineAliasArn: `${MACHINE}:prod` });
		expect(sfn.commandCalls('DeleteStateMachineAlias')).toHaveLength(2);
	});

	it('reports a first attempt that finds no alias', async () => {
		sfn.on('DeleteStateMachineAlias').rejects('ResourceNotFound', 'no alias');
		await expect(run([{ resource: 'stateMachineAlias', operation: 'delete', alias: byArn(`${MACHINE}:prod`) }])).rejects.toThrow('The resource was not found');
	});
});
