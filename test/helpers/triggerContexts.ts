import * as http from 'http';

import type { IDataObject, INodeExecutionData, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';

import { TEST_NODE } from './executeContext';
import { httpRequestWithAuthentication } from './n8nHttp';

/** Reads a parameter the way n8n does for triggers, dotted paths included ("options.pollers"). */
function parameterReader(parameters: Record<string, unknown>) {
	return (name: string, fallback?: unknown) => {
		const value = name.split('.').reduce<unknown>((holder, key) => (holder as Record<string, unknown> | undefined)?.[key], parameters);
		return value === undefined ? fallback : value;
	};
}

const silentLogger = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };

/** What n8n hands a trigger node's trigger(): parameters, credential, mode, emit, emitError and (n8n 2.x) saveFailedExecution. */
export function triggerContext(parameters: Record<string, unknown>, credentials: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	const emitted: INodeExecutionData[][][] = [];
	const errors: Error[] = [];
	const failedExecutions: Error[] = [];
	// What the trigger writes to n8n's log, with its metadata, to check that no secret reaches it.
	const logs: string[] = [];
	const record = (message: string, meta?: unknown) => logs.push(`${message} ${JSON.stringify(meta ?? {})}`);
	let onEmit: (data: INodeExecutionData[][]) => void = () => undefined;
	const context = {
		getNode: () => ({ ...TEST_NODE, name: 'Activity Trigger', type: 'n8n-nodes-step-functions.awsStepFunctionsActivityTrigger' }),
		getMode: () => mode,
		getActivationMode: () => 'activate',
		getWorkflow: () => ({ id: 'wf-1', name: 'Worker', active: true }),
		getCredentials: async () => credentials,
		getNodeParameter: parameterReader(parameters),
		emit: (data: INodeExecutionData[][]) => {
			emitted.push(data);
			onEmit(data);
		},
		emitError: (error: Error) => errors.push(error),
		saveFailedExecution: (error: Error) => failedExecutions.push(error),
		logger: { warn: record, error: record, info: record, debug: record },
		helpers: { httpRequestWithAuthentication },
	};
	return {
		context: context as unknown as ITriggerFunctions,
		emitted,
		errors,
		failedExecutions,
		logs,
		whenEmitted: (handler: (data: INodeExecutionData[][]) => void) => (onEmit = handler),
	};
}

/**
 * What n8n hands a polling node's poll(): parameters, credential, mode and the workflow's static data. A new
 * context per poll with activation mode 'update', as n8n 2.x's durable scheduler builds them.
 */
export function pollContext(parameters: Record<string, unknown>, credentials: IDataObject, staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	return {
		getNode: () => ({ ...TEST_NODE, name: 'Step Functions Trigger', type: 'n8n-nodes-step-functions.awsStepFunctionsTrigger' }),
		getMode: () => mode,
		getActivationMode: () => 'update',
		getCredentials: async () => credentials,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: parameterReader(parameters),
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IPollFunctions;
}

/** A loopback proxy in front of a Step Functions server that counts the requests per API action. */
export async function countingProxy(targetPort: number) {
	const counts = new Map<string, number>();
	const server = http.createServer((request, response) => {
		const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
		counts.set(action, (counts.get(action) ?? 0) + 1);
		const upstream = http.request(
			{ host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers },
			(answer) => {
				response.writeHead(answer.statusCode ?? 500, answer.headers);
				answer.pipe(response);
			},
		);
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
	const { port } = server.address() as { port: number };
	return {
		endpoint: `http://127.0.0.1:${port}`,
		count: (action: string) => counts.get(action) ?? 0,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
