import type { ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext, rejection, TEST_NODE } from '../helpers/executeContext';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { mockStepFunctionsInSuite } from '../helpers/sfnMock';
import type { OnError } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubAnswer, StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * The Step Functions management operations as a user in production meets them: odd values from expressions,
 * answers lost after the request arrived, throttling, a server echoing the credential's secrets, cancellation.
 * A loopback server speaking the Step Functions JSON protocol (test/helpers/stubStepFunctions.ts) records every
 * request, so each check also says what reached the server.
 */
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const ROLE = 'arn:aws:iam::123456789012:role/OrdersRole';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789';
const DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
export const fault = (code: string, message = code) => ({ status: 400, body: { __type: code, message } });

let stub: StubStepFunctions;
beforeEach(async () => {
	stub = await startStubStepFunctions();
});
afterEach(async () => {
	await stub.stop();
});

const credentials = () => ({
	region: 'us-east-1',
	accessKeyId: 'AKIAADVERSARIAL01',
	secretAccessKey: SECRET,
	temporaryCredentials: true,
	sessionToken: SESSION_TOKEN,
	customEndpoint: true,
	endpoint: stub.endpoint,
});

function run(items: Array<Record<string, unknown>>, onError: OnError = 'stopWorkflow', cancelSignal?: AbortSignal) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: credentials(), items, onError, cancelSignal }));
}

export const actions = () => stub.requests.map((request) => request.action);
const jsonOf = (output: INodeExecutionData[][]) => output[0].map((item) => item.json);
const answer = (action: string, reply: StubAnswer) => stub.answer(action, reply);

const alias = (params: Record<string, unknown>) => ({
	resource: 'stateMachineAlias',
	operation: 'create',
	stateMachine: byArn(MACHINE),
	aliasName: 'prod',
	version: byName('1'),
	weight: 100,
	secondVersion: { __rl: true, mode: 'list', value: '' },
	options: {},
	...params,
});

describe('alias routing from expressions', () => {
	beforeEach(() => answer('CreateStateMachineAlias', { body: { stateMachineAliasArn: `${MACHINE}:prod`, creationDate: 1_700_000_000 } }));

	it.each([
		[' 90 ', 90],
		['90', 90],
		['9e1', 90],
		[90, 90],
	])('reads the weight %j as %d and gives the second version the rest', async (weight, expected) => {
		await run([alias({ weight, secondVersion: byName('2') })]);
		expect(stub.requests[0].body.routingConfiguration).toEqual([
			{ stateMachineVersionArn: `${MACHINE}:1`, weight: expected },
			{ stateMachineVersionArn: `${MACHINE}:2`, weight: 100 - expected },
		]);
	});

	it.each([[''], [null], [Number.NaN], ['ninety'], [100.0000001], [-1], [101], [true]])(
		'refuses the weight %j before sending, naming the item and the field',
		async (weight) => {
			const [[refused]] = await run([alias({ weight, secondVersion: byName('2') })], 'continueRegularOutput');
			expect(String(refused.json.error)).toMatch(/^Item 0: "Weight \(%\)"/);
			expect(stub.requests).toEqual([]);
		},
	);

	it('refuses weights that do not sum to 100 without a second version, saying what to do', async () => {
		const error = await rejection<Error & { description?: string }>(run([alias({ weight: 90 })]));
		expect(error.message).toBe('Item 0: "Weight (%)" is 90 but there is no Second Version');
		expect(error.description).toMatch(/set Weight to 100, or add a Second Version for the other 10 %/);
		expect(stub.requests).toEqual([]);
	});

	it.each([['03'], ['$LATEST'], ['3.0'], ['-1'], ['0'], ['']])('refuses the version number %j before sending', async (number) => {
		const [[refused]] = await run([alias({ version: byName(number) })], 'continueRegularOutput');
		expect(String(refused.json.error)).toMatch(/^Item 0: "Version Number"/);
		expect(stub.requests).toEqual([]);
	});

	it('trims " 3 " to version 3', async () => {
		await run([alias({ version: byName(' 3 ') })]);
		expect(stub.requests[0].body.routingConfiguration).toEqual([{ stateMachineVersionArn: `${MACHINE}:3`, weight: 100 }]);
	});

	it.each([['123'], ['prod:1'], ['pr od'], ['$LATEST']])('refuses the alias name %j before sending', async (aliasName) => {
		const [[refused]] = await run([alias({ aliasName })], 'continueRegularOutput');
		expect(String(refused.json.error)).toMatch(/^Item 0: "Alias Name"/);
		expect(stub.requests).toEqual([]);
	});

	it('refuses two versions of different state machines, and the same version twice', async () => {
		const other = 'arn:aws:states:us-east-1:123456789012:stateMachine:Other:2';
		const output = await run(
			[
				alias({ version: byArn(`${MACHINE}:1`), weight: 90, secondVersion: byArn(other) }),
				alias({ version: byArn(`${MACHINE}:1`), weight: 90, secondVersion: byName('1') }),
			],
			'continueRegularOutput',
		);
		expect(jsonOf(output).map((json) => json.error)).toEqual([
			expect.stringMatching(/^Item 0: "Second Version" belongs to/),
			expect.stringMatching(/^Item 1: "Second Version" is the same version as Version/),
		]);
		expect(stub.requests).toEqual([]);
	});
});

