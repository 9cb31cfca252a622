import * as http from 'http';
import type { AddressInfo } from 'net';

import { readBody } from './awsStandIns';
import { startMoto } from '../support/moto';
import type { Moto } from '../support/moto';

/**
 * moto, a real and independently written Step Functions server, behind a loopback front that answers the
 * four actions moto 5.2 lacks (its answer to them is an HTML 404 page). Everything else reaches moto as sent,
 * signature included. The front stands for AWS as the API model and AWS's documentation describe it:
 * - PublishStateMachineVersion: publishes the machine's current revision as its next version. moto can
 *   publish only through UpdateStateMachine with `publish: true`, so the front sends that to moto (with the
 *   current definition, changing nothing) and answers with the version moto made: the version is then real to moto's aliases.
 *   A stale `revisionId` is refused with ConflictException, as AWS does.
 * - ListStateMachineVersions: the versions published so far through the front (Create, Update, Publish),
 *   newest first, as AWS lists them; DeleteStateMachineVersion takes a version off that list, and refuses
 *   (ConflictException) while an alias made through the front routes to it.
 * - ValidateStateMachineDefinition: result FAIL with an ERROR diagnostic for a definition that is not JSON or
 *   lacks StartAt/States, else OK with no diagnostics (AWS's checks are far richer; the deployment workflow
 *   only needs OK and FAIL).
 * Every request is recorded (action and body), so a test can assert exactly what a workflow sent.
 */
export interface FrontRequest {
	action: string;
	body: Record<string, unknown>;
	authorization: string;
}

