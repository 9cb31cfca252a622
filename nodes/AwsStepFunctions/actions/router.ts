import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../shared/errors/aws';
import { cancelledError } from '../../shared/errors/run';
import { forEachConcurrently } from '../../shared/helpers/concurrency';
import { untilCancelled } from '../../shared/helpers/wait';
import { requestContext, sessionFromCredential } from '../../shared/aws/session';
import type { SfnSession } from '../../shared/aws/session';
import type { Operation } from './operation';
import { clientTuning, readRequestOptions } from './shared/requestOptions';
import { activityOperations } from './activity';
import { aliasOperations } from './alias';
import { executionOperations } from './execution';
import { mapRunOperations } from './mapRun';
import { stateMachineOperations } from './stateMachine';
import { tagOperations } from './tag';
import { taskOperations } from './task';
import { versionOperations } from './version';

const operationsByResource: Record<string, Record<string, Operation>> = {
	activity: activityOperations,
	execution: executionOperations,
	mapRun: mapRunOperations,
	stateMachine: stateMachineOperations,
	stateMachineAlias: aliasOperations,
	stateMachineVersion: versionOperations,
	tag: tagOperations,
	task: taskOperations,
};

/**
 * Runs the chosen operation for every input item, with up to "Max Concurrent Requests" in flight; each input
 * item gets exactly one result in input order, paired with it: the response, or with continue-on-fail an
 * error item that n8n can route to the error output.
 *
 * Every item is read and checked before the first request goes out. With On Error "Stop Workflow" bad input
 * stops the run with nothing sent (task tokens are single-use: a half-sent batch cannot simply run again), and
 * the first failure stops the run once the requests in flight have settled. With "Continue" a bad item is its
 * own error item whatever the others do. Reading all items first is also the faster way inside n8n: requests
 * go through n8n's HTTP helpers on n8n's main thread, so evaluating expressions between them gains no overlap
 * and costs more than a run of evaluations (BENCHMARKS.md).
 *
 * A cancelled run sends nothing more: requests in flight are aborted and the run ends at once with an error
 * that says so.
 */
/** An item read and checked: its request, or why it was refused. */
type Built = { request: unknown } | { refused: NodeApiError | NodeOperationError };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = chooseOperation(this);
	const requestOptions = readRequestOptions(this);
	const continueOnFail = this.continueOnFail();
	const cancelSignal = this.getExecutionCancelSignal?.();
	const node = this.getNode();
	// One slot per input item: an operation may answer an item with several entries (a listing).
	const results: INodeExecutionData[][] = new Array(items.length);

	// Every item is read and checked before the first request goes out: a bad item stops the run with nothing
	// sent (Stop Workflow), or becomes its own error item (Continue).
	const checkedFirst = items.map((_, itemIndex): Built => {
		try {
			return { request: operation.buildRequest.call(this, itemIndex) };
		} catch (error) {
			if (!continueOnFail) throw asOperationError(this, error, itemIndex);
			return { refused: asOperationError(this, error, itemIndex) };
		}
	});

	// Opened when the first request is ready, so a run whose items are all refused reads no credential.
	let opening: Promise<SfnSession> | undefined;
	const session = () =>
		(opening ??= sessionFromCredential(this, clientTuning(requestOptions, operation.longPoll), cancelSignal));

	const sendItem = async (itemIndex: number, request: unknown): Promise<INodeExecutionData[]> => {
		const open = await session();
		try {
			const json = await operation.send(open, request, { node, itemIndex });
			return (Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry, pairedItem: { item: itemIndex } }));
		} catch (error) {
			throw cancelSignal?.aborted ? cancelledError(node, itemIndex) : asNodeError(node, error, requestContext(open, operation.action), itemIndex);
		}
	};

	let stoppedBy: NodeApiError | NodeOperationError | undefined;
	const runItem = async (itemIndex: number) => {
		try {
			const built = checkedFirst[itemIndex];
			if ('refused' in built) throw built.refused;
			results[itemIndex] = await sendItem(itemIndex, built.request);
		} catch (error) {
			const nodeError = asOperationError(this, error, itemIndex);
			if (continueOnFail) results[itemIndex] = [errorItem(nodeError, itemIndex)];
			else stoppedBy ??= nodeError;
		}
	};

	await untilCancelled(
		forEachConcurrently(
			items.map((_, itemIndex) => itemIndex),
			itemsInProgress(requestOptions.maxConcurrency, continueOnFail, operation),
			runItem,
			() => stoppedBy === undefined && !cancelSignal?.aborted,
		),
		cancelSignal,
		() => cancelledError(node),
	);
	if (cancelSignal?.aborted) throw cancelledError(node);
	if (stoppedBy) throw stoppedBy;
	return [results.flat()];
}

/**
 * How many items may be in progress at once. Normally "Max Concurrent Requests". With continue-on-fail and an
 * operation of one short request per item, more are read and queued ahead: the transport keeps at most "Max
 * Concurrent Requests" on the wire and hands a freed slot the next queued request at once, instead of waiting
 * for n8n's main thread to read the next item (measured: BENCHMARKS.md). With Stop Workflow nothing is queued
 * ahead, so a failure stops the run with no request sent after it.
 */
const QUEUED_AHEAD_FACTOR = 4;

function itemsInProgress(maxConcurrency: number, continueOnFail: boolean, operation: Operation): number {
	return continueOnFail && operation.oneRequestPerItem ? maxConcurrency * QUEUED_AHEAD_FACTOR : maxConcurrency;
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

/** An error of the node's own code (not from sending): kept as n8n shows it, tied to its item. */
function asOperationError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
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