const createMachine = (params: Record<string, unknown> = {}) => ({
	resource: 'stateMachine',
	operation: 'create',
	name: 'Orders',
	definition: DEFINITION,
	roleArn: ROLE,
	type: 'STANDARD',
	options: {},
	...params,
});
const created = { body: { stateMachineArn: MACHINE, creationDate: 1_700_000_000 } };

describe('definitions and tags as expressions give them', () => {
	beforeEach(() => answer('CreateStateMachine', created));

	it('sends an object definition as JSON text, and text as written', async () => {
		const text = '  {"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}\n';
		await run([createMachine(), createMachine({ definition: text })]);
		expect(stub.requests.map((request) => request.body.definition)).toEqual([JSON.stringify(DEFINITION), text]);
	});

	it('drops a byte order mark (files saved on Windows) and refuses an array, quoted text or nothing, before sending', async () => {
		const output = await run(
			[
				createMachine({ definition: `\uFEFF${JSON.stringify(DEFINITION)}` }),
				createMachine({ definition: [DEFINITION] }),
				createMachine({ definition: JSON.stringify(JSON.stringify(DEFINITION)) }),
				createMachine({ definition: '' }),
			],
			'continueRegularOutput',
		);
		expect(jsonOf(output)).toEqual([
			{ stateMachineArn: MACHINE, creationDate: '2023-11-14T22:13:20.000Z' },
			{
				error: 'Item 1: "Definition" is an array, not a JSON object',
				message: expect.stringMatching(/^Give the definition as one JSON object.*not a list holding it or text quoting it\. Nothing was sent for this item\.$/),
			},
			{ error: 'Item 2: "Definition" is text, not a JSON object', message: expect.any(String) },
			{ error: 'Item 3: "Definition" is not valid JSON: it is empty', message: expect.any(String) },
		]);
		expect(output[0].map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(stub.requests.map((request) => request.body.definition)).toEqual([JSON.stringify(DEFINITION)]);
	});

	it('measures 1 MB in UTF-8 bytes: multi-byte characters count as what they weigh', async () => {
		const frame = JSON.stringify({ StartAt: 'Done', Comment: '', States: { Done: { Type: 'Pass', End: true } } });
		const room = 1_048_576 - Buffer.byteLength(frame);
		const fits = frame.replace('"Comment":""', `"Comment":"${'€'.repeat(Math.floor(room / 3))}"`);
		const over = frame.replace('"Comment":""', `"Comment":"${'€'.repeat(Math.floor(room / 3) + 1)}"`);
		const output = await run([createMachine({ definition: fits }), createMachine({ definition: over })], 'continueRegularOutput');
		expect(output[0][0].json.stateMachineArn).toBe(MACHINE);
		expect(output[0][1].json.error).toBe('Item 1: "Definition" is 1,048,579 bytes long, over the limit of 1,048,576 bytes');
		expect(stub.requests).toHaveLength(1);
	});

	it('tag keys: case-variants are distinct keys, "aws:" in any case refused, empty values kept', async () => {
		const tags = (tag: Array<{ key: unknown; value: unknown }>) => createMachine({ options: { tags: { tag } } });
		const output = await run(
			[
				tags([{ key: 'Team', value: 'a' }, { key: 'team', value: '' }]),
				tags([{ key: 'AWS:created', value: 'x' }]),
				tags([{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }]),
				tags([{ key: '', value: 'a' }]),
				tags([{ key: 'team', value: null }]),
				tags([{ key: 'n', value: 7 }]),
			],
			'continueRegularOutput',
		);
		expect(jsonOf(output).map((json) => json.error)).toEqual([
			undefined,
			'Item 1: "Tag Key" "AWS:created" starts with "aws:"',
			'Item 2: "Tag Key" "team" is given twice',
			'Item 3: "Tag Key" is empty',
			undefined,
			undefined,
		]);
		expect(stub.requests.map((request) => request.body.tags)).toEqual([
			[{ key: 'Team', value: 'a' }, { key: 'team', value: '' }],
			[{ key: 'team', value: '' }],
			[{ key: 'n', value: '7' }],
		]);
	});
});

const TASK = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'charge' }, End: true };
const testState = (definition: object) => ({
	resource: 'stateMachine',
	operation: 'testState',
	definition,
	stateName: '',
	roleArn: '',
	input: '{}',
	inspectionLevel: 'INFO',
	mock: 'none',
	options: {},
});