export interface MotoFront {
	endpoint: string;
	requests: FrontRequest[];
	/** Sends one action straight to moto (test set-up), unsigned checks aside: moto ignores signatures. */
	send(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
	stop(): Promise<void>;
}

interface Reply {
	status: number;
	body: Record<string, unknown>;
}

const awsError = (code: string, message: string): Reply => ({ status: 400, body: { __type: code, message } });

/** executeStateMachines: let moto run executions (it runs one per server; Distributed Map states make Map Runs). */
export async function startMotoFront(options: { executeStateMachines?: boolean } = {}): Promise<MotoFront> {
	const moto: Moto = await startMoto(options);
	const requests: FrontRequest[] = [];
	const versions = new Map<string, Array<{ stateMachineVersionArn: string; creationDate: number }>>();
	const routedBy = new Map<string, Set<string>>();

	const toMoto = (action: string, text: string, headers: http.IncomingHttpHeaders = {}): Promise<{ status: number; text: string }> =>
		new Promise((resolve, reject) => {
			const { hostname, port } = new URL(moto.endpoint);
			const forwarded = { ...headers, host: `${hostname}:${port}`, 'x-amz-target': `AWSStepFunctions.${action}`, 'content-length': String(Buffer.byteLength(text)) };
			const request = http.request({ hostname, port, method: 'POST', path: '/', headers: forwarded }, (response) => {
				let answer = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (answer += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 500, text: answer }));
			});
			request.once('error', reject);
			request.end(text);
		});
	// moto picks the service and region from the Authorization header's scope (and ignores the signature).
	const frontScope = 'AWS4-HMAC-SHA256 Credential=AKIAMOTOFRONT/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0';
	const motoJson = async (action: string, body: Record<string, unknown>) => {
		const answer = await toMoto(action, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.0', authorization: frontScope });
		const parsed = JSON.parse(answer.text || '{}') as Record<string, unknown>;
		if (answer.status >= 300) throw Object.assign(new Error(String(parsed.message)), { status: answer.status, body: parsed });
		return parsed;
	};

	const remember = (machineArn: string, versionArn: unknown) => {
		if (typeof versionArn !== 'string') return;
		const list = versions.get(machineArn) ?? [];
		list.unshift({ stateMachineVersionArn: versionArn, creationDate: Date.now() / 1000 });
		versions.set(machineArn, list);
	};
	const machineOf = (versionArn: string) => versionArn.replace(/:[0-9]+$/, '');
	const routes = (body: Record<string, unknown>) =>
		((body.routingConfiguration as Array<{ stateMachineVersionArn: string }> | undefined) ?? []).map((route) => route.stateMachineVersionArn);

	const standIns: Record<string, (body: Record<string, unknown>) => Promise<Reply>> = {
		async PublishStateMachineVersion(body) {
			const stateMachineArn = String(body.stateMachineArn);
			const current = await motoJson('DescribeStateMachine', { stateMachineArn }).catch(() => undefined);
			if (!current) return awsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
			if (body.revisionId !== undefined && body.revisionId !== current.revisionId) {
				return awsError('ConflictException', `Failed to publish the State Machine version for revision ${String(body.revisionId)}. The current State Machine revision is ${String(current.revisionId)}.`);
			}
			// The current definition again: moto's executing backend refuses an update that names no setting.
			const updated = await motoJson('UpdateStateMachine', { stateMachineArn, definition: current.definition, publish: true, versionDescription: body.description });
			remember(stateMachineArn, updated.stateMachineVersionArn);
			return { status: 200, body: { stateMachineVersionArn: updated.stateMachineVersionArn, creationDate: Date.now() / 1000 } };
		},
		async ListStateMachineVersions(body) {
			return { status: 200, body: { stateMachineVersions: versions.get(String(body.stateMachineArn)) ?? [] } };
		},
		async DeleteStateMachineVersion(body) {
			const versionArn = String(body.stateMachineVersionArn);
			const aliases = [...routedBy.entries()].filter(([, routed]) => routed.has(versionArn)).map(([alias]) => alias);
			if (aliases.length) {
				return awsError('ConflictException', `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${aliases.join(', ')}]`);
			}
			const list = versions.get(machineOf(versionArn)) ?? [];
			versions.set(machineOf(versionArn), list.filter((entry) => entry.stateMachineVersionArn !== versionArn));
			return { status: 200, body: {} };
		},
		async ValidateStateMachineDefinition(body) {
			let definition: Record<string, unknown> | undefined;
			try {
				definition = JSON.parse(String(body.definition)) as Record<string, unknown>;
			} catch (error) {
				return { status: 200, body: { result: 'FAIL', truncated: false, diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `Definition is not valid JSON: ${(error as Error).message}` }] } };
			}
			const missing = ['StartAt', 'States'].filter((field) => definition?.[field] === undefined);
			const diagnostics = missing.map((field) => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: `The field "${field}" is required but was missing`, location: '/' }));
			return { status: 200, body: { result: diagnostics.length ? 'FAIL' : 'OK', truncated: false, diagnostics } };
		},
	};

	const server = http.createServer((request, response) => {
		void (async () => {
			const text = await readBody(request);
			const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
			requests.push({ action, body, authorization: String(request.headers.authorization ?? '') });
			let reply: Reply;
			if (standIns[action]) {
				reply = await standIns[action](body);
			} else {
				const answer = await toMoto(action, text, request.headers);
				reply = { status: answer.status, body: JSON.parse(answer.text || '{}') as Record<string, unknown> };
				if (answer.status === 200 && (action === 'CreateStateMachine' || action === 'UpdateStateMachine')) {
					remember(String(reply.body.stateMachineArn ?? body.stateMachineArn), reply.body.stateMachineVersionArn);
				}
				if (answer.status === 200 && (action === 'CreateStateMachineAlias' || action === 'UpdateStateMachineAlias')) {
					const aliasArn = String(reply.body.stateMachineAliasArn ?? body.stateMachineAliasArn);
					if (body.routingConfiguration) routedBy.set(aliasArn, new Set(routes(body)));
				}
				if (answer.status === 200 && action === 'DeleteStateMachineAlias') routedBy.delete(String(body.stateMachineAliasArn));
			}
			response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify(reply.body));
		})().catch((error: Error) => {
			response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
			response.end(JSON.stringify({ __type: 'InternalFailure', message: error.message }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		requests,
		send: motoJson,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await moto.stop();
		},
	};
}
