/**
 * Failures on the way to AWS, before or instead of the service's own answer: a connection that failed, a
 * certificate Node.js does not trust, n8n's SSRF protection, and an answer a proxy or gateway gave in the
 * service's place. n8n applies the proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) itself and the node
 * may not read the environment, so only what the answer itself shows is worded, never the proxy's address.
 * A code such as ECONNREFUSED stays out of messages: n8n's NodeApiError replaces any message containing one
 * with its own generic text (the code is in the description's reference).
 */

export interface Wording {
	message: string;
	description: string;
}

const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	// The client's name for a failure n8n's HTTP layer reported without a code.
	'NetworkError',
]);

/** Node's codes for a certificate it does not trust (self-signed, private CA, expired, wrong host name). */
const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
]);

/** Codes the client gives an answer that is not the service's own, e.g. a proxy's or gateway's page. */
const NOT_SERVICE_ANSWER = new Set(['Unknown', 'UnknownError', 'SyntaxError']);

export function isNetworkCode(code: string): boolean {
	return NETWORK_CODES.has(code) || code === 'TimeoutError';
}

export function isTlsCode(code: string): boolean {
	return TLS_CODES.has(code);
}

/** A network failure in a few words, for messages that name the service themselves. */
export function networkFailure(code: string): string {
	if (code === 'ECONNREFUSED') return 'connection refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
	if (/TIMEDOUT|Timeout/i.test(code)) return 'no answer in time';
	return 'network error';
}

function refusedWording(endpoint: string): Wording {
	return {
		message: `Could not connect to ${endpoint}: connection refused`,
		description: "Nothing is listening there. Check the credential's Endpoint and that the Step Functions server is running.",
	};
}

function notFoundWording(endpoint: string): Wording {
	return {
		message: `Could not find the host of ${endpoint}`,
		description: "The host name does not resolve. Check the credential's Endpoint or Region, and this machine's DNS.",
	};
}

/**
 * A reset after the request went out: Step Functions may have carried it out. A repeatable request was sent again
 * (attempts > 1); one that could act twice (a start of unknown type, a publishing update) was sent once, and the
 * user must look before running it again.
 */
function resetWording(endpoint: string, attempts: number): Wording {
	return {
		message: `The connection to ${endpoint} was reset`,
		description:
			attempts > 1
				? `The server or something on the way (proxy, load balancer, firewall) closed the connection in the middle of the request. The node sent it ${attempts} times; check the network path to the endpoint and try again.`
				: 'The server or something on the way (proxy, load balancer, firewall) closed the connection in the middle of the request. It was not sent again: it may have reached Step Functions, and a repeat could act twice. Check whether it took effect before running it again, and check the network path to the endpoint.',
	};
}

function uncodedWording(endpoint: string): Wording {
	return {
		message: `The request to ${endpoint} failed on the network`,
		description: "n8n's HTTP layer reported no cause. Check the network path to the endpoint (proxy, firewall, VPC endpoint) and try again.",
	};
}

function timeoutWording(endpoint: string): Wording {
	return {
		message: `Step Functions at ${endpoint} did not answer in time`,
		description: 'The connection was lost or timed out. Check the network path to the endpoint (proxy, firewall, VPC endpoint) and try again.',
	};
}

function tlsWording(code: string, endpoint: string): Wording {
	return {
		message: `The TLS certificate of ${endpoint} is not trusted (${code})`,
		description:
			"The endpoint presents a certificate Node.js cannot verify: self-signed, from a private CA, expired or for another host name. Give n8n the CA certificate through the environment variable NODE_EXTRA_CA_CERTS=/path/to/ca.pem and restart n8n, or use the endpoint's proper host name.",
	};
}

/** A Step Functions request that failed on the connection or its certificate; undefined for any other code. */
export function connectionWording(code: string, endpoint: string, attempts = 1): Wording | undefined {
	if (isTlsCode(code)) return tlsWording(code, endpoint);
	if (!isNetworkCode(code)) return undefined;
	if (code === 'ECONNREFUSED') return refusedWording(endpoint);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return notFoundWording(endpoint);
	if (code === 'ECONNRESET' || code === 'EPIPE') return resetWording(endpoint, attempts);
	if (code === 'NetworkError') return uncodedWording(endpoint);
	return timeoutWording(endpoint);
}

/** "Step Functions'", "STS's". */
function possessive(service: string): string {
	return service.endsWith('s') ? `${service}'` : `${service}'s`;
}

/**
 * A request that something between n8n and the service stopped: n8n's SSRF protection before sending, a proxy
 * that wants a password (407), or a proxy or gateway whose own page came back instead of the service's answer.
 * `service` names the one that should have answered, e.g. "Step Functions" or "STS".
 */
export function interceptionWording(
	target: { service: string; endpoint: string },
	code: string,
	httpStatusCode: number | undefined,
): Wording | undefined {
	if (code === 'SsrfBlocked') {
		return {
			message: `n8n's SSRF protection blocked the request to ${target.endpoint}`,
			description:
				"n8n 2.x's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refused to send to a private or loopback address, such as a local emulator's or a VPC endpoint's; nothing was sent. The n8n administrator can allow the address with N8N_SSRF_ALLOWED_IP_RANGES or the host with N8N_SSRF_ALLOWED_HOSTNAMES.",
		};
	}
	if (httpStatusCode === 407) {
		return {
			message: `A proxy between n8n and ${target.endpoint} asks for a user name and password (HTTP 407)`,
			description:
				"n8n's environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) names the proxy: put the user name and password in that URL, e.g. HTTPS_PROXY=http://user:password@proxy:3128 (URL-encode special characters), and restart n8n.",
		};
	}
	if (httpStatusCode === undefined || !NOT_SERVICE_ANSWER.has(code)) return undefined;
	return {
		message: `The answer from ${target.endpoint} is not ${possessive(target.service)} (HTTP ${httpStatusCode})`,
		description:
			"A proxy or gateway in between (n8n's HTTPS_PROXY or HTTP_PROXY) may have answered instead: check its rules (the host and port must be allowed) and its log, or exempt the host with NO_PROXY.",
	};
}