/** Answers the first request with a reset connection after reading it (the answer is lost), later ones with `then`. */
function loseFirstAnswer(action: string, then: StubAnswer) {
	let seen = 0;
	answer(action, (body) => (++seen === 1 ? { resetConnection: true } : typeof then === 'function' ? then(body) : then));
}

describe('a lost answer: which sends are repeated', () => {
	const VERSION = `${MACHINE}:3`;
	const ALIAS = `${MACHINE}:prod`;
	const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:Orders/Batch:0f3a3e6c-8d2b-3c6c-a1d4-5b8e6f0c2a11';
	it.each<[string, string, Record<string, unknown>, StubAnswer, number]>([
		['CreateStateMachine', 'create (idempotent by name and settings)', createMachine(), created, 2],
		['CreateActivity', 'activity create (idempotent by name)', { resource: 'activity', operation: 'create', name: 'Approve', options: {} }, { body: { activityArn: 'arn:aws:states:us-east-1:123456789012:activity:Approve', creationDate: 1 } }, 2],
		['PublishStateMachineVersion', 'publish (idempotent per revision)', { resource: 'stateMachineVersion', operation: 'publish', stateMachine: byArn(MACHINE), options: {} }, { body: { stateMachineVersionArn: VERSION, creationDate: 1 } }, 2],
		['CreateStateMachineAlias', 'alias create (idempotent)', alias({}), { body: { stateMachineAliasArn: ALIAS, creationDate: 1 } }, 2],
		['UpdateStateMachineAlias', 'alias update', { resource: 'stateMachineAlias', operation: 'update', alias: byArn(ALIAS), changeRouting: true, version: byArn(VERSION), weight: 100, secondVersion: { __rl: true, mode: 'list', value: '' }, options: {} }, { body: { updateDate: 1 } }, 2],
		['UpdateStateMachine', 'update without publishing', { resource: 'stateMachine', operation: 'update', stateMachine: byArn(MACHINE), updateFields: { definition: DEFINITION }, options: {} }, { body: { updateDate: 1, revisionId: 'r2' } }, 2],
		['UpdateMapRun', 'map run update', { resource: 'mapRun', operation: 'update', mapRunArn: byArn(MAP_RUN), updateFields: { maxConcurrency: '5' } }, { body: {} }, 2],
		['TagResource', 'tag add', { resource: 'tag', operation: 'add', resourceType: 'stateMachine', stateMachine: byArn(MACHINE), tags: { tag: [{ key: 'team', value: 'a' }] } }, { body: {} }, 2],
		['DeleteStateMachineVersion', 'version delete, "not found" on the repeat', { resource: 'stateMachineVersion', operation: 'delete', version: byArn(VERSION) }, fault('ResourceNotFound', 'gone'), 2],
		['DeleteStateMachineAlias', 'alias delete, "not found" on the repeat', { resource: 'stateMachineAlias', operation: 'delete', alias: byArn(ALIAS) }, fault('ResourceNotFound', 'gone'), 2],
		['TestState', 'test state of a mocked Task (calls nothing)', { ...testState(TASK), mock: 'result', mockResult: '{}', fieldValidationMode: 'NONE' }, { body: { status: 'SUCCEEDED', output: '{}' } }, 2],
	])('%s: %s: sent again, one item', async (action, _what, item, then, expectedAttempts) => {
		loseFirstAnswer(action, then);
		const output = await run([{ ...item, requestOptions: { retryAttempts: 2 } }], 'continueRegularOutput');
		expect(stub.requests.filter((request) => request.action === action)).toHaveLength(expectedAttempts);
		expect(output[0]).toHaveLength(1);
		expect(output[0][0].json.error).toBeUndefined();
	});

	it('an update that publishes a version is sent once, and the item says it may have happened and what to check', async () => {
		loseFirstAnswer('UpdateStateMachine', { body: {} });
		const error = await rejection<Error & { description?: string }>(
			run([{ resource: 'stateMachine', operation: 'update', stateMachine: byArn(MACHINE), updateFields: { definition: DEFINITION }, options: { publish: true } }]),
		);
		expect(error.message).toBe('Item 0: no answer said whether UpdateStateMachine was carried out; the state machine may have been updated and a version published');
		expect(error.description).toMatch(/^The request left for http:\/\/127\.0\.0\.1:\d+, but the connection failed or the server faulted before answering \(error ECONNRESET\)\. /);
		expect(error.description).toMatch(/sent once and not repeated, because a repeat could publish a second version\. Before running this item again, check/);
		expect(actions()).toEqual(['UpdateStateMachine']);
	});

	it('Test State of a Task that really runs is sent once, and the item says the service may have been called', async () => {
		loseFirstAnswer('TestState', { body: {} });
		const [[item]] = await run([{ ...testState(TASK), roleArn: ROLE }], 'continueRegularOutput');
		expect(item.json.error).toBe('Item 0: no answer said whether TestState was carried out; the state may have run and called its service for real');
		expect(item.json.message).toMatch(/check whether the service the state calls received the call, or mock the state\.$/);
		expect(actions()).toEqual(['TestState']);
	});
});

