import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeApiError } from '../helpers/errors';
import { forEachConcurrently } from '../helpers/concurrency';
import { sessionFromCredential } from '../transport/sfnClient';
import type { SfnSession } from '../transport/sfnClient';
import type { Operation } from './operation';
import { clientTuning, readRequestOptions } from './shared/requestOptions';
import type { RequestOptions } from './shared/requestOptions';
import { activityOperations } from './activity';
import { executionOperations } from './execution';
import { stateMachineOperations } from './stateMachine';
import { taskOperations } from './task';

const operationsByResource: Record<string, Record<string, Operation>> = {
	activity: activityOperations,
	execution: executionOperations,
	stateMachine: stateMachineOperations,
	task: taskOperations,
};

interface PendingRequest {
	itemIndex: number;
	request: unknown;
}

/**
 * Runs the chosen operation for every input item. Every item is checked before the first request goes
 * out, so bad input stops the run with nothing sent. Requests then go out with up to "Max Concurrent
 * Requests" in flight; each input item gets exactly one result in input order, paired with it: the
 * response, or with continue-on-fail an error item that n8n can route to the error output. Without
 * continue-on-fail the first failure stops the run once the requests in flight have settled.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = chooseOperation(this);
	const requestOptions = readRequestOptions(this);
	const continueOnFail = this.continueOnFail();
	// One slot per input item: an operation may answer an item with several entries (a listing).
	const results: INodeExecutionData[][] = new Array(items.length);

	const pending: PendingRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			pending.push({ itemIndex, request: operation.buildRequest.call(this, itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = [errorItem(asNodeError(this, error, itemIndex), itemIndex)];
		}
	}
	if (pending.length === 0) return [results.flat()];

	let session: SfnSession;
	try {
		session = await openSession(this, operation, requestOptions);
	} catch (error) {
		if (!continueOnFail) throw asNodeError(this, error, 0);
		for (const { itemIndex } of pending) results[itemIndex] = [errorItem(asNodeError(this, error, itemIndex), itemIndex)];
		return [results.flat()];
	}

	const node = this.getNode();
	const context = { action: operation.action, endpoint: session.endpoint, region: session.region };
	let stoppedBy: NodeApiError | NodeOperationError | undefined;
	try {
		await forEachConcurrently(
			pending,
			requestOptions.maxConcurrency,
			async ({ itemIndex, request }) => {
				try {
					const json = await operation.send(session, request, { node, itemIndex });
					results[itemIndex] = (Array.isArray(json) ? json : [json]).map((entry) => ({
						json: entry,
						pairedItem: { item: itemIndex },
					}));
				} catch (error) {
					const nodeError =
						error instanceof NodeOperationError || error instanceof NodeApiError
							? error
							: toNodeApiError(node, error, context, itemIndex);
					if (continueOnFail) results[itemIndex] = [errorItem(nodeError, itemIndex)];
					else stoppedBy ??= nodeError;
				}
			},
			() => stoppedBy === undefined,
		);
	} finally {
		session.client.destroy();
	}
	if (stoppedBy) throw stoppedBy;
	return [results.flat()];
}

function chooseOperation(ctx: IExecuteFunctions): Operation {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const operation = operationsByResource[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	return operation;
}

async function openSession(ctx: IExecuteFunctions, operation: Operation, options: RequestOptions): Promise<SfnSession> {
	return await sessionFromCredential(ctx, clientTuning(options, operation.longPoll), ctx.getExecutionCancelSignal?.());
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * With continue-on-fail, the item's result is its error: `error` the message, `message` what to do about it
 * (with the AWS error code and request id). n8n moves such an item to the error output ("On Error: Continue
 * (using error output)") and keeps it on the main output with "Continue". Both n8n 1.x and 2.x recognise an
 * error item by JSON holding only these two keys; more keys (or the item's error property, which makes n8n
 * rewrite the JSON) would break either the routing or the details.
 */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, message: error.description ?? error.message },
		pairedItem: { item: itemIndex },
	};
}
