import nock from 'nock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, TEST_NODE } from '../helpers/executeContext';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { mockStepFunctions } from '../helpers/sfnMock';

const LOCAL_ENDPOINT = 'http://127.0.0.1:8083';
const sfn = mockStepFunctions();
const local = mockStepFunctions(LOCAL_ENDPOINT);
const { searchStateMachines, searchActivities } = new AwsStepFunctions().methods.listSearch;
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
