import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { credentialsError, toNodeApiError } from '../helpers/errors';
import { createSfnSession, credentialProblem } from '../transport/sfnClient';
import type { SfnSession, StepFunctionsCredentials } from '../transport/sfnClient';
import type { Operation } from './operation';
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
 * out, so bad input stops the run with nothing sent; each input item then gets exactly one result, paired
 * with it: the response, or with continue-on-fail an error item that n8n can route to the error output.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = chooseOperation(this);
	// One slot per input item: an operation may answer an item with several entries (a listing).
	const results: INodeExecutionData[][] = new Array(items.length);

	const pending: PendingRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			pending.push({ itemIndex, request: operation.buildRequest.call(this, itemIndex) });
		} catch (error) {
			results[itemIndex] = [failedItem(this, asNodeError(this, error, itemIndex), itemIndex)];
		}
	}
	if (pending.length === 0) return [results.flat()];

	let session: SfnSession;
	try {
		session = await openSession(this);
	} catch (error) {
		for (const { itemIndex } of pending) {
			results[itemIndex] = [failedItem(this, asNodeError(this, error, itemIndex), itemIndex)];
		}
		return [results.flat()];
	}

	const context = { action: operation.action, endpoint: session.endpoint, region: session.region };
	try {
		for (const { itemIndex, request } of pending) {
			try {
				const json = await operation.send(session, request, { node: this.getNode(), itemIndex });
				results[itemIndex] = (Array.isArray(json) ? json : [json]).map((entry) => ({
					json: entry,
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				const nodeError =
					error instanceof NodeOperationError || error instanceof NodeApiError
						? error
						: toNodeApiError(this.getNode(), error, context, itemIndex);
				results[itemIndex] = [failedItem(this, nodeError, itemIndex)];
			}
		}
	} finally {
		session.client.destroy();
	}
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

async function openSession(ctx: IExecuteFunctions): Promise<SfnSession> {
	const credentials = await ctx.getCredentials('awsStepFunctionsApi');
	const problem = credentialProblem(credentials);
	if (problem) throw credentialsError(ctx.getNode(), problem);
	return await createSfnSession(credentials as unknown as StepFunctionsCredentials, ctx.getExecutionCancelSignal?.());
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
 * rewrite the JSON) would break either the routing or the details. Without continue-on-fail the error stops
 * the run.
 */
function failedItem(
	ctx: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	if (!ctx.continueOnFail()) throw error;
	return {
		json: { error: error.message, message: error.description ?? error.message },
		pairedItem: { item: itemIndex },
	};
}
