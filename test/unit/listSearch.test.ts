import { ListActivitiesCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, TEST_NODE } from '../helpers/executeContext';

const sfnMock = mockClient(SFNClient);
const { searchStateMachines, searchActivities } = new AwsStepFunctions().methods.listSearch;
const context = {
	getCredentials: async () => AWS_CREDENTIALS,
	getNode: () => TEST_NODE,
} as unknown as ILoadOptionsFunctions;

const machine = (name: string) => ({
	name,
	stateMachineArn: `arn:aws:states:eu-west-1:123456789012:stateMachine:${name}`,
	type: 'STANDARD' as const,
	creationDate: new Date(0),
});

beforeEach(() => sfnMock.reset());

describe('searchable lists', () => {
	it('lists state machines filtered by the typed text, sorted, with the next page token', async () => {
		sfnMock.on(ListStateMachinesCommand).resolves({
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
		sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [machine('Local')] });
		const local = { ...context, getCredentials: async () => ({ ...AWS_CREDENTIALS, customEndpoint: true, endpoint: 'http://127.0.0.1:8083' }) };
		const result = await searchStateMachines.call(local as ILoadOptionsFunctions);
		expect(result.results[0].url).toBeUndefined();
	});

	it('asks AWS for the page the editor scrolled to', async () => {
		sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
		await searchStateMachines.call(context, '', 'page-2');
		expect(sfnMock.commandCalls(ListStateMachinesCommand)[0].args[0].input).toEqual({ maxResults: 100, nextToken: 'page-2' });
	});

	it('lists activities', async () => {
		sfnMock.on(ListActivitiesCommand).resolves({
			activities: [{ name: 'ApproveOrder', activityArn: 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder', creationDate: new Date(0) }],
		});
		const result = await searchActivities.call(context);
		expect(result.results).toEqual([
			expect.objectContaining({ name: 'ApproveOrder', value: 'arn:aws:states:eu-west-1:123456789012:activity:ApproveOrder' }),
		]);
	});
});
