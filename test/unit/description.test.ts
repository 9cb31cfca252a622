import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';
import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AwsStepFunctionsActivityTrigger } from '../../nodes/AwsStepFunctionsActivityTrigger/AwsStepFunctionsActivityTrigger.node';
import { AwsStepFunctionsTrigger } from '../../nodes/AwsStepFunctionsTrigger/AwsStepFunctionsTrigger.node';

const node = new AwsStepFunctions();
const credential = new AwsStepFunctionsApi();

describe('node description (the public contract)', () => {
	it('is a programmatic v1 node usable as an AI tool, tested by its own credential test', () => {
		const { description } = node;
		expect(description).toMatchObject({ name: 'awsStepFunctions', version: 1, usableAsTool: true });
		expect(description.credentials).toEqual([
			{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' },
		]);
		expect(Object.keys(node.methods.credentialTest)).toEqual(['awsStepFunctionsApiTest']);
	});

	// n8n's credential tester takes the first node type that names the credential and reads the testedBy function
	// from that node's own methods: a node without it would leave the Test button with "No testing function found".
	it.each([
		['AWS Step Functions', new AwsStepFunctions()],
		['Activity Trigger', new AwsStepFunctionsActivityTrigger()],
		['Trigger', new AwsStepFunctionsTrigger()],
	])('%s carries the credential test its description names', (_name, type) => {
		for (const { testedBy } of type.description.credentials ?? []) {
			expect(typeof type.methods.credentialTest[testedBy as 'awsStepFunctionsApiTest']).toBe('function');
		}
	});

	// n8n's nodes panel merges the status trigger into the entry of the node named as it is without "Trigger", and
	// shows the trigger's description there: the two must say the same, or the action node's words never show.
	it("carries the status trigger's description word for word, and the trigger's event says what starts it", () => {
		const trigger = new AwsStepFunctionsTrigger().description;
		expect(trigger.description).toBe(node.description.description);
		const event = trigger.properties.find((property) => property.displayName === 'Event');
		expect(event).toMatchObject({ type: 'hidden', default: 'executionEnded' });
		expect(event?.options).toEqual([expect.objectContaining({ value: 'executionEnded', action: 'On execution ended (failed, timed out, aborted)' })]);
	});

	it('shows the operation by its display name under the node', () => {
		const match = /^=\{\{ (\{.*\})\[\$parameter\["resource"\] \+ ":" \+ \$parameter\["operation"\]\] \}\}$/.exec(
			String(node.description.subtitle),
		);
		const names = JSON.parse(match?.[1] ?? '{}') as Record<string, string>;
		expect(names['task:sendTaskFailure']).toBe('Send Task Failure');
		expect(names['execution:start']).toBe('Execution: Start');
		expect(names['stateMachine:describe']).toBe('State Machine: Get');
		expect(names['execution:list']).toBe('Execution: Get Many');
		expect(names['stateMachineAlias:update']).toBe('State Machine Alias: Update');
		expect(names['mapRun:update']).toBe('Map Run: Update');
		expect(Object.keys(names)).toHaveLength(36);
	});

	const operationsOf = (resource: string) =>
		node.description.properties
			.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))
			?.options?.map((o) => ('value' in o ? o.value : undefined));

	it.each([
		['task', ['sendTaskFailure', 'sendTaskHeartbeat', 'sendTaskSuccess']],
		['execution', ['describe', 'getHistory', 'list', 'redrive', 'start', 'stop']],
		['stateMachine', ['create', 'delete', 'describe', 'describeForExecution', 'list', 'testState', 'update', 'validateDefinition']],
		['activity', ['create', 'delete', 'describe', 'list', 'getTask']],
		['stateMachineVersion', ['delete', 'list', 'publish']],
		['stateMachineAlias', ['create', 'delete', 'describe', 'list', 'update']],
		['mapRun', ['describe', 'list', 'update']],
		['tag', ['add', 'list', 'remove']],
	])('resource %s offers its operations (values unchanged, so saved workflows keep working), each with an action text naming its AWS action', (resource, operations) => {
		expect(operationsOf(resource)).toEqual(operations);
		const property = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
		for (const option of property?.options ?? []) {
			expect(option).toHaveProperty('action');
			expect((option as { description?: string }).description).toMatch(/\((?:[A-Z][A-Za-z]+(?:, )?)+\)$/);
		}
	});

	it.each([
		['task', 'sendTaskFailure', ['taskToken', 'error', 'cause']],
		['task', 'sendTaskSuccess', ['taskToken', 'output']],
		['task', 'sendTaskHeartbeat', ['taskToken']],
		['execution', 'start', ['stateMachine', 'versionOrAlias', 'input', 'waitForCompletion', 'maxWaitSeconds', 'stateMachineType', 'options']],
		['execution', 'stop', ['executionArn', 'error', 'cause']],
		['execution', 'list', ['executionsOf', 'stateMachine', 'versionOrAlias', 'executionArn', 'mapRunArn', 'statusFilter', 'redriveFilter', 'returnAll', 'limit']],
		['activity', 'getTask', ['activity', 'workerName', 'getTaskNotice']],
	])('%s / %s shows exactly its parameters', (resource, operation, names) => {
		const shown = node.description.properties.filter(
			(p) =>
				(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation) &&
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
		);
		expect(shown.map((p) => p.name)).toEqual(names);
	});

	it('offers state machines, activities, versions, aliases and Map Runs in searchable lists', () => {
		expect(Object.keys(node.methods.listSearch)).toEqual([
			'searchStateMachines',
			'searchActivities',
			'searchVersions',
			'searchAliases',
			'searchMapRuns',
			'searchVersionsAndAliases',
		]);
	});
});

