import nock from 'nock';

/**
 * Fakes AWS's Step Functions endpoints at the HTTP level with nock (answers only: nock's injected network
 * errors can raise an unhandled error event in a later suite of the same worker, so network failures are made
 * with loopback servers or at n8n's HTTP helper), as n8n's own node tests fake services:
 * requests leave through the node's real client, the credential's signature and n8n's HTTP stand-in
 * (test/helpers/n8nHttp.ts), and are answered in AWS JSON 1.0 as the service does: a JSON body with HTTP 200,
 * or `{"__type": code, "message"}` with HTTP 400 (500 for server faults). Dates in answers are sent as epoch
 * seconds, as AWS sends them.
 */

export interface SfnCall {
	method: string;
	path: string;
	action: string;
	input: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
	host: string;
}

type Reply =
	| { kind: 'answer'; status: number; body: unknown; headers?: Record<string, string> }
	| { kind: 'fake'; answer: (input: Record<string, unknown>) => unknown };

/** What a callsFake function returns: the answer's body, or a promise of it (to answer late). */
type FakeAnswer = (input: Record<string, unknown>) => unknown;

interface ActionMock {
	/** Every later call answers with this body */
	resolves(body?: unknown): ActionMock;
	/** The next call answers with this body; later calls fall back to the persistent answer */
	resolvesOnce(body?: unknown): ActionMock;
	/** Every later call fails with this AWS error code */
	rejects(code: string, message?: string, status?: number, headers?: Record<string, string>): ActionMock;
	rejectsOnce(code: string, message?: string, status?: number, headers?: Record<string, string>): ActionMock;
	/** Answers with what the function returns (or resolves to) for the request's input; a thrown AwsFault becomes its error */
	callsFake(answer: FakeAnswer): ActionMock;
}

/** Thrown by a callsFake function: becomes an AWS error answer. */
export class AwsFault extends Error {
	constructor(
		readonly code: string,
		message = '',
		readonly status = 400,
	) {
		super(message);
	}
}

/** AWS's hosts of every partition, the sync- host included. */
const AWS_HOSTS = /^https:\/\/(sync-)?states\.[a-z0-9-]+\.amazonaws\.(com|com\.cn|eu)(:443)?$/;

function wireBody(body: unknown): string {
	return JSON.stringify(body ?? {}, function (this: Record<string, unknown>, key: string, value: unknown) {
		const raw = this[key];
		return raw instanceof Date ? raw.getTime() / 1000 : value;
	});
}

export interface SfnMock {
	on(action: string): ActionMock;
	/** Every call received, in order */
	calls(): SfnCall[];
	/** The inputs of one action's calls, in order */
	commandCalls(action: string): Array<Record<string, unknown>>;
	/** Forgets the answers and the calls */
	reset(): void;
	/** Stops intercepting */
	restore(): void;
}

export function mockStepFunctions(host: string | RegExp = AWS_HOSTS): SfnMock {
	// An earlier suite's restore() detached nock from Node's http module.
	if (!nock.isActive()) nock.activate();
	const persistent = new Map<string, Reply>();
	const once = new Map<string, Reply[]>();
	const received: SfnCall[] = [];
	const scope = nock(host)
		.persist()
		.post(/.*/)
		.reply(function (uri, requestBody, callback) {
			const action = String(this.req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
			const input = (typeof requestBody === 'string' ? (requestBody ? JSON.parse(requestBody) : {}) : (requestBody ?? {})) as Record<string, unknown>;
			received.push({ method: this.req.method, path: uri, action, input, headers: this.req.headers, host: String(this.req.headers.host) });
			const reply = once.get(action)?.shift() ?? persistent.get(action);
			const json = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${received.length}` };
			if (!reply) {
				callback(null, [400, wireBody({ __type: 'UnknownOperationException', message: `no answer set for ${action}` }), json]);
				return;
			}
			if (reply.kind === 'fake') {
				const answerFault = (error: unknown) => {
					if (!(error instanceof AwsFault)) throw error;
					callback(null, [error.status, wireBody({ __type: error.code, message: error.message }), json]);
				};
				try {
					Promise.resolve(reply.answer(input)).then((body) => callback(null, [200, wireBody(body), json]), answerFault);
				} catch (error) {
					answerFault(error);
				}
				return;
			}
			callback(null, [reply.status, wireBody(reply.body), { ...json, ...reply.headers }]);
		});

	const queue = (action: string, reply: Reply) => {
		const list = once.get(action) ?? [];
		list.push(reply);
		once.set(action, list);
	};
	const fault = (code: string, message = '', status = code.startsWith('Internal') || code === 'ServiceUnavailable' ? 500 : 400, headers?: Record<string, string>): Reply => ({
		kind: 'answer',
		status,
		body: { __type: code, message },
		headers,
	});

	return {
		on(action: string): ActionMock {
			const mock: ActionMock = {
				resolves: (body) => (persistent.set(action, { kind: 'answer', status: 200, body }), mock),
				resolvesOnce: (body) => (queue(action, { kind: 'answer', status: 200, body }), mock),
				rejects: (code, message, status, headers) => (persistent.set(action, fault(code, message, status, headers)), mock),
				rejectsOnce: (code, message, status, headers) => (queue(action, fault(code, message, status, headers)), mock),
				callsFake: (answer) => (persistent.set(action, { kind: 'fake', answer }), mock),
			};
			return mock;
		},
		calls: () => [...received],
		commandCalls: (action) => received.filter((call) => call.action === action).map((call) => call.input),
		reset() {
			persistent.clear();
			once.clear();
			received.length = 0;
		},
		restore() {
			scope.persist(false);
			nock.cleanAll();
			// Detaches nock from Node's http module, so a later suite in this worker sends for real.
			nock.restore();
		},
	};
}

/**
 * For the suite (or describe block) it is called in: AWS's hosts faked, nothing but loopback reachable, undone
 * after the suite; reset() between tests is the suite's own choice.
 */
export function mockStepFunctionsInSuite(): SfnMock {
	let mock: SfnMock | undefined;
	beforeAll(() => {
		nock.disableNetConnect();
		nock.enableNetConnect('127.0.0.1');
		mock = mockStepFunctions();
	});
	afterAll(() => {
		mock?.restore();
		nock.enableNetConnect();
	});
	const current = (): SfnMock => {
		if (!mock) throw new Error('the Step Functions mock is used outside its suite');
		return mock;
	};
	return {
		on: (action) => current().on(action),
		calls: () => current().calls(),
		commandCalls: (action) => current().commandCalls(action),
		reset: () => current().reset(),
		restore: () => current().restore(),
	};
}
