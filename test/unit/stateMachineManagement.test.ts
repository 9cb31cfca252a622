import type { NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';

// AWS's hosts answered by nock, nothing else but loopback reachable, undone after the suite.
const sfn = mockStepFunctionsInSuite();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:order-1';
const ROLE = 'arn:aws:iam::123456789012:role/service-role/StepFunctionsRole';
const LOG_GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/OrderApproval:*';
const DEFINITION = '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

function run(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow') {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items, onError }));
}

const create = (params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'create',
	name: 'OrderApproval',
	definition: DEFINITION,
	roleArn: ROLE,
	type: 'STANDARD',
	options: {},
	...params,
});
const update = (params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'update',
	stateMachine: byArn(MACHINE),
	updateFields: {},
	options: {},
	...params,
});

beforeEach(() => sfn.reset());

describe('State Machine: Create', () => {
	it('sends every setting as the API names it and returns the ARNs and creation date', async () => {
		sfn.on('CreateStateMachine').resolves({ stateMachineArn: MACHINE, creationDate: new Date('2026-11-22T10:00:00Z'), stateMachineVersionArn: `${MACHINE}:1` });
		const [main] = await run([
			create({
				definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
				type: 'EXPRESS',
				options: {
					logging: { settings: { level: 'ALL', includeExecutionData: true, logGroupArn: LOG_GROUP } },
					tracingEnabled: true,
					encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 120 } },
					publish: true,
					versionDescription: 'first',
					tags: { tag: [{ key: 'team', value: 'finance' }, { key: 'cost center', value: '' }] },
				},
			}),
		]);
		expect(sfn.commandCalls('CreateStateMachine')).toEqual([
			{
				name: 'OrderApproval',
				definition: DEFINITION,
				roleArn: ROLE,
				type: 'EXPRESS',
				loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] },
				tracingConfiguration: { enabled: true },
				encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 120 },
				publish: true,
				versionDescription: 'first',
				tags: [{ key: 'team', value: 'finance' }, { key: 'cost center', value: '' }],
			},
		]);
		expect(main).toEqual([
			{ json: { stateMachineArn: MACHINE, creationDate: '2026-11-22T10:00:00.000Z', stateMachineVersionArn: `${MACHINE}:1` }, pairedItem: { item: 0 } },
		]);
	});

	it('sends only the required fields when no option is set, definition text as written', async () => {
		sfn.on('CreateStateMachine').resolves({ stateMachineArn: MACHINE, creationDate: new Date(0) });
		const written = '{ "StartAt": "Done",\n  "States": { "Done": { "Type": "Succeed" } } }';
		await run([create({ definition: written })]);
		expect(sfn.commandCalls('CreateStateMachine')).toEqual([{ name: 'OrderApproval', definition: written, roleArn: ROLE, type: 'STANDARD' }]);
	});

	it('an AWS owned key is sent without key or reuse period, logging OFF without destination', async () => {
		sfn.on('CreateStateMachine').resolves({ stateMachineArn: MACHINE, creationDate: new Date(0) });
		await run([create({ options: { encryption: { settings: { type: 'AWS_OWNED_KEY', kmsKeyId: 'ignored' } }, logging: { settings: { level: 'OFF' } } } })]);
		expect(sfn.commandCalls('CreateStateMachine')[0]).toMatchObject({ encryptionConfiguration: { type: 'AWS_OWNED_KEY' }, loggingConfiguration: { level: 'OFF' } });
		expect(sfn.commandCalls('CreateStateMachine')[0].encryptionConfiguration).toEqual({ type: 'AWS_OWNED_KEY' });
	});

	it.each([
		['a name with a space', { name: 'Order Approval' }, 'Item 0: "Name" may not contain whitespace'],
		['a name with a colon', { name: 'Order:Approval' }, 'Item 0: "Name" may not contain ":"'],
		['a name over 80 characters', { name: 'n'.repeat(81) }, '"Name" is 81 characters long, over the limit of 80 characters'],
		['a definition that is not JSON', { definition: '{"StartAt": ' }, 'Item 0: "Definition" is not valid JSON'],
		['a definition over 1 MB in UTF-8', { definition: JSON.stringify({ Comment: 'é'.repeat(524_288) }) }, '"Definition" is 1,048,590 bytes long, over the limit of 1,048,576 bytes'],
		['a role name instead of a role ARN', { roleArn: 'StepFunctionsRole' }, 'Item 0: "StepFunctionsRole" is not a valid IAM Role ARN'],
		['a policy ARN instead of a role ARN', { roleArn: 'arn:aws:iam::123456789012:policy/Orders' }, 'is not a valid IAM Role ARN'],
		['a log group ARN without :*', { options: { logging: { settings: { level: 'ERROR', logGroupArn: LOG_GROUP.slice(0, -2) } } } }, 'is not a valid CloudWatch Logs log group ARN ending with :*'],
		['logging without a log group', { options: { logging: { settings: { level: 'ERROR', logGroupArn: '' } } } }, '"Log Group ARN" is empty'],
		['a reuse period under 60 s', { options: { encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'k', kmsDataKeyReusePeriodSeconds: 59 } } } }, '"KMS Data Key Reuse Period (Seconds)" is 59, not from 60 to 900'],
		['a reuse period over 900 s', { options: { encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'k', kmsDataKeyReusePeriodSeconds: 901 } } } }, 'not from 60 to 900'],
		['a customer managed key without key ID', { options: { encryption: { settings: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: '' } } } }, '"KMS Key ID" is empty'],
		['a version description without publishing', { options: { versionDescription: 'v1' } }, 'Item 0: "Version Description" is set but no version is published'],
		['a version description over 256 characters', { options: { publish: true, versionDescription: 'd'.repeat(257) } }, '"Version Description" is 257 characters long'],
		['51 tags', { options: { tags: { tag: Array.from({ length: 51 }, (_, n) => ({ key: `k${n}`, value: '' })) } } }, 'Item 0: "Tags" lists 51 tags'],
		['a tag key over 128 characters', { options: { tags: { tag: [{ key: 'k'.repeat(129), value: '' }] } } }, '"Tag Key" is 129 characters long'],
		['an empty tag key', { options: { tags: { tag: [{ key: '', value: 'v' }] } } }, '"Tag Key" is empty'],
		['a tag value over 256 characters', { options: { tags: { tag: [{ key: 'k', value: 'v'.repeat(257) }] } } }, '"Tag Value" is 257 characters long'],
		['a tag key starting with aws:', { options: { tags: { tag: [{ key: 'AWS:owner', value: '' }] } } }, '"Tag Key" "AWS:owner" starts with "aws:"'],
		['a tag key with a forbidden character', { options: { tags: { tag: [{ key: 'team#1', value: '' }] } } }, 'holds a character tags may not hold'],
		['a tag key given twice', { options: { tags: { tag: [{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }] } } }, '"Tag Key" "team" is given twice'],
		['a type that is not offered', { type: 'FAST' }, 'Item 0: "Type" cannot be "FAST"'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await rejection<NodeOperationError>(run([create(params)]));
		expect(error.message).toContain(message);
		expect(error.description).toMatch(/nothing was sent/i);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('Validate First sends the definition to ValidateStateMachineDefinition, then creates when it passes (warnings allowed)', async () => {
		sfn.on('ValidateStateMachineDefinition').resolves({ result: 'OK', diagnostics: [{ severity: 'WARNING', code: 'NO_TIMEOUT', message: 'no timeout' }] });
		sfn.on('CreateStateMachine').resolves({ stateMachineArn: MACHINE, creationDate: new Date(0) });
		await run([create({ type: 'EXPRESS', options: { validateFirst: true } })]);
		expect(sfn.calls().map((call) => call.action)).toEqual(['ValidateStateMachineDefinition', 'CreateStateMachine']);
		expect(sfn.commandCalls('ValidateStateMachineDefinition')[0]).toEqual({ definition: DEFINITION, type: 'EXPRESS', severity: 'ERROR', maxResults: 100 });
	});

	it('Validate First refuses a definition with ERROR diagnostics, listing them, and creates nothing', async () => {
		sfn.on('ValidateStateMachineDefinition').resolves({
			result: 'FAIL',
			truncated: false,
			diagnostics: [
				{ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'Missing Next target: Charge', location: '/States/Start/Next' },
				{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The field "Type" is required', location: '/States/Charge' },
			],
		});
		const error = await rejection<NodeOperationError>(run([create({ options: { validateFirst: true } })]));
		expect(error.message).toBe('Item 0: the definition has 2 errors; the state machine was not created');
		expect(error.description).toContain('MISSING_TRANSITION_TARGET at /States/Start/Next: Missing Next target: Charge');
		expect(error.description).toContain('SCHEMA_VALIDATION_FAILED at /States/Charge');
		expect(sfn.commandCalls('CreateStateMachine')).toHaveLength(0);

		const [main] = await run([create({ options: { validateFirst: true } })], 'continueErrorOutput');
		expect(main[0].json.error).toBe('Item 0: the definition has 2 errors; the state machine was not created');
	});

	it('words StateMachineAlreadyExists', async () => {
		sfn.on('CreateStateMachine').rejects('StateMachineAlreadyExists', 'State Machine Already Exists');
		const error = await rejection(run([create()]));
		expect(error.message).toBe('A state machine with this name already exists');
	});
});