describe('credential type', () => {
	const field = (name: string) => credential.properties.find((p) => p.name === name);

	it('has the documented fields in form order, secrets masked', () => {
		expect(credential.properties.map((p) => p.name)).toEqual([
			'authentication',
			'region',
			// The keys: they sign requests with Access Keys, and call sts:AssumeRole with Assume Role
			'accessKeyId',
			'secretAccessKey',
			'temporaryCredentials',
			'sessionToken',
			// Assume Role
			'roleArn',
			'externalId',
			'roleSessionName',
			// Hidden: kept only so that a role once assumed with System Credentials is refused with the reason
			'sourceCredentials',
			'customEndpoint',
			'endpoint',
			'stsEndpoint',
		]);
		// System Credentials are no longer offered (n8n's verification forbids reading the process's environment).
		expect((field('authentication')?.options ?? []).map((o) => ('value' in o ? o.value : undefined))).toEqual(['accessKeys', 'assumeRole']);
		expect(field('sourceCredentials')?.type).toBe('hidden');
		const named = (name: string) => credential.properties.filter((p) => p.name === name);
		for (const secret of ['secretAccessKey', 'sessionToken', 'externalId']) {
			expect(named(secret)).not.toHaveLength(0);
			for (const property of named(secret)) expect(property.typeOptions?.password).toBe(true);
		}
		// The key fields serve both kinds of authentication; the session token only temporary keys.
		expect(['accessKeyId', 'secretAccessKey', 'temporaryCredentials'].map((name) => field(name)?.displayOptions)).toEqual([undefined, undefined, undefined]);
		expect(named('sessionToken').map((p) => p.displayOptions?.show)).toEqual([{ temporaryCredentials: [true] }]);
		expect(['roleArn', 'externalId', 'roleSessionName'].map((name) => field(name)?.displayOptions?.show)).toEqual([
			{ authentication: ['assumeRole'] },
			{ authentication: ['assumeRole'] },
			{ authentication: ['assumeRole'] },
		]);
		expect(field('authentication')?.default).toBe('accessKeys');
		expect(field('roleSessionName')?.default).toBe('n8n');
		expect(field('endpoint')?.displayOptions?.show).toEqual({ customEndpoint: [true] });
		expect(field('stsEndpoint')?.displayOptions?.show).toEqual({ customEndpoint: [true], authentication: ['assumeRole'] });
	});

	it('lists commercial, China and GovCloud regions, us-east-1 by default', () => {
		const regions = (field('region')?.options ?? []).map((o) => ('value' in o ? o.value : ''));
		expect(field('region')?.default).toBe('us-east-1');
		for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-7', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1']) {
			expect(regions).toContain(region);
		}
		expect(new Set(regions).size).toBe(regions.length);
	});

	it('accepts only http(s) URLs as endpoint', () => {
		const rule = field('endpoint')?.typeOptions?.validationRules?.[0];
		const pattern = new RegExp((rule?.properties as { regex: string }).regex);
		for (const ok of ['http://localhost:8083', 'https://vpce-1.states.us-east-1.vpce.amazonaws.com', 'http://127.0.0.1:4566/']) {
			expect(pattern.test(ok)).toBe(true);
		}
		for (const bad of ['localhost:8083', 'ftp://host', 'http://', 'https://host name']) {
			expect(pattern.test(bad)).toBe(false);
		}
	});
});
