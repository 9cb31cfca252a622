import {
	SFNClient,
	SendTaskFailureCommand,
	SendTaskHeartbeatCommand,
	SendTaskSuccessCommand,
	TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { AWS_CREDENTIALS, executeContext, rejection } from '../helpers/executeContext';
import type { ContextOptions } from '../helpers/executeContext';

const sfnMock = mockClient(SFNClient);
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAbRy7fAkeToken';

function run(options: Partial<ContextOptions> & Pick<ContextOptions, 'items'>) {
	return new AwsStepFunctions().execute.call(executeContext({ credentials: AWS_CREDENTIALS, ...options }));
}

function failure(params: Record<string, unknown>) {
	return { resource: 'task', operation: 'sendTaskFailure', taskToken: TOKEN, error: '', cause: '', ...params };
}
function success(params: Record<string, unknown>) {
	return { resource: 'task', operation: 'sendTaskSuccess', taskToken: TOKEN, output: '{}', ...params };
}

beforeEach(() => {
	sfnMock.reset();
	sfnMock.on(SendTaskFailureCommand).resolves({ $metadata: { requestId: 'r-1', httpStatusCode: 200 } });
	sfnMock.on(SendTaskSuccessCommand).resolves({ $metadata: { requestId: 'r-2', httpStatusCode: 200 } });
	sfnMock.on(SendTaskHeartbeatCommand).resolves({ $metadata: { requestId: 'r-3', httpStatusCode: 200 } });
});

describe('request shape', () => {
	it('Send Task Failure sends token, error and cause as given', async () => {
		await run({ items: [failure({ error: 'Approval.Rejected', cause: 'Rejected by finance' })] });
		expect(sfnMock.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input)).toEqual([
			{ taskToken: TOKEN, error: 'Approval.Rejected', cause: 'Rejected by finance' },
		]);
	});

	it('Send Task Failure leaves blank error and cause out of the request instead of sending empty strings', async () => {
		await run({ items: [failure({}), failure({ error: 'OnlyError' }), failure({ cause: 'only cause' })] });
		const inputs = sfnMock.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input);
		expect(inputs).toEqual([
			{ taskToken: TOKEN },
			{ taskToken: TOKEN, error: 'OnlyError' },
			{ taskToken: TOKEN, cause: 'only cause' },
		]);
		expect(Object.keys(inputs[0])).toEqual(['taskToken']);
	});

	it('trims whitespace that copying adds around a token', async () => {
		await run({ items: [failure({ taskToken: `  ${TOKEN}\n` })] });
		expect(sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input.taskToken).toBe(TOKEN);
	});

	it('Send Task Success sends JSON text as written', async () => {
		const output = '{ "approved": true, "amount": 12.50 }';
		await run({ items: [success({ output })] });
		expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0].args[0].input).toEqual({ taskToken: TOKEN, output });
	});

	it('Send Task Success serialises an object, array or scalar that an expression produced', async () => {
		await run({ items: [success({ output: { approved: true, by: 'ana' } }), success({ output: [1, 2] }), success({ output: 0 })] });
		expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.output)).toEqual([
			'{"approved":true,"by":"ana"}',
			'[1,2]',
			'0',
		]);
	});

	it('Send Task Heartbeat sends only the token', async () => {
		await run({ items: [{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: TOKEN }] });
		expect(sfnMock.commandCalls(SendTaskHeartbeatCommand)[0].args[0].input).toEqual({ taskToken: TOKEN });
	});
});

describe('output items', () => {
	it('answers every input item with one item, paired with it, holding the response without SDK metadata', async () => {
		const [main] = await run({ items: [failure({}), failure({}), failure({})] });
		expect(main).toEqual([
			{ json: {}, pairedItem: { item: 0 } },
			{ json: {}, pairedItem: { item: 1 } },
			{ json: {}, pairedItem: { item: 2 } },
		]);
	});

	it('builds one client for the whole run', async () => {
		const constructed = jest.spyOn(SFNClient.prototype, 'send');
		await run({ items: [failure({}), failure({}), failure({})] });
		const clients = new Set(constructed.mock.contexts);
		expect(constructed).toHaveBeenCalledTimes(3);
		expect(clients.size).toBe(1);
		constructed.mockRestore();
	});
});

describe('JSON output checks', () => {
	it.each([
		['text that is not JSON', 'approved'],
		['an empty text', '   '],
		['a truncated object', '{"approved": tru'],
	])('refuses %s before sending, naming item and field', async (_label, output) => {
		const error = await rejection(run({ items: [success({}), success({ output })] }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Item 1: "Output" is not valid JSON/);
		expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
	});

	it('accepts a quoted string as JSON', async () => {
		await run({ items: [success({ output: '"done"' })] });
		expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output).toBe('"done"');
	});
});

describe('secrets', () => {
	it('never puts the secret key or session token into items or errors', async () => {
		const credentials = {
			...AWS_CREDENTIALS,
			temporaryCredentials: true,
			sessionToken: 'SeSsIoN-tOkEn-never-shown-xyz',
		};
		sfnMock.on(SendTaskFailureCommand).rejects(
			new TaskTimedOut({ message: 'Task Timed Out', $metadata: { requestId: 'r-9', httpStatusCode: 400 } }),
		);
		const [main] = await new AwsStepFunctions().execute.call(
			executeContext({ credentials, items: [failure({})], onError: 'continueErrorOutput' }),
		);
		const thrown = await rejection<NodeApiError>(
			new AwsStepFunctions().execute.call(executeContext({ credentials, items: [failure({})] })),
		);
		const seen = JSON.stringify(main) + JSON.stringify(thrown) + thrown.message + String(thrown.description);
		expect(seen).toContain('timed out');
		expect(seen).not.toContain(String(credentials.secretAccessKey));
		expect(seen).not.toContain(credentials.sessionToken);
	});
});
