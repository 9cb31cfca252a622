import nock from 'nock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, TEST_NODE } from '../helpers/executeContext';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { mockStepFunctions } from '../helpers/sfnMock';

const LOCAL_ENDPOINT = 'http://127.0.0.1:8083';
const sfn = mockStepFunctions();
const local = mockStepFunctions(LOCAL_ENDPOINT);
const { searchStateMachines, searchActivities, searchVersions, searchAliases, searchMapRuns, searchVersionsAndAliases } = new AwsStepFunctions().methods.listSearch;
/** What n8n gives a list search: the node, its credential and the authenticated HTTP helper. */
const context = {
	getCredentials: async () => AWS_CREDENTIALS,
	getNode: () => TEST_NODE,
	helpers: { httpRequestWithAuthentication },
} as unknown as ILoadOptionsFunctions;

const machine = (name: string) => ({
	name,
	stateMachineArn: `arn:aws:states:eu-west-1:123456789012:stateMachine:${name}`,
	type: 'STANDARD' as const,
	creationDate: new Date(0),
});

beforeEach(() => {
	sfn.reset();
	local.reset();
});
// nock.restore() also takes nock off Node's http module, which later test files in the same jest worker share
// (sfnMock's restore() only forgets the answers).
afterAll(() => {
	sfn.restore();
	local.restore();
	nock.restore();
});