describe('State Machine: Update', () => {
	it('sends only the fields given, with publish, and returns the state machine ARN with the update', async () => {
		sfn.on('UpdateStateMachine').resolves({ updateDate: new Date('2026-11-22T11:00:00Z'), revisionId: 'rev-2', stateMachineVersionArn: `${MACHINE}:2` });
		const [main] = await run([
			update({ updateFields: { definition: DEFINITION, tracingEnabled: false }, options: { publish: true, versionDescription: 'fix' } }),
		]);
		expect(sfn.commandCalls('UpdateStateMachine')).toEqual([
			{ stateMachineArn: MACHINE, definition: DEFINITION, tracingConfiguration: { enabled: false }, publish: true, versionDescription: 'fix' },
		]);
		expect(main[0].json).toEqual({ stateMachineArn: MACHINE, updateDate: '2026-11-22T11:00:00.000Z', revisionId: 'rev-2', stateMachineVersionArn: `${MACHINE}:2` });
	});

	it('resolves a state machine by name', async () => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [{ name: 'OrderApproval', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date(0) }] });
		sfn.on('UpdateStateMachine').resolves({ updateDate: new Date(0) });
		await run([update({ stateMachine: byName('OrderApproval'), updateFields: { roleArn: ROLE } })]);
		expect(sfn.commandCalls('UpdateStateMachine')).toEqual([{ stateMachineArn: MACHINE, roleArn: ROLE }]);
	});

	it('refuses an update that changes nothing, with nothing sent', async () => {
		const error = await rejection<NodeOperationError>(run([update({ options: { publish: true } })]));
		expect(error.message).toBe('Item 0: "Update Fields" change nothing');
		expect(sfn.calls()).toHaveLength(0);
	});

	it.each([
		['a version ARN', `${MACHINE}:3`],
		['an alias ARN', `${MACHINE}:prod`],
	])('refuses %s: updates go to the state machine itself', async (_label, arn) => {
		const error = await rejection(run([update({ stateMachine: byArn(arn), updateFields: { roleArn: ROLE } })]));
		expect(error.message).toBe(`Item 0: "State Machine" "${arn}" is a version or alias ARN`);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('Validate First checks the new definition against the machine type, and refuses it on errors', async () => {
		sfn.on('DescribeStateMachine').resolves({ type: 'EXPRESS' });
		sfn.on('ValidateStateMachineDefinition').resolves({ result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'X', message: 'bad' }] });
		const error = await rejection(run([update({ updateFields: { definition: DEFINITION }, options: { validateFirst: true } })]));
		expect(error.message).toBe('Item 0: the definition has 1 error; the state machine was not changed');
		expect(sfn.commandCalls('ValidateStateMachineDefinition')[0]).toMatchObject({ type: 'EXPRESS' });
		expect(sfn.commandCalls('UpdateStateMachine')).toHaveLength(0);
	});

	it('a plain update is retried after a server fault; one that publishes is not', async () => {
		sfn.on('UpdateStateMachine').rejectsOnce('InternalFailure', 'oops').resolves({ updateDate: new Date(0) });
		await run([update({ updateFields: { roleArn: ROLE } })]);
		expect(sfn.commandCalls('UpdateStateMachine')).toHaveLength(2);

		sfn.reset();
		sfn.on('UpdateStateMachine').rejectsOnce('InternalFailure', 'oops').resolves({ updateDate: new Date(0) });
		await expect(run([update({ updateFields: { roleArn: ROLE }, options: { publish: true } })])).rejects.toThrow();
		expect(sfn.commandCalls('UpdateStateMachine')).toHaveLength(1);
	});
});

