import * as http from 'http';
import * as https from 'https';

import { proxySettingProblem } from '../helpers/errors';

import { loadProxyLibraries } from './sdk';

/**
 * Requests to AWS go through the proxy the n8n process's environment names, as n8n's own requests do:
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (upper or lower case) and NO_PROXY, read with proxy-from-env (the rules
 * n8n uses). An https endpoint is reached through a CONNECT tunnel (https-proxy-agent), an http endpoint
 * through absolute-form requests to the proxy (http-proxy-agent). Both keep connections alive, at most
 * `maxSockets` at a time, like the direct agents.
 */

export interface AgentOptions {
	keepAlive: boolean;
	maxSockets?: number;
}

/** The agents a client sends through, and the proxy they use (for messages), if any. */
export interface Route {
	http: http.Agent;
	https: https.Agent;
	/** The proxy's URL without user info, e.g. http://proxy.internal:3128, when requests go through one */
	proxy?: string;
	/** The proxy's user name and password, to keep out of every message */
	proxySecrets: string[];
}

/** Whether the environment names a proxy at all: the proxy libraries are loaded only then. */
function anyProxyVariableSet(): boolean {
	return proxyVariable('https') !== undefined || proxyVariable('http') !== undefined;
}

/** A proxy URL as messages show it: no user name or password. */
function proxyLabel(proxyUrl: string): string {
	try {
		const url = new URL(proxyUrl);
		return `${url.protocol}//${url.host}`;
	} catch {
		return 'the configured proxy';
	}
}

/** A user name or password as the URL holds it (percent-encoded), decoded, and as sent (Basic, base64). */
function proxySecrets(url: URL): string[] {
	const { username, password } = url;
	const decoded = [username, password].map((part) => decodeURIComponent(part));
	const basic = username || password ? [Buffer.from(`${decoded[0]}:${decoded[1]}`).toString('base64')] : [];
	return [...[username, password, ...decoded].filter((part) => part !== ''), ...basic];
}

/**
 * The variable proxy-from-env took the proxy from for a request of this protocol (its order: npm_config_*,
 * then <proto>_proxy, npm_config_proxy, all_proxy; lower case before upper case), for messages.
 */
function proxyVariable(protocol: string): { name: string; value: string } | undefined {
	for (const base of [`npm_config_${protocol}_proxy`, `${protocol}_proxy`, 'npm_config_proxy', 'all_proxy']) {
		for (const name of [base.toLowerCase(), base.toUpperCase()]) {
			const value = process.env[name];
			if (value) return { name, value };
		}
	}
	return undefined;
}

/** A proxy setting the node cannot use, found before anything is sent; its message never holds the URL's user info. */
export class ProxySettingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ProxySettingError';
	}
}

/** Whether a URL's user name or password is well percent-encoded (the agents decode it). */
function decodes(part: string): boolean {
	try {
		decodeURIComponent(part);
		return true;
	} catch {
		return false;
	}
}

/**
 * The proxy URL, checked: a URL without a scheme is an http:// proxy (as curl takes it; proxy-from-env would
 * give it the endpoint's scheme, and so speak TLS to a plain proxy); only http:// and https:// proxies are
 * spoken to (the agents would send HTTP to a SOCKS proxy).
 */
function checkedProxyUrl(selected: string, endpointProtocol: string): { url: URL; text: string } {
	const variable = proxyVariable(endpointProtocol);
	const name = variable?.name ?? 'HTTPS_PROXY, HTTP_PROXY or ALL_PROXY';
	const text = variable && !variable.value.includes('://') ? `http://${variable.value.trim()}` : selected.trim();
	const url = URL.canParse(text) ? new URL(text) : undefined;
	const fault = !url
		? ({ kind: 'notUrl' } as const)
		: url.protocol !== 'http:' && url.protocol !== 'https:'
			? ({ kind: 'scheme', scheme: url.protocol.replace(/:$/, '') } as const)
			: !decodes(url.username) || !decodes(url.password)
				? ({ kind: 'escape' } as const)
				: undefined;
	// Transport has no node: sessionFromCredential and the credential test turn this into a NodeOperationError or a test result.
	if (fault || !url) throw new ProxySettingError(proxySettingProblem(name, fault ?? { kind: 'notUrl' }));
	return { url, text };
}

/**
 * The agents for requests to `endpointUrl` (the Step Functions or STS endpoint a client talks to): through
 * the environment's proxy unless NO_PROXY exempts that host, straight otherwise.
 */
export async function routeTo(endpointUrl: string, options: AgentOptions): Promise<Route> {
	const direct = { http: new http.Agent(options), https: new https.Agent(options) };
	if (!anyProxyVariableSet()) return { ...direct, proxySecrets: [] };
	const { HttpsProxyAgent, HttpProxyAgent, getProxyForUrl } = await loadProxyLibraries();
	const selected = getProxyForUrl(endpointUrl);
	if (!selected) return { ...direct, proxySecrets: [] };
	const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(endpointUrl)?.[1].toLowerCase() ?? 'https';
	const { url, text: proxyUrl } = checkedProxyUrl(selected, protocol);
	// Both agents go through the proxy: a custom endpoint is either http or https, AWS's own is https.
	const tunnels = new HttpsProxyAgent(proxyUrl, options);
	// agent-base tells http from https by the call stack when the request names no protocol (the SDK's do
	// not): "https" while a request queues, "http" when its socket is made, so the two pool names differ and
	// no tunnel was ever reused nor maxSockets kept. This agent carries https requests only.
	tunnels.isSecureEndpoint = () => true;
	return {
		http: new HttpProxyAgent(proxyUrl, options),
		https: tunnels,
		proxy: proxyLabel(proxyUrl),
		proxySecrets: proxySecrets(url),
	};
}
