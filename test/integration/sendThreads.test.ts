import { execFileSync } from 'child_process';
import * as path from 'path';

import type { INodeExecutionData, INodeType } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { SEND_THREADS_FROM_ITEMS } from '../../nodes/AwsStepFunctions/actions/shared/requestOptions';
import { executeContext } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';
import type { StubStepFunctions } from '../helpers/stubStepFunctions';

/**
 * Large runs sign and send on a worker thread (transport/sendPool.ts). A worker thread runs JavaScript, so
 * these tests compile the package (as `npm run build` does) into .test-build/ and run that node beside the
 * sources, which send on the test's own thread: both must answer every item the same way.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BUILD = path.join(ROOT, '.test-build');
const ITEMS = SEND_THREADS_FROM_ITEMS + 50;

let compiled: { node: Required<Pick<INodeType, 'execute'>>; sendPool: { startSendPool: (...args: unknown[]) => unknown } };
let stub: StubStepFunctions;

beforeAll(() => {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', BUILD], { cwd: ROOT });
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled package, built just above
	const nodeModule = require(path.join(BUILD, 'nodes/AwsStepFunctions/AwsStepFunctions.node.js')) as {
		AwsStepFunctions: new () => Required<Pick<INodeType, 'execute'>>;
	};
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled pool, to see that it is used
	const sendPool = require(path.join(BUILD, 'nodes/AwsStepFunctions/transport/sendPool.js')) as typeof compiled.sendPool;
	compiled = { node: new nodeModule.AwsStepFunctions(), sendPool };
}, 120_000);

beforeEach(async () => {
	stub = await startStubStepFunctions();
	// Every fifth token is unknown to the service, every seventh has timed out.
	stub.answer('SendTaskFailure', (body) => {
		const n = Number(String(body.taskToken).replace('token-', ''));
		if (n % 5 === 0) return { status: 400, body: { __type: 'TaskDoesNotExist', message: 'Task does not exist' } };
		if (n % 7 === 0) return { status: 400, body: { __type: 'TaskTimedOut', message: 'Task Timed Out' } };
		return { body: {}, delayMs: 2 };
	});
});
afterEach(async () => {
	jest.restoreAllMocks();
	await stub.stop();
});

function context(onError: OnError, cancelSignal?: AbortSignal, count = ITEMS) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIATHREADS', secretAccessKey: 'threads-secret', customEndpoint: true, endpoint: stub.endpoint };
	const items = Array.from({ length: count }, (_, n) => ({
		resource: 'task',
		operation: 'sendTaskFailure',
		taskToken: `token-${n}`,
		error: 'Batch.Failed',
		cause: '',
		requestOptions: { maxConcurrency: 8, retryAttempts: 0 },
	}));
	return executeContext({ credentials, items, onError, cancelSignal });
}

async function runCompiled(onError: OnError, cancelSignal?: AbortSignal, count?: number) {
	return (await compiled.node.execute.call(context(onError, cancelSignal, count))) as INodeExecutionData[][];
}

describe('worker-thread sending for large runs', () => {
	it('answers every item exactly as sending on the main thread does: order, pairing, error items and wording', async () => {
		const startSendPool = jest.spyOn(compiled.sendPool, 'startSendPool');
		const threaded = await runCompiled('continueErrorOutput');
		expect(startSendPool).toHaveBeenCalledTimes(1);

		const inThread = await new AwsStepFunctions().execute.call(context('continueErrorOutput'));
		expect(threaded).toEqual(inThread);
		expect(threaded[0]).toHaveLength(ITEMS);
		expect(threaded[0][5].json).toEqual({
			error: 'Step Functions does not know this task token',
			message: expect.stringContaining('(AWS error TaskDoesNotExist'),
		});
		expect(threaded[0][7].json.error).toBe('The task of this token has timed out or was already answered');
		expect(threaded[0].map((item) => item.pairedItem)).toEqual(Array.from({ length: ITEMS }, (_, item) => ({ item })));
		expect(stub.requests.filter((request) => request.action === 'SendTaskFailure')).toHaveLength(2 * ITEMS);
	});

	it('stops the run at the first failure with Stop Workflow, with the same error as on the main thread', async () => {
		const threaded = await runCompiled('stopWorkflow').catch((error: Error) => error);
		const inThread = await new AwsStepFunctions().execute.call(context('stopWorkflow')).catch((error: Error) => error);
		expect(threaded).toBeInstanceOf(Error);
		expect((threaded as Error).message).toBe('Step Functions does not know this task token');
		expect((threaded as Error).message).toBe((inThread as Error).message);
	});

	it('ends a cancelled run within a second and starts no request after the cancel', async () => {
		stub.answer('SendTaskFailure', () => ({ body: {}, delayMs: 300 }));
		const cancel = new AbortController();
		const running = runCompiled('continueErrorOutput', cancel.signal).catch((error: Error) => error);
		await new Promise((resolve) => setTimeout(resolve, 700));
		cancel.abort();
		const cancelledAt = Date.now();
		const arrivedBefore = stub.requests.length;
		const error = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1000);
		expect((error as Error).message).toBe('The workflow run was cancelled');
		await new Promise((resolve) => setTimeout(resolve, 500));
		// Requests handed to the thread before the cancel may still be arriving; none are sent later.
		expect(stub.requests.length).toBeLessThanOrEqual(arrivedBefore + 8);
		expect(stub.requests.length).toBeLessThan(ITEMS);
	});

	it('keeps small runs on the main thread', async () => {
		const startSendPool = jest.spyOn(compiled.sendPool, 'startSendPool');
		await runCompiled('continueErrorOutput', undefined, SEND_THREADS_FROM_ITEMS - 1);
		expect(startSendPool).not.toHaveBeenCalled();
	});
});
