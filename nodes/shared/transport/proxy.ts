import * as http from 'http';
import * as https from 'https';

import { loadProxyLibraries } from './sdk';

/**
 * Requests to AWS go through the proxy the n8n process's environment names, as n8n's own requests do:
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (upper or lower case) and NO_PROXY, read with proxy-from-env (the rules
 * n8n uses). An https endpoint is reached through a CONNECT tunnel (https-proxy-agent), an http endpoint
 * through absolute-form requests to the proxy (http-proxy-agent). Both keep connections alive, at most
 * `maxSockets` at a time, like the direct agents.
 */

/** The variables proxy-from-env reads; the proxy libraries are loaded only when one of them is set. */
const PROXY_VARIABLES = [
	'https_proxy',
	'HTTPS_PROXY',
	'http_proxy',
	'HTTP_PROXY',
	'all_proxy',
	'ALL_PROXY',
	'npm_config_https_proxy',
	'npm_config_http_proxy',
	'npm_config_proxy',
];

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

function anyProxyVariableSet(): boolean {
	return PROXY_VARIABLES.some((name) => (process.env[name] ?? '').trim() !== '');
}

/** A proxy URL as messages show it: no user name or password. */
export function proxyLabel(proxyUrl: string): string {
	try {
		const url = new URL(proxyUrl);
		return `${url.protocol}//${url.host}`;
	} catch {
		return 'the configured proxy';
	}
}

function proxySecrets(proxyUrl: string): string[] {
	try {
		const { username, password } = new URL(proxyUrl);
		return [username, password].filter((part) => part !== '').flatMap((part) => [part, decodeURIComponent(part)]);
	} catch {
		return [];
	}
}

/**
 * The agents for requests to `endpointUrl` (the Step Functions or STS endpoint a client talks to): through
 * the environment's proxy unless NO_PROXY exempts that host, straight otherwise.
 */
export async function routeTo(endpointUrl: string, options: AgentOptions): Promise<Route> {
	const direct = { http: new http.Agent(options), https: new https.Agent(options) };
	if (!anyProxyVariableSet()) return { ...direct, proxySecrets: [] };
	const { HttpsProxyAgent, HttpProxyAgent, getProxyForUrl } = await loadProxyLibraries();
	const proxyUrl = getProxyForUrl(endpointUrl);
	if (!proxyUrl) return { ...direct, proxySecrets: [] };
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
		proxySecrets: proxySecrets(proxyUrl),
	};
}
