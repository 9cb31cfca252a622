import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext, rejection } from '../helpers/executeContext';
import { startValidateAndTestStateStub } from '../helpers/validateAndTestStateStub';
import type { ValidateAndTestStateStub } from '../helpers/validateAndTestStateStub';

// Validate Definition and Test State over the wire (signed requests through n8n's HTTP stand-in) against a
// loopback stub: neither moto nor stepfunctions-local implements these actions. The stub's file says which
// behaviour of AWS it stands for.
let stub: ValidateAndTestStateStub;

beforeAll(async () => {
	stub = await startValidateAndTestStateStub();
});
afterAll(async () => await stub.stop());

function runNode(items: Array<Record<string, unknown>>) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items }));
}

const MACHINE = {
	StartAt: 'Charge',
	States: {
		Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['Payment.Declined'], Next: 'Declined' }], Next: 'Done' },
		Declined: { Type: 'Fail', Error: 'Declined', Cause: 'card declined' },
		Done: { Type: 'Succeed' },
	},
};

describe('State Machine: Validate Definition against the stub', () => {
	const validate = (params: Record<string, unknown>) => ({ resource: 'stateMachine', operation: 'validateDefinition', type: 'STANDARD', severity: 'ERROR', maxResults: 100, ...params });

	it('one item per definition: OK with warnings asked for, FAIL with its errors, truncated past Max Diagnostics', async () => {
		const broken = { StartAt: 'Missing', States: { A: { Next: 'Nowhere' } } };
		const [items] = await runNode([
			validate({ definition: MACHINE, severity: 'WARNING' }),
			validate({ definition: broken }),
			validate({ definition: broken, maxResults: 1 }),
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual({
			result: 'OK',
			truncated: false,
			diagnosticCount: 1,
			diagnostics: [{ severity: 'WARNING', code: 'NO_TIMEOUT_SECONDS', message: 'The Task state has no TimeoutSeconds', location: '/States/Charge' }],
		});
		expect(items[1].json).toMatchObject({ result: 'FAIL', truncated: false, diagnosticCount: 3 });
		expect((items[1].json.diagnostics as Array<{ code: string }>).map((d) => d.code)).toEqual([
			'MISSING_TRANSITION_TARGET',
			'SCHEMA_VALIDATION_FAILED',
			'MISSING_TRANSITION_TARGET',
		]);
		expect(items[2].json).toMatchObject({ result: 'FAIL', truncated: true, diagnosticCount: 1 });
		expect(stub.requests.slice(-3).map((request) => request.body.maxResults)).toEqual([100, 100, 1]);
	});
});

describe('State Machine: Test State against the stub', () => {
	const test = (params: Record<string, unknown>) => ({
		resource: 'stateMachine',
		operation: 'testState',
		stateName: '',
		roleArn: '',
		input: '{"orderId": 7}',
		inspectionLevel: 'INFO',
		mock: 'none',
		options: {},
		...params,
	});

	it('runs a single Pass state with DEBUG inspection, output and inspection data parsed', async () => {
		const [[item]] = await runNode([test({ definition: { Type: 'Pass', Result: { approved: true }, Next: 'Notify' }, inspectionLevel: 'DEBUG' })]);
		expect(item.json).toEqual({
			status: 'SUCCEEDED',
			output: { approved: true },
			nextState: 'Notify',
			inspectionData: { input: { orderId: 7 }, afterInputPath: { orderId: 7 }, result: { approved: true } },
		});
	});

	it('tests one Task of a whole machine with a mocked result, and with a mocked error its Catch handles', async () => {
		const [items] = await runNode([
			test({ definition: MACHINE, stateName: 'Charge', mock: 'result', mockResult: { StatusCode: 200 }, fieldValidationMode: 'NONE' }),
			test({ definition: MACHINE, stateName: 'Charge', mock: 'error', mockError: 'Payment.Declined', mockCause: 'card expired', options: { context: { Execution: { Name: 'x' } } } }),
		]);
		expect(items[0].json).toEqual({ status: 'SUCCEEDED', output: { StatusCode: 200 }, nextState: 'Done' });
		expect(items[1].json).toEqual({ status: 'CAUGHT_ERROR', error: 'Payment.Declined', cause: 'card expired', nextState: 'Declined' });
		expect(stub.requests.at(-1)?.body).toMatchObject({ stateName: 'Charge', context: '{"Execution":{"Name":"x"}}', mock: { errorOutput: { error: 'Payment.Declined', cause: 'card expired' } } });
	});

	it('a Fail state is a FAILED answer, not an error of the item', async () => {
		const [[item]] = await runNode([test({ definition: MACHINE, stateName: 'Declined' })]);
		expect(item.json).toEqual({ status: 'FAILED', error: 'Declined', cause: 'card declined' });
	});

	it("words the service's ValidationException", async () => {
		// A role passes the node's own check; the stub calls no service and answers a ValidationException, the
		// shape in which AWS refuses a TestState request.
		const error = await rejection(runNode([test({ definition: MACHINE, stateName: 'Charge', roleArn: 'arn:aws:iam::123456789012:role/r' })]));
		expect(error.message).toBe('Step Functions refused the request as invalid');
	});
});
