import {
	everyText,
	isolatedAwsEnv,
	runNodeInPlainNode,
	selfSignedCertificate,
	startCountingProxy,
	startSignedSfnStub,
} from '../helpers/awsStandIns';
import type { CountingProxy, SfnStub } from '../helpers/awsStandIns';
import { closedLoopbackPort } from '../helpers/stubStepFunctions';

/**
 * Proxies for https:// endpoints: a CONNECT tunnel through the proxy of HTTPS_PROXY, TLS inside it to a
 * Step Functions stand-in with a self-signed certificate that the n8n process trusts through
 * NODE_EXTRA_CA_CERTS. Node reads that variable at start only, so each case runs the node (and then the
 * credential test) in a plain Node.js process of its own, as n8n runs it.
 */
const KEYS = { accessKeyId: 'AKIATUNNELTEST000001', secretAccessKey: 'tunnel-test-secret-key' };
const PROXY_USER = 'tunnel-user';
const PROXY_PASSWORD = 'tunnel-P@ss:w0rd';

let certificate: ReturnType<typeof selfSignedCertificate>;
let sfn: SfnStub;
let proxy: CountingProxy | undefined;
let isolated: Record<string, string | undefined>;

beforeAll(() => {
	certificate = selfSignedCertificate();
});
afterAll(() => certificate.remove());

beforeEach(async () => {
	sfn = await startSignedSfnStub({ delayMs: 40, tls: { key: certificate.key, cert: certificate.cert } });
	// The child's environment: nothing of this machine's AWS or proxy settings, the test CA trusted.
	isolated = { ...isolatedAwsEnv(await closedLoopbackPort()), NODE_EXTRA_CA_CERTS: certificate.certFile };
});
afterEach(async () => {
	await sfn.stop();
	await proxy?.stop();
	proxy = undefined;
});

/**
 * Through the proxy the endpoint is named by host name, as AWS endpoints are (the proxy forwards "localhost" to
 * 127.0.0.1 without a look-up). An IP address would not do: https-proxy-agent then checks the certificate
 * against "localhost" instead of the address (it sends no server name for IP hosts).
 */
function viaName(endpoint: string): string {
	return endpoint.replace('127.0.0.1', 'localhost');
}

function credentials(endpoint: string) {
	return { region: 'us-east-1', ...KEYS, customEndpoint: true, endpoint };
}

function heartbeats(count: number, maxConcurrency: number) {
	return Array.from({ length: count }, (_, index) => ({
		resource: 'task',
		operation: 'sendTaskHeartbeat',
		taskToken: `token-${index}`,
		requestOptions: { maxConcurrency, retryAttempts: 0 },
	}));
}

function run(
	env: Record<string, string | undefined>,
	items = heartbeats(1, 1),
	runs = 1,
	onError: 'stopWorkflow' | 'continueRegularOutput' = 'stopWorkflow',
	endpoint = viaName(sfn.endpoint),
) {
	return runNodeInPlainNode({ credentials: credentials(endpoint), items, onError, env: { ...isolated, ...env }, runs });
}

it('HTTPS_PROXY: TLS through CONNECT tunnels, kept alive for the run, at most Max Concurrent Requests of them', async () => {
	proxy = await startCountingProxy();
	const port = new URL(sfn.endpoint).port;
	const node = await runNodeInPlainNode({
		credentials: credentials(viaName(sfn.endpoint)),
		items: heartbeats(12, 2),
		onError: 'stopWorkflow',
		env: { ...isolated, HTTPS_PROXY: proxy.url },
		credentialTest: false,
	});
	expect(node.runs[0].items).toHaveLength(12);
	expect(sfn.requests).toHaveLength(12);
	for (const request of sfn.requests) expect(request.signedBy).toBe(KEYS.accessKeyId);
	expect(sfn.maxInFlight).toBe(2);
	// Twelve requests through two tunnels, each opened once and kept alive
	expect(proxy.connects).toEqual([`localhost:${port}`, `localhost:${port}`]);
	expect(proxy.maxOpenConnections).toBe(2);
	expect(proxy.forwarded).toEqual([]);

	const tested = await run({ HTTPS_PROXY: proxy.url }, [], 0);
	expect(tested.credentialTest).toEqual({ status: 'OK', message: `Connected to Step Functions at ${viaName(sfn.endpoint)}` });
	expect(sfn.requests.at(-1)?.action).toBe('ListStateMachines');
	expect(proxy.connects).toHaveLength(3);
});

it('NO_PROXY exempts the https endpoint: the proxy sees nothing', async () => {
	proxy = await startCountingProxy();
	const result = await run({ HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }, heartbeats(1, 1), 1, 'stopWorkflow', sfn.endpoint);
	expect(result.runs[0].items).toHaveLength(1);
	expect(proxy.connections).toBe(0);
	expect(sfn.requests).toHaveLength(2);
});

it('a proxy that asks for a password (407 to CONNECT): named; with user and password in the URL it works and never shows them', async () => {
	proxy = await startCountingProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
	const refused = await run({ HTTPS_PROXY: proxy.url }, heartbeats(1, 1), 1, 'continueRegularOutput');
	expect(refused.runs[0].items?.[0].error).toBe(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
	expect(refused.credentialTest.message).toContain(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
	expect(sfn.requests).toHaveLength(0);

	const withPassword = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${proxy.port}`;
	const accepted = await run({ https_proxy: withPassword });
	expect(accepted.runs[0].items).toHaveLength(1);
	expect(accepted.credentialTest.status).toBe('OK');
	expect(proxy.proxyAuthorizations).toContain(`Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`);

	const wrong = `http://${PROXY_USER}:not-${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${proxy.port}`;
	const wrongRun = await run({ HTTPS_PROXY: wrong });
	expect(wrongRun.runs[0].error?.message).toBe(`The proxy ${proxy.url} asks for a user name and password (HTTP 407)`);
	const text = everyText(wrongRun);
	for (const secret of [PROXY_USER, PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), Buffer.from(`${PROXY_USER}:not-${PROXY_PASSWORD}`).toString('base64')]) {
		expect(text).not.toContain(secret);
	}
});

it.each([502, 403])('a proxy that answers CONNECT with %d is named, not taken for an answer of Step Functions', async (status) => {
	proxy = await startCountingProxy({ refuseConnect: status });
	const result = await run({ HTTPS_PROXY: proxy.url });
	expect(result.runs[0].error?.message).toBe(`The proxy ${proxy.url} refused or could not forward the request (HTTP ${status})`);
	expect(String(result.runs[0].error?.description)).toMatch(/NO_PROXY/);
	expect(result.credentialTest.message).toContain(`The proxy ${proxy.url} refused or could not forward the request`);
	expect(proxy.connects.length).toBeGreaterThan(0);
	expect(sfn.requests).toHaveLength(0);
});

it('a proxy that cannot be reached is named, without its password', async () => {
	const port = await closedLoopbackPort();
	const result = await run({ HTTPS_PROXY: `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${port}` });
	expect(result.runs[0].error?.message).toBe(`Could not reach the proxy http://127.0.0.1:${port}: connection refused`);
	expect(result.credentialTest.message).toContain(`Could not reach the proxy http://127.0.0.1:${port}`);
	expect(everyText(result)).not.toContain(PROXY_PASSWORD);
	expect(everyText(result)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
	expect(sfn.requests).toHaveLength(0);
});
