import * as http from 'http';

import { close, listen, readBody } from './awsStandIns';

/**
 * A loopback stand-in for the two Step Functions actions neither moto nor stepfunctions-local implements:
 * ValidateStateMachineDefinition and TestState. It answers as the API model (sfn-service-2.json) and AWS's
 * documentation describe them, for the subset of Amazon States Language the tests use:
 * - ValidateStateMachineDefinition: result FAIL with ERROR diagnostics for text that is not JSON, a missing
 *   StartAt or States, a state without Type, and a StartAt or Next naming no state (MISSING_TRANSITION_TARGET);
 *   a WARNING for a Task without TimeoutSeconds. `severity` ERROR (the default) returns errors only, WARNING
 *   both; `maxResults` (0 or absent = 100) cuts the list and sets `truncated`.
 * - TestState (AWS serves it on the sync- host; a custom endpoint carries no prefix): runs one state, the
 *   definition itself or `stateName` of a whole machine. Pass returns Result (or its input), Succeed its input,
 *   Fail status FAILED with its Error and Cause; a Task needs a mock (a result, or an error that a matching Catch
 *   turns into CAUGHT_ERROR) or else a roleArn (a ValidationException without either, as AWS answers). The stub
 *   calls no service: an unmocked Task with a role is refused (AWS would call it). `context` without a mock is a
 *   ValidationException, as the model documents. DEBUG and TRACE add inspectionData (input, afterInputPath,
 *   result) as JSON text.
 * Other actions are forwarded unchanged, signature included, to `forwardTo` (moto) when given.
 */
export interface StubRequest {
	action: string;
	body: Record<string, unknown>;
}

export interface ValidateAndTestStateStub {
	endpoint: string;
	requests: StubRequest[];
	stop(): Promise<void>;
}

type State = Record<string, unknown>;
interface Diagnostic {
	severity: 'ERROR' | 'WARNING';
	code: string;
	message: string;
	location?: string;
}
interface Reply {
	status: number;
	body: Record<string, unknown>;
}

const validationError = (message: string): Reply => ({ status: 400, body: { __type: 'ValidationException', message } });