describe('State Machine: Delete and Get for Execution', () => {
	it('deletes by ARN and says deletion is under way', async () => {
		sfn.on('DeleteStateMachine').resolves({});
		const [main] = await run([{ resource: 'stateMachine', operation: 'delete', stateMachine: byArn(MACHINE) }]);
		expect(sfn.commandCalls('DeleteStateMachine')).toEqual([{ stateMachineArn: MACHINE }]);
		expect(main[0].json).toEqual({ stateMachineArn: MACHINE, deleted: true, status: 'DELETING' });
	});

	it('refuses to delete through a version ARN (which would delete the whole machine)', async () => {
		await expect(run([{ resource: 'stateMachine', operation: 'delete', stateMachine: byArn(`${MACHINE}:1`) }])).rejects.toThrow('is a version or alias ARN');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('gets the state machine an execution ran, definition parsed', async () => {
		sfn.on('DescribeStateMachineForExecution').resolves({ stateMachineArn: MACHINE, name: 'OrderApproval', definition: DEFINITION, roleArn: ROLE, updateDate: new Date(0), revisionId: 'rev-1' });
		const [main] = await run([{ resource: 'stateMachine', operation: 'describeForExecution', executionArn: EXECUTION, includedData: 'METADATA_ONLY' }]);
		expect(sfn.commandCalls('DescribeStateMachineForExecution')).toEqual([{ executionArn: EXECUTION, includedData: 'METADATA_ONLY' }]);
		expect(main[0].json).toEqual({
			stateMachineArn: MACHINE,
			name: 'OrderApproval',
			definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
			roleArn: ROLE,
			updateDate: '1970-01-01T00:00:00.000Z',
			revisionId: 'rev-1',
		});
	});

	it('refuses a state machine ARN where an execution ARN belongs', async () => {
		await expect(run([{ resource: 'stateMachine', operation: 'describeForExecution', executionArn: MACHINE }])).rejects.toThrow('is not a valid Execution ARN');
		expect(sfn.calls()).toHaveLength(0);
	});
});