describe('searchable lists', () => {
	it('lists state machines filtered by the typed text, sorted, with the next page token', async () => {
		sfn.on('ListStateMachines').resolves({
			stateMachines: [machine('OrderShipping'), machine('Billing'), machine('OrderApproval')],
			nextToken: 'next',
		});
		const result = await searchStateMachines.call(context, 'order', undefined);
		expect(result.results.map((entry) => entry.name)).toEqual(['OrderApproval', 'OrderShipping']);
		expect(result.results[0].value).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval');
		expect(result.paginationToken).toBe('next');
		expect(result.results[0].url).toBe(
			'https://console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3AstateMachine%3AOrderApproval',
		);
	});

	it('links no console page for a custom endpoint', async () => {
		local.on('ListStateMachines').resolves({ stateMachines: [machine('Local')] });
		const localContext = { ...context, getCredentials: async () => ({ ...AWS_CREDENTIALS, customEndpoint: true, endpoint: LOCAL_ENDPOINT }) };
		const result = await searchStateMachines.call(localContext as ILoadOptionsFunctions);
		expect(result.results.map((entry) => entry.name)).toEqual(['Local']);
		expect(result.results[0].url).toBeUndefined();
		// The listing came from the custom endpoint, not from AWS.
		expect(local.calls().map((call) => [call.action, call.host])).toEqual([['ListStateMachines', '127.0.0.1:8083']]);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('asks AWS for the page the editor scrolled to', async () => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [] });
		await searchStateMachines.call(context, '', 'page-2');
		expect(sfn.commandCalls('ListStateMachines')).toEqual([{ maxResults: 100, nextToken: 'page-2' }]);
	});

	it('lists activities', async () => {
		sfn.on('ListActivities').resolves({
			activities: [{ name: 'ApproveOrder', activityArn: 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder', creationDate: new Date(0) }],
		});
		const result = await searchActivities.call(context);
		expect(result.results).toEqual([
			expect.objectContaining({ name: 'ApproveOrder', value: 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder' }),
		]);
	});
});

describe('pickers of what belongs to a state machine or an execution', () => {
	const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
	const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:order-1';
	/** The editor's context with the node's other parameters as n8n hands them to a list search. */
	const withParameters = (parameters: Record<string, unknown>) =>
		({ ...context, getCurrentNodeParameter: (name: string) => parameters[name] }) as unknown as ILoadOptionsFunctions;

	it("lists the versions of the node's state machine, newest first, by number (a version ARN stands for its state machine)", async () => {
		sfn.on('ListStateMachineVersions').resolves({
			stateMachineVersions: [
				{ stateMachineVersionArn: `${MACHINE}:1`, creationDate: new Date('2026-01-01T00:00:00Z') },
				{ stateMachineVersionArn: `${MACHINE}:2`, creationDate: new Date('2026-02-01T00:00:00Z') },
			],
			nextToken: 'more',
		});
		const result = await searchVersions.call(withParameters({ stateMachine: `${MACHINE}:2` }));
		expect(sfn.commandCalls('ListStateMachineVersions')).toEqual([{ stateMachineArn: MACHINE, maxResults: 100 }]);
		expect(result.results.map((entry) => [entry.name, entry.value])).toEqual([
			['Version 2', `${MACHINE}:2`],
			['Version 1', `${MACHINE}:1`],
		]);
		expect(result.results[0].description).toBe('created 2026-02-01 00:00:00 UTC');
		expect(result.paginationToken).toBe('more');
	});

	it('lists the aliases of a state machine chosen by name (looked up first), filtered by the typed text', async () => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [machine('OrderApproval')] });
		sfn.on('ListStateMachineAliases').resolves({
			stateMachineAliases: [
				{ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: new Date(0) },
				{ stateMachineAliasArn: `${MACHINE}:beta`, creationDate: new Date(0) },
			],
		});
		const result = await searchAliases.call(withParameters({ stateMachine: 'OrderApproval' }), 'PRO');
		expect(sfn.commandCalls('ListStateMachineAliases')).toEqual([{ stateMachineArn: MACHINE, maxResults: 100 }]);
		expect(result.results.map((entry) => entry.value)).toEqual([`${MACHINE}:prod`]);
	});

	it('asks for the state machine first when none is chosen, sending nothing', async () => {
		await expect(searchVersions.call(withParameters({ stateMachine: '' }))).rejects.toThrow('Choose a state machine first');
		expect(sfn.calls()).toHaveLength(0);
	});

	it("lists the Map Runs of the node's execution by label and start", async () => {
		const mapRunArn = 'arn:aws:states:eu-west-1:123456789012:mapRun:OrderApproval/ProcessOrders:0f3a3e6c';
		sfn.on('ListMapRuns').resolves({ mapRuns: [{ executionArn: EXECUTION, mapRunArn, stateMachineArn: `${MACHINE}/ProcessOrders`, startDate: new Date('2026-03-01T10:00:00Z') }] });
		const result = await searchMapRuns.call(withParameters({ executionArn: EXECUTION }));
		expect(sfn.commandCalls('ListMapRuns')).toEqual([{ executionArn: EXECUTION, maxResults: 100 }]);
		expect(result.results).toEqual([expect.objectContaining({ name: 'ProcessOrders (started 2026-03-01 10:00:00 UTC)', value: mapRunArn, url: undefined })]);
	});

	it('asks for the execution first when no Execution ARN is set', async () => {
		await expect(searchMapRuns.call(withParameters({}))).rejects.toThrow('Choose the Execution ARN first');
	});

	it("offers Start's Version or Alias: the aliases, then the versions, as what follows the state machine's ARN", async () => {
		sfn.on('ListStateMachineAliases').resolves({ stateMachineAliases: [{ stateMachineAliasArn: `${MACHINE}:prod`, creationDate: new Date(0) }] });
		sfn.on('ListStateMachineVersions').resolves({ stateMachineVersions: [{ stateMachineVersionArn: `${MACHINE}:7`, creationDate: new Date(0) }] });
		const parameters = withParameters({ stateMachine: MACHINE });
		const aliases = await searchVersionsAndAliases.call(parameters);
		expect(aliases.results.map((entry) => [entry.name, entry.value])).toEqual([['Alias prod', 'prod']]);
		expect(aliases.paginationToken).toBe('stateMachineVersion|');
		const versions = await searchVersionsAndAliases.call(parameters, undefined, String(aliases.paginationToken));
		expect(versions.results.map((entry) => [entry.name, entry.value])).toEqual([['Version 7', '7']]);
		expect(versions.paginationToken).toBeUndefined();
		expect(sfn.commandCalls('ListStateMachineVersions')).toEqual([{ stateMachineArn: MACHINE, maxResults: 100 }]);
	});
});
