import nock from 'nock';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';

const sfn = mockStepFunctions();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderApproval';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:order-1';
const MAP_RUN = 'arn:aws:states:eu-west-1:123456789012:mapRun:OrderApproval/ProcessOrders:0f3a3e6c-8d2b-3c6c-a1d4-5b8e6f0c2a11';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const pick = (value: string) => ({ __rl: true, mode: 'list', value });

const run = (items: Array<Record<string, unknown>>) =>
	new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, items }));

const start = (params: Record<string, unknown> = {}) => ({
	resource: 'execution',
	operation: 'start',
	stateMachine: byArn(MACHINE),
	input: '{"orderId":1}',
	waitForCompletion: false,
	options: { name: 'order-1' },
	...params,
});

beforeEach(() => sfn.reset());
afterAll(() => {
	sfn.restore();
	nock.restore();
});

describe('Execution: Start with a version or alias', () => {
	it.each([
		['an alias picked from the list', pick('prod'), `${MACHINE}:prod`],
		['a version typed by number', byName('3'), `${MACHINE}:3`],
	])('starts %s of a state machine found by name', async (_label, versionOrAlias, qualified) => {
		sfn.on('ListStateMachines').resolves({ stateMachines: [{ name: 'OrderApproval', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date() }] });
		sfn.on('StartExecution').resolves({ executionArn: EXECUTION, startDate: new Date(0) });
		await run([start({ stateMachine: byName('OrderApproval'), versionOrAlias })]);
		expect(sfn.commandCalls('StartExecution')).toEqual([{ stateMachineArn: qualified, input: '{"orderId":1}', name: 'order-1' }]);
	});

	it('refuses a version or alias on top of a version ARN, before sending', async () => {
		await expect(run([start({ stateMachine: byArn(`${MACHINE}:2`), versionOrAlias: byName('prod') })])).rejects.toThrow(
			'"Version or Alias" is "prod", but State Machine is already a version or alias ARN',
		);
		expect(sfn.calls()).toHaveLength(0);
	});

	it('refuses a version or alias that is neither a number nor an alias name', async () => {
		await expect(run([start({ versionOrAlias: byName('my alias') })])).rejects.toThrow('"Version or Alias" is "my alias"');
		expect(sfn.calls()).toHaveLength(0);
	});

	it('asks the type of the state machine itself when waiting on an alias (DescribeStateMachine takes no alias ARN), and waits', async () => {
		sfn.on('DescribeStateMachine').resolves({ stateMachineArn: MACHINE, type: 'STANDARD' });
		sfn.on('StartExecution').resolves({ executionArn: EXECUTION });
		sfn.on('DescribeExecution').resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: '{"ok":true}', stateMachineAliasArn: `${MACHINE}:prod` });
		const [main] = await run([start({ versionOrAlias: pick('prod'), waitForCompletion: true, maxWaitSeconds: 30, stateMachineType: 'auto' })]);
		expect(sfn.commandCalls('DescribeStateMachine')).toEqual([{ stateMachineArn: MACHINE }]);
		expect(sfn.commandCalls('StartExecution')[0].stateMachineArn).toBe(`${MACHINE}:prod`);
		expect(main[0].json).toEqual(expect.objectContaining({ status: 'SUCCEEDED', output: { ok: true } }));
	});

	it('finds a start to an alias whose answer was lost by its generated name, under the execution ARN of the state machine', async () => {
		sfn.on('StartExecution').rejects('InternalFailure', 'lost', 500);
		sfn.on('DescribeExecution').callsFake((input) => ({ executionArn: input.executionArn, input: '{"orderId":1}', startDate: new Date(0), status: 'RUNNING' }));
		const [main] = await run([start({ stateMachine: byArn(`${MACHINE}:prod`), options: {} })]);
		const [described] = sfn.commandCalls('DescribeExecution');
		expect(String(described.executionArn)).toMatch(/^arn:aws:states:eu-west-1:123456789012:execution:OrderApproval:n8n-/);
		expect(main[0].json.executionArn).toBe(described.executionArn);
	});
});

describe('Execution: Get Many filters', () => {
	const list = (params: Record<string, unknown>) => ({ resource: 'execution', operation: 'list', statusFilter: '', returnAll: false, limit: 10, ...params });

	it('lists the executions of an alias that were redriven', async () => {
		sfn.on('ListExecutions').resolves({ executions: [] });
		await run([list({ stateMachine: byArn(MACHINE), versionOrAlias: pick('prod'), redriveFilter: 'REDRIVEN', statusFilter: 'SUCCEEDED' })]);
		expect(sfn.commandCalls('ListExecutions')).toEqual([{ stateMachineArn: `${MACHINE}:prod`, statusFilter: 'SUCCEEDED', redriveFilter: 'REDRIVEN', maxResults: 10 }]);
	});

	it("lists a Map Run's child executions, without a state machine", async () => {
		sfn.on('ListExecutions').resolves({ executions: [{ executionArn: EXECUTION, stateMachineArn: MACHINE, name: 'c1', status: 'RUNNING', startDate: new Date(0), mapRunArn: MAP_RUN }] });
		const [main] = await run([list({ executionsOf: 'mapRun', mapRunArn: byArn(MAP_RUN), redriveFilter: 'NOT_REDRIVEN' })]);
		expect(sfn.commandCalls('ListExecutions')).toEqual([{ mapRunArn: MAP_RUN, redriveFilter: 'NOT_REDRIVEN', maxResults: 10 }]);
		expect(main[0].json).toEqual(expect.objectContaining({ mapRunArn: MAP_RUN, startDate: '1970-01-01T00:00:00.000Z' }));
	});

	it('refuses an unknown redrive filter before sending', async () => {
		await expect(run([list({ stateMachine: byArn(MACHINE), redriveFilter: 'SOMETIMES' })])).rejects.toThrow('"Redrive Status" cannot be "SOMETIMES"');
		expect(sfn.calls()).toHaveLength(0);
	});
});
