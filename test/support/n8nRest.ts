import * as http from 'http';

/**
 * The editor's REST API of a running `n8n start` on loopback, as the editor calls it: the owner account is set up
 * (or signed in to), then workflows are deactivated as the editor's Active/Publish toggle does
 * (POST /rest/workflows/<id>/deactivate, in 1.123.x and 2.40.x alike).
 */
const OWNER = { email: 'e2e-owner@example.com', password: 'E2eOwner12345', firstName: 'E2e', lastName: 'Owner' };

export interface RestAnswer {
	status: number;
	body: string;
	headers: http.IncomingHttpHeaders;
}

export function restRequest(method: string, url: string, options: { body?: unknown; cookie?: string; timeoutMs?: number } = {}): Promise<RestAnswer> {
	return new Promise((resolve, reject) => {
		const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
		const headers = { ...(payload ? { 'content-type': 'application/json' } : {}), ...(options.cookie ? { cookie: options.cookie } : {}) };
		const outgoing = http.request(url, { method, headers }, (response) => {
			let text = '';
			response.on('data', (chunk) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }));
		});
		outgoing.on('error', reject);
		outgoing.setTimeout(options.timeoutMs ?? 60_000, () => outgoing.destroy(new Error(`${method} ${url}: no answer in time`)));
		outgoing.end(payload);
	});
}

/** Sets the owner account up on a fresh instance (or signs in); returns the session cookie. */
export async function signIn(base: string): Promise<string> {
	let answer = await restRequest('POST', `${base}/rest/owner/setup`, { body: OWNER });
	if (answer.status !== 200) {
		answer = await restRequest('POST', `${base}/rest/login`, {
			body: { email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
	}
	if (answer.status !== 200) throw new Error(`could not sign in to n8n at ${base}: HTTP ${answer.status} ${answer.body.slice(0, 500)}`);
	const cookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
	return cookies.map((cookie) => cookie.split(';')[0]).join('; ');
}

export interface Deactivation {
	answer: RestAnswer;
	/** From the request until n8n had removed the workflow's triggers (awaiting their closeFunction) */
	tookMs: number;
	/** How n8n removed them: while answering the request (1.x), or afterwards through its publication outbox (2.x) */
	removedBy: 'the request' | 'the publication outbox';
}

/**
 * Deactivates (2.x: unpublishes) a workflow and measures until n8n has removed its triggers. n8n 1.123.x removes
 * them (awaiting each trigger's closeFunction) before it answers the request. n8n 2.40.x by default
 * (N8N_USE_WORKFLOW_PUBLICATION_SERVICE) only records the deactivation and enqueues it: its publication outbox
 * removes the triggers afterwards, and GET /rest/workflows/<id>/publication-status says "in_progress" until that is
 * done and "not_published" once no trigger of the workflow is left; that is polled every 50 ms.
 */
export async function deactivateWorkflow(base: string, cookie: string, workflowId: string, timeoutMs = 60_000): Promise<Deactivation> {
	const started = Date.now();
	const answer = await restRequest('POST', `${base}/rest/workflows/${workflowId}/deactivate`, { body: {}, cookie, timeoutMs });
	if (answer.status !== 200) return { answer, tookMs: Date.now() - started, removedBy: 'the request' };
	const statusUrl = `${base}/rest/workflows/${workflowId}/publication-status`;
	for (let polls = 0; ; polls++) {
		const status = await restRequest('GET', statusUrl, { cookie });
		// 1.x has no publication service (404): the request itself removed the triggers.
		if (status.status === 404 && polls === 0) return { answer, tookMs: Date.now() - started, removedBy: 'the request' };
		if (status.status !== 200) throw new Error(`${statusUrl}: HTTP ${status.status} ${status.body.slice(0, 300)}`);
		const { data } = JSON.parse(status.body) as { data: { status: string; triggers: unknown[] } };
		if (data.status === 'not_published' && data.triggers.length === 0) {
			return { answer, tookMs: Date.now() - started, removedBy: 'the publication outbox' };
		}
		if (Date.now() - started > timeoutMs) throw new Error(`${workflowId} still "${data.status}" ${timeoutMs} ms after its deactivation`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