describe('a server that echoes the credential in its answers', () => {
	const echo = `The security token ${SESSION_TOKEN} with secret ${SECRET} is invalid`;
	it.each<[string, Record<string, unknown>]>([
		['CreateStateMachine', createMachine()],
		['PublishStateMachineVersion', { resource: 'stateMachineVersion', operation: 'publish', stateMachine: byArn(MACHINE), options: {} }],
		['CreateStateMachineAlias', alias({})],
		['UpdateMapRun', { resource: 'mapRun', operation: 'update', mapRunArn: byArn('arn:aws:states:us-east-1:123456789012:mapRun:Orders/Batch:1'), updateFields: { maxConcurrency: 1 } }],
		['ListTagsForResource', { resource: 'tag', operation: 'list', resourceType: 'activity', activity: byArn('arn:aws:states:us-east-1:123456789012:activity:A') }],
		['TestState', testState({ Type: 'Pass', End: true })],
	])('%s: the error item holds neither the secret key nor the session token', async (action, item) => {
		answer(action, fault('ValidationException', echo));
		const output = await run([item], 'continueRegularOutput');
		const shown = JSON.stringify(output);
		expect(shown).toMatch(/ValidationException|refused|invalid/i);
		expect(shown).not.toContain(SECRET);
		expect(shown).not.toContain(SESSION_TOKEN);
		const error = await rejection<Error & { description?: string }>(run([item]));
		expect(`${error.message} ${error.description}`).not.toContain(SECRET);
		expect(`${error.message} ${error.description}`).not.toContain(SESSION_TOKEN);
	});

	it('Validate First: diagnostics echoing the secret are scrubbed from the refusal', async () => {
		answer('ValidateStateMachineDefinition', {
			body: { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: echo, location: '/States' }] },
		});
		const error = await rejection<Error & { description?: string }>(run([createMachine({ options: { validateFirst: true } })]));
		expect(error.description).toMatch(/^ValidateStateMachineDefinition found: SCHEMA_VALIDATION_FAILED at \/States: The security token \S+ with secret \S+ is invalid/);
		expect(`${error.message} ${error.description}`).not.toContain(SECRET);
		expect(`${error.message} ${error.description}`).not.toContain(SESSION_TOKEN);
		expect(actions()).toEqual(['ValidateStateMachineDefinition']);
	});
});

