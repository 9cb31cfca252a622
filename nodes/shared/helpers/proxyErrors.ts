/**
 * Wording shared by Step Functions and STS requests that went through the n8n process's proxy, and network
 * failures in words. A code such as ECONNREFUSED stays out of messages: n8n's NodeApiError replaces any message
 * containing one with its own generic text (the code is in the description's reference).
 */

export interface ProxyWording {
	message: string;
	description: string;
}

/** Codes the SDK gives an answer that is not the service's own, e.g. a proxy's refusal page. */
const NOT_SERVICE_ANSWER = new Set(['Unknown', 'UnknownError', 'SyntaxError']);

export function networkFailure(code: string): string {
	if (code === 'ECONNREFUSED') return 'connection refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
	if (/TIMEDOUT|Timeout/i.test(code)) return 'no answer in time';
	return 'network error';
}

export function viaProxy(endpoint: string, proxy: string): string {
	return `n8n's environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) sends requests for ${endpoint} through the proxy ${proxy}.`;
}

/**
 * A proxy that answered the request itself: it asked for a password (407) or refused to forward it (its own
 * page instead of the service's answer). `to` names the service in the message when it is not Step Functions.
 */
export function proxyRefusal(
	service: { name: string; to: string; endpoint: string },
	proxy: string,
	code: string,
	httpStatusCode: number | undefined,
): ProxyWording | undefined {
	const via = viaProxy(service.endpoint, proxy);
	if (httpStatusCode === 407) {
		return {
			message: `The proxy ${proxy} asks for a user name and password (HTTP 407)`,
			description: `${via} Put them in the proxy URL of the n8n process's environment, e.g. HTTPS_PROXY=http://user:password@proxy:3128 (URL-encode special characters), and restart n8n.`,
		};
	}
	if (!NOT_SERVICE_ANSWER.has(code)) return undefined;
	return {
		message: `The proxy ${proxy} refused or could not forward the request${service.to} (HTTP ${httpStatusCode ?? 'status unknown'})`,
		description: `${via} Its answer is not ${service.name}'s: check the proxy's rules (the host and port must be allowed) and its log, or exempt the host with NO_PROXY.`,
	};
}