function diagnose(text: string): Diagnostic[] {
	let definition: State;
	try {
		definition = JSON.parse(text) as State;
	} catch (error) {
		return [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `Definition is not valid JSON: ${(error as Error).message}` }];
	}
	const found: Diagnostic[] = [];
	const states = (definition.States ?? {}) as Record<string, State>;
	for (const field of ['StartAt', 'States']) {
		if (definition[field] === undefined) found.push({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: `The field "${field}" is required but was missing`, location: '/' });
	}
	if (typeof definition.StartAt === 'string' && !(definition.StartAt in states)) {
		found.push({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: `Missing 'Next' target: ${definition.StartAt}`, location: '/StartAt' });
	}
	for (const [name, state] of Object.entries(states)) {
		if (state.Type === undefined) found.push({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The field "Type" is required but was missing', location: `/States/${name}` });
		if (typeof state.Next === 'string' && !(state.Next in states)) {
			found.push({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: `Missing 'Next' target: ${state.Next}`, location: `/States/${name}/Next` });
		}
		if (state.Type === 'Task' && state.TimeoutSeconds === undefined) {
			found.push({ severity: 'WARNING', code: 'NO_TIMEOUT_SECONDS', message: 'The Task state has no TimeoutSeconds', location: `/States/${name}` });
		}
	}
	return found;
}

function validate(body: Record<string, unknown>): Reply {
	if (typeof body.definition !== 'string' || body.definition === '') return validationError('1 validation error detected: definition must not be empty');
	const all = diagnose(body.definition);
	const wanted = body.severity === 'WARNING' ? all : all.filter((diagnostic) => diagnostic.severity === 'ERROR');
	const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 100;
	return {
		status: 200,
		body: { result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK', diagnostics: wanted.slice(0, max), truncated: wanted.length > max },
	};
}

function inspection(level: unknown, input: string, result: string | undefined): Record<string, unknown> {
	if (level !== 'DEBUG' && level !== 'TRACE') return {};
	return { inspectionData: { input, afterInputPath: input, ...(result === undefined ? {} : { result }) } };
}

function testState(body: Record<string, unknown>): Reply {
	let definition: State;
	try {
		definition = JSON.parse(String(body.definition)) as State;
	} catch {
		return { status: 400, body: { __type: 'InvalidDefinition', message: 'Invalid State Machine Definition: not JSON' } };
	}
	const state = (typeof body.stateName === 'string' ? (definition.States as Record<string, State> | undefined)?.[body.stateName] : definition) as State | undefined;
	if (!state) return validationError(`State ${String(body.stateName)} not found in the definition`);
	const mock = body.mock as { result?: string; errorOutput?: { error: string; cause?: string } } | undefined;
	if (body.context !== undefined && !mock) return validationError('context may only be specified together with mock');
	const input = typeof body.input === 'string' ? body.input : '{}';
	const next = typeof state.Next === 'string' ? { nextState: state.Next } : {};
	switch (state.Type) {
		case 'Pass': {
			const output = state.Result === undefined ? input : JSON.stringify(state.Result);
			return { status: 200, body: { status: 'SUCCEEDED', output, ...next, ...inspection(body.inspectionLevel, input, output) } };
		}
		case 'Succeed':
			return { status: 200, body: { status: 'SUCCEEDED', output: input, ...inspection(body.inspectionLevel, input, input) } };
		case 'Fail':
			return { status: 200, body: { status: 'FAILED', error: state.Error, cause: state.Cause } };
		case 'Task': {
			if (mock?.result !== undefined) return { status: 200, body: { status: 'SUCCEEDED', output: mock.result, ...next, ...inspection(body.inspectionLevel, input, mock.result) } };
			if (mock?.errorOutput) {
				const { error, cause } = mock.errorOutput;
				const caught = ((state.Catch ?? []) as Array<{ ErrorEquals: string[]; Next: string }>).find((c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes('States.ALL'));
				return { status: 200, body: caught ? { status: 'CAUGHT_ERROR', error, cause, nextState: caught.Next } : { status: 'FAILED', error, cause } };
			}
			if (typeof body.roleArn !== 'string') return validationError('roleArn is required when testing a Task state without a mock');
			return validationError('this stub calls no service: mock the Task state');
		}
		default:
			return validationError(`TestState does not support states of type ${String(state.Type)}`);
	}
}

function forward(target: string, request: http.IncomingMessage, text: string): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const { hostname, port } = new URL(target);
		const headers = { ...request.headers, host: `${hostname}:${port}` };
		const outgoing = http.request({ hostname, port, method: 'POST', path: request.url, headers }, (response) => {
			let answer = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (answer += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 500, body: JSON.parse(answer || '{}') as Record<string, unknown> }));
		});
		outgoing.once('error', reject);
		outgoing.end(text);
	});
}

export async function startValidateAndTestStateStub(options: { forwardTo?: string } = {}): Promise<ValidateAndTestStateStub> {
	const requests: StubRequest[] = [];
	const server = http.createServer((request, response) => {
		void (async () => {
			const text = await readBody(request);
			const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
			requests.push({ action, body });
			let reply: Reply;
			if (action === 'ValidateStateMachineDefinition') reply = validate(body);
			else if (action === 'TestState') reply = testState(body);
			else if (options.forwardTo) reply = await forward(options.forwardTo, request, text);
			else reply = { status: 400, body: { __type: 'UnknownOperationException', message: `the stub has no ${action}` } };
			response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify(reply.body));
		})().catch((error: Error) => {
			response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify({ __type: 'InternalFailure', message: error.message }));
		});
	});
	const port = await listen(server);
	return { endpoint: `http://127.0.0.1:${port}`, requests, stop: () => close(server) };
}