describe('Validate First', () => {
	it('refuses ERROR diagnostics with each one listed, lets WARNINGs pass, and creates only the clean item', async () => {
		answer('ValidateStateMachineDefinition', (body) =>
			String(body.definition).includes('Broken')
				? { body: { result: 'FAIL', truncated: false, diagnostics: [
					{ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'State "Broken" is not reachable', location: '/States/Broken' },
					{ severity: 'WARNING', code: 'UNUSED', message: 'unused', location: '/States/X' },
				] } }
				: { body: { result: 'OK', diagnostics: [{ severity: 'WARNING', code: 'UNUSED', message: 'unused' }] } },
		);
		answer('CreateStateMachine', created);
		const broken = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true }, Broken: { Type: 'Pass', End: true } } };
		const output = await run(
			[createMachine({ options: { validateFirst: true } }), createMachine({ definition: broken, options: { validateFirst: 'true' } })],
			'continueRegularOutput',
		);
		expect(output[0][0].json.stateMachineArn).toBe(MACHINE);
		expect(output[0][1].json).toEqual({
			error: 'Item 1: the definition has 1 error; the state machine was not created',
			message: 'ValidateStateMachineDefinition found: MISSING_TRANSITION_TARGET at /States/Broken: State "Broken" is not reachable. Correct the definition and run the item again.',
		});
		expect(output[0][1].pairedItem).toEqual({ item: 1 });
		expect(actions().filter((action) => action === 'CreateStateMachine')).toHaveLength(1);
	});
});

describe('throttling and cancellation', () => {
	it('an update that publishes is repeated after throttling (AWS did nothing), and gives one item', async () => {
		let seen = 0;
		answer('UpdateStateMachine', () => (++seen === 1 ? fault('ThrottlingException', 'Rate exceeded') : { body: { updateDate: 1, stateMachineVersionArn: `${MACHINE}:4` } }));
		const [[updated]] = await run([{ resource: 'stateMachine', operation: 'update', stateMachine: byArn(MACHINE), updateFields: { definition: DEFINITION }, options: { publish: true } }]);
		expect(updated.json.stateMachineVersionArn).toBe(`${MACHINE}:4`);
		expect(seen).toBe(2);
	});

	it('a run cancelled during Validate First creates nothing and says it was cancelled', async () => {
		answer('ValidateStateMachineDefinition', { body: { result: 'OK' }, delayMs: 3000 });
		answer('CreateStateMachine', created);
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 200);
		const error = await rejection(run([createMachine({ options: { validateFirst: true } }), createMachine({ options: { validateFirst: true } })], 'continueRegularOutput', controller.signal));
		expect(error.message).toMatch(/cancelled/);
		expect(Date.now() - started).toBeLessThan(1500);
		await new Promise((resolve) => setTimeout(resolve, 3200));
		expect(actions().filter((action) => action === 'CreateStateMachine')).toEqual([]);
	});
});

