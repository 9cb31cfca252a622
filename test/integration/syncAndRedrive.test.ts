import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { signingScopeOf } from '../helpers/awsStandIns';
import { executeContext } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * StartSyncExecution and RedriveExecution are not implemented by stepfunctions-local. These tests send real
 * HTTP requests through n8n's HTTP helper to a loopback stub that answers as the API reference documents them
 * (StartSyncExecution answers 200 with status FAILED for a failed run; RedriveExecution is idempotent per
 * clientToken), and check what the node sent and how it reads the answers.
 */
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Checkout';
const EXPRESS_EXECUTION = 'arn:aws:states:us-east-1:123456789012:express:Checkout:run-1:4c2f';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-1';
let stub: StubStepFunctions;

beforeEach(async () => {
	stub = await startStubStepFunctions();
});
afterEach(async () => {
	await stub.stop();
});

function runNode(items: Array<Record<string, unknown>>, executionId = 'n8n-run-1') {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError: 'continueErrorOutput', executionId }));
}

const startAndWait = {
	resource: 'execution',
	operation: 'start',
	stateMachine: { __rl: true, mode: 'arn', value: MACHINE },
	input: { cart: 3 },
	waitForCompletion: true,
	maxWaitSeconds: 60,
	stateMachineType: 'auto',
	options: {},
};

describe('EXPRESS state machines (StartSyncExecution) behind a custom endpoint', () => {
	beforeEach(() => {
		stub.answer('DescribeStateMachine', { body: { stateMachineArn: MACHINE, name: 'Checkout', type: 'EXPRESS', status: 'ACTIVE', definition: '{}', roleArn: 'r', creationDate: 0 } });
	});

	it('detects the type, runs synchronously without the sync- host prefix, and parses the output', async () => {
		stub.answer('StartSyncExecution', (body) => ({
			body: { executionArn: EXPRESS_EXECUTION, stateMachineArn: MACHINE, status: 'SUCCEEDED', input: body.input, output: '{"charged":true}', startDate: 1795000000, stopDate: 1795000001 },
		}));
		const [[item]] = await runNode([startAndWait]);
		expect(stub.requests.map((request) => request.action)).toEqual(['DescribeStateMachine', 'StartSyncExecution']);
		// A custom endpoint is one address: the API model's "sync-" host prefix is not added ("sync-127.0.0.1" does not resolve).
		expect(stub.requests[1].host).toBe(new URL(stub.endpoint).host);
		expect(stub.requests[1].body).toEqual({ stateMachineArn: MACHINE, input: '{"cart":3}' });
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', input: { cart: 3 }, output: { charged: true }, executionArn: EXPRESS_EXECUTION });
	});

	it('reads a FAILED status from an HTTP 200 answer as the item\'s error, with error and cause', async () => {
		stub.answer('StartSyncExecution', {
			body: { executionArn: EXPRESS_EXECUTION, stateMachineArn: MACHINE, status: 'FAILED', error: 'Payment.Declined', cause: 'card expired', startDate: 1, stopDate: 2 },
		});
		const [[item]] = await runNode([startAndWait]);
		expect(item.json).toEqual({
			error: 'The execution ended FAILED: Payment.Declined',
			message: `Cause: card expired. Execution: ${EXPRESS_EXECUTION}`,
		});
	});
});

describe("EXPRESS state machines on AWS's own endpoints", () => {
	it('StartSyncExecution goes to the sync- host of the region, everything else to the regional host; both signed for states', async () => {
		// AWS's hosts, faked at the HTTP level (nothing leaves the machine).
		const aws = mockStepFunctions();
		try {
			aws.on('DescribeStateMachine').resolves({ stateMachineArn: MACHINE, name: 'Checkout', type: 'EXPRESS', status: 'ACTIVE', definition: '{}', roleArn: 'r', creationDate: 0 });
			aws.on('StartSyncExecution').resolves({ executionArn: EXPRESS_EXECUTION, stateMachineArn: MACHINE, status: 'SUCCEEDED', input: '{"cart":3}', output: '{"charged":true}', startDate: 1795000000, stopDate: 1795000001 });
			const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub', customEndpoint: false };
			const [[item]] = await new AwsStepFunctions().execute.call(executeContext({ credentials, items: [startAndWait], onError: 'continueErrorOutput' }));
			expect(item.json).toMatchObject({ status: 'SUCCEEDED', output: { charged: true } });
			expect(aws.calls().map((call) => [call.action, call.host])).toEqual([
				['DescribeStateMachine', 'states.us-east-1.amazonaws.com'],
				['StartSyncExecution', 'sync-states.us-east-1.amazonaws.com'],
			]);
			for (const call of aws.calls()) expect(signingScopeOf(String(call.headers.authorization))).toEqual({ region: 'us-east-1', service: 'states' });
		} finally {
			aws.restore();
		}
	});
});

describe('RedriveExecution', () => {
	const redrive = { resource: 'execution', operation: 'redrive', executionArn: EXECUTION, options: {} };

	it('sends a client token that a retry of the same item in the same workflow run repeats', async () => {
		const seen = new Set<string>();
		stub.answer('RedriveExecution', (body) => {
			const first = !seen.has(String(body.clientToken));
			seen.add(String(body.clientToken));
			// Idempotent per token, as documented: the repeat is answered alike and redrives nothing more.
			return { body: { redriveDate: first ? 1795000000 : 1795000000 } };
		});
		await runNode([redrive]);
		await runNode([redrive]);
		await runNode([redrive], 'n8n-run-2');
		const tokens = stub.requests.map((request) => request.body.clientToken);
		expect(tokens[0]).toBe(tokens[1]);
		expect(tokens[2]).not.toBe(tokens[0]);
		expect(seen.size).toBe(2);
	});

	it('maps ExecutionNotRedrivable to what can be redriven', async () => {
		stub.answer('RedriveExecution', { status: 400, body: { __type: 'ExecutionNotRedrivable', message: 'Execution is RUNNING' } });
		const [[item]] = await runNode([redrive]);
		expect(item.json.error).toBe('This execution cannot be redriven');
		expect(item.json.message).toContain('Only FAILED, TIMED_OUT or ABORTED');
	});
});