describe('pickers of versions, aliases and Map Runs', () => {
	const { searchVersions, searchAliases, searchMapRuns, searchVersionsAndAliases } = new AwsStepFunctions().methods.listSearch;
	const picker = (parameters: Record<string, unknown>) =>
		({
			getCredentials: async () => credentials(),
			getNode: () => TEST_NODE,
			getCurrentNodeParameter: (name: string) => parameters[name],
			helpers: { httpRequestWithAuthentication },
		}) as unknown as ILoadOptionsFunctions;

	it.each([[undefined], [''], ['  ']])('with the parent %j: asks to choose it first and sends nothing', async (value) => {
		const error = await rejection(searchVersions.call(picker({ stateMachine: value })));
		expect(error.message).toBe('Choose a state machine first');
		const mapRuns = await rejection(searchMapRuns.call(picker({ executionArn: value })));
		expect(mapRuns.message).toBe('Choose the Execution ARN first');
		expect(stub.requests).toEqual([]);
	});

	it('an expression the editor could not resolve: says so instead of looking it up as a name', async () => {
		answer('ListStateMachines', { body: { stateMachines: [] } });
		const error = await rejection<Error & { description?: string }>(searchAliases.call(picker({ stateMachine: '={{ $json.machineArn }}' })));
		expect(error.message).toBe('The list cannot use the expression in State Machine');
		expect(error.description).toMatch(/^The editor could not evaluate=? ?={{ \$json\.machineArn }} without input data\. Run the previous node once/);
		const mapRuns = await rejection(searchMapRuns.call(picker({ executionArn: '{{ $json.executionArn }}' })));
		expect(mapRuns.message).toBe('The list cannot use the expression in Execution ARN');
		const notArn = await rejection(searchMapRuns.call(picker({ executionArn: 'run-1' })));
		expect(notArn.message).toBe('"run-1" is not an execution ARN');
		expect(stub.requests).toEqual([]);
	});

	it('a parent by name is looked up; a version ARN stands for its state machine; page tokens pass through', async () => {
		answer('ListStateMachines', { body: { stateMachines: [{ name: 'Orders', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: 1 }] } });
		answer('ListStateMachineVersions', (body) => ({
			body: body.nextToken
				? { stateMachineVersions: [{ stateMachineVersionArn: `${MACHINE}:1`, creationDate: 1 }] }
				: { stateMachineVersions: [{ stateMachineVersionArn: `${MACHINE}:2`, creationDate: 2 }], nextToken: 'page-2' },
		}));
		const first = await searchVersions.call(picker({ stateMachine: 'Orders' }));
		expect(first.results.map((entry) => entry.value)).toEqual([`${MACHINE}:2`]);
		expect(first.paginationToken).toBe('page-2');
		const second = await searchVersions.call(picker({ stateMachine: `${MACHINE}:prod` }), undefined, 'page-2');
		expect(second.results.map((entry) => entry.value)).toEqual([`${MACHINE}:1`]);
		expect(stub.requests.filter((request) => request.action === 'ListStateMachineVersions').map((request) => request.body)).toEqual([
			{ stateMachineArn: MACHINE, maxResults: 100 },
			{ stateMachineArn: MACHINE, maxResults: 100, nextToken: 'page-2' },
		]);
	});

	it('versions and aliases: aliases, then versions, with tokens that say which listing they continue', async () => {
		answer('ListStateMachineAliases', { body: { stateMachineAliases: [{ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: 1 }] } });
		answer('ListStateMachineVersions', { body: { stateMachineVersions: [{ stateMachineVersionArn: `${MACHINE}:7`, creationDate: 1 }] } });
		const aliases = await searchVersionsAndAliases.call(picker({ stateMachine: MACHINE }));
		expect(aliases.results.map((entry) => [entry.name, entry.value])).toEqual([['Alias prod', 'prod']]);
		const versions = await searchVersionsAndAliases.call(picker({ stateMachine: MACHINE }), undefined, String(aliases.paginationToken));
		expect(versions.results.map((entry) => entry.value)).toEqual(['7']);
		expect(versions.paginationToken).toBeUndefined();
	});

	it('Map Runs with unusual labels are listed by their label', async () => {
		const execution = 'arn:aws:states:us-east-1:123456789012:execution:Orders:run-1';
		const run1 = 'arn:aws:states:us-east-1:123456789012:mapRun:Orders/Process.Items-2024_v1:5c9a';
		answer('ListMapRuns', { body: { mapRuns: [{ mapRunArn: run1, executionArn: execution, stateMachineArn: MACHINE, startDate: 1 }] } });
		const result = await searchMapRuns.call(picker({ executionArn: execution }));
		expect(result.results.map((entry) => entry.name)).toEqual(['Process.Items-2024_v1 (started 1970-01-01 00:00:01 UTC)']);
	});
});

describe('Test State', () => {
	it('sends Reveal Secrets only when asked, and reads odd inspection data without failing', async () => {
		answer('TestState', {
			body: {
				status: 'SUCCEEDED',
				output: 'not json',
				nextState: 'Next',
				inspectionData: {
					input: '{"a":1}',
					afterArguments: '[1,2]',
					result: '"text"',
					variables: '{broken',
					afterResultPath: '',
					requestData: { protocol: 'https', body: '{"secretHeader":"[redacted]"}' },
					unknownField: 42,
				},
			},
		});
		const output = await run([
			{ ...testState({ Type: 'Pass', End: true }), inspectionLevel: 'DEBUG' },
			{ ...testState({ Type: 'Pass', End: true }), options: { revealSecrets: 'true' } },
		]);
		expect(stub.requests.map((request) => request.body.revealSecrets)).toEqual([undefined, true]);
		// A custom endpoint is used as given: no sync- prefix.
		expect(stub.requests[0].host).toBe(new URL(stub.endpoint).host);
		expect(output[0][0].json).toEqual({
			status: 'SUCCEEDED',
			output: 'not json',
			nextState: 'Next',
			inspectionData: {
				input: { a: 1 },
				afterArguments: [1, 2],
				result: 'text',
				variables: '{broken',
				afterResultPath: '',
				requestData: { protocol: 'https', body: '{"secretHeader":"[redacted]"}' },
				unknownField: 42,
			},
		});
	});

	it('refuses a State Name the definition lacks, and an unmocked Task without a role, before sending', async () => {
		const machine = { StartAt: 'Charge', States: { Charge: TASK } };
		answer('TestState', { body: { status: 'CAUGHT_ERROR' } });
		const output = await run(
			[
				{ ...testState(machine), stateName: 'charge' },
				{ ...testState(machine), stateName: 'Charge' },
				{ ...testState(machine), stateName: 'Charge', mock: 'error', mockError: 'States.TaskFailed', mockCause: '' },
			],
			'continueRegularOutput',
		);
		expect(jsonOf(output).map((json) => json.error ?? json.status)).toEqual([
			'Item 0: "State Name" "charge" is not a state of the definition',
			'Item 1: "Role ARN" is empty for a Task state that is not mocked',
			'CAUGHT_ERROR',
		]);
		expect(stub.requests.map((request) => [request.action, request.body.mock])).toEqual([['TestState', { errorOutput: { error: 'States.TaskFailed' } }]]);
	});
});

describe('Test State on AWS hosts', () => {
	const aws = mockStepFunctionsInSuite();
	afterEach(() => aws.reset());

	it('goes to the sync- host of the region, as the API model says, while other actions use the plain host', async () => {
		aws.on('TestState').resolves({ status: 'SUCCEEDED', output: '{"ok":true}' });
		aws.on('DescribeStateMachineForExecution').resolves({ stateMachineArn: MACHINE, name: 'Orders', definition: '{"StartAt":"A"}', roleArn: ROLE, updateDate: 1 });
		const awsCredentials = { region: 'eu-central-1', accessKeyId: 'AKIAADVERSARIAL01', secretAccessKey: SECRET };
		const items = [testState({ Type: 'Pass', End: true })];
		const [[tested]] = await new AwsStepFunctions().execute.call(executeContext({ credentials: awsCredentials, items }));
		expect(tested.json).toEqual({ status: 'SUCCEEDED', output: { ok: true } });
		const execution = 'arn:aws:states:eu-central-1:123456789012:execution:Orders:run-1';
		const forExecution = [{ resource: 'stateMachine', operation: 'describeForExecution', executionArn: execution, includedData: 'ALL_DATA' }];
		const [[described]] = await new AwsStepFunctions().execute.call(executeContext({ credentials: awsCredentials, items: forExecution }));
		expect(described.json.definition).toEqual({ StartAt: 'A' });
		expect(aws.calls().map((call) => [call.action, call.host])).toEqual([
			['TestState', 'sync-states.eu-central-1.amazonaws.com'],
			['DescribeStateMachineForExecution', 'states.eu-central-1.amazonaws.com'],
		]);
	});
});

describe('values of the other management operations', () => {
	it('Start: "Version or Alias" of digits is a version number; "03" and "$LATEST" are refused before sending', async () => {
		answer('StartExecution', { body: { executionArn: `${MACHINE.replace('stateMachine', 'execution')}:x`, startDate: 1 } });
		const start = (value: unknown, stateMachine = byArn(MACHINE)) => ({
			resource: 'execution',
			operation: 'start',
			stateMachine,
			versionOrAlias: { __rl: true, mode: 'name', value },
			input: '{}',
			options: {},
		});
		const output = await run([start('03'), start(' 3 '), start(3), start('$LATEST'), start('prod', byArn(`${MACHINE}:prod`))], 'continueRegularOutput');
		expect(jsonOf(output).map((json) => json.error)).toEqual([
			'Item 0: "Version or Alias" is "03", not a version number',
			undefined,
			undefined,
			'Item 3: "Version or Alias" is "$LATEST": alias names hold only letters, digits, _ - . and not only digits',
			expect.stringMatching(/^Item 4: "Version or Alias" is "prod", but State Machine is already a version or alias ARN/),
		]);
		expect(stub.requests.map((request) => request.body.stateMachineArn)).toEqual([`${MACHINE}:3`, `${MACHINE}:3`]);
	});

	it('Map Run Update: numbers as text, -0, fractions and empty fields', async () => {
		answer('UpdateMapRun', { body: {} });
		const mapRun = (updateFields: Record<string, unknown>) => ({
			resource: 'mapRun',
			operation: 'update',
			mapRunArn: byArn('arn:aws:states:us-east-1:123456789012:mapRun:Orders/Batch:1'),
			updateFields,
		});
		const output = await run(
			[
				mapRun({ maxConcurrency: ' 5 ' }),
				mapRun({ maxConcurrency: -0 }),
				mapRun({ toleratedFailurePercentage: '12.5', toleratedFailureCount: '' }),
				mapRun({ toleratedFailurePercentage: '100.0000001' }),
				mapRun({ toleratedFailureCount: 1.5 }),
				mapRun({ maxConcurrency: null }),
			],
			'continueRegularOutput',
		);
		expect(jsonOf(output).map((json) => json.error)).toEqual([
			undefined,
			undefined,
			undefined,
			'Item 3: "Tolerated Failure Percentage" is 100.0000001, not from 0 to 100',
			'Item 4: "Tolerated Failure Count" is 1.5, not a whole number',
			'Item 5: "Update Fields" change nothing',
		]);
		expect(stub.requests.map((request) => JSON.stringify(request.body).replace(/"mapRunArn":"[^"]+",?/, ''))).toEqual([
			'{"maxConcurrency":5}',
			'{"maxConcurrency":0}',
			'{"toleratedFailurePercentage":12.5}',
		]);
	});

	it.each<[string, Record<string, unknown>]>([
		['Delete', { resource: 'stateMachine', operation: 'delete', stateMachine: byArn(`${MACHINE}:3`) }],
		['Update', { resource: 'stateMachine', operation: 'update', stateMachine: byArn(`${MACHINE}:prod`), updateFields: { roleArn: ROLE }, options: {} }],
		['Tag Get Many', { resource: 'tag', operation: 'list', resourceType: 'stateMachine', stateMachine: byArn(`${MACHINE}:prod`) }],
	])('%s refuses a version or alias ARN before sending (the whole machine is meant)', async (_operation, item) => {
		const error = await rejection(run([item]));
		expect(error.message).toMatch(/^Item 0: "State Machine" "arn:\S+:(3|prod)" is a version or alias ARN$/);
		expect(stub.requests).toEqual([]);
	});

	it('Publish with an alias ARN publishes its state machine; a blank Revision ID is left out', async () => {
		answer('PublishStateMachineVersion', { body: { stateMachineVersionArn: `${MACHINE}:1`, creationDate: 1 } });
		await run([{ resource: 'stateMachineVersion', operation: 'publish', stateMachine: byArn(`${MACHINE}:prod`), options: { revisionId: ' ' } }]);
		expect(stub.requests.map((request) => request.body)).toEqual([{ stateMachineArn: MACHINE }]);
	});
});
