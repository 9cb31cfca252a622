/**
 * Every text that comes from outside the node (AWS error messages, Node and n8n error messages, URLs) passes
 * through a scrubber before it reaches a message, a description, an error's details, an item or a log.
 * AWS signature errors quote the canonical request they computed, `x-amz-security-token:<token>` and the
 * `Authorization` header included, and an endpoint URL may carry user:password.
 */
export type Scrub = (text: string) => string;

const HIDDEN = '***';

/** Header and query values that carry credentials, in the forms AWS and the SDK quote them. */
const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
	// x-amz-security-token:<token> (canonical request), X-Amz-Security-Token=<token> (query), quoted forms
	[/(x-amz-security-token["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, `$1${HIDDEN}`],
	// Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=... (to the end of the line)
	[/(authorization["']?\s*[:=]\s*["']?)[^\n"']+/gi, `$1${HIDDEN}`],
	[/((?:X-Amz-)?Signature=)[0-9a-zA-Z+/=]+/gi, `$1${HIDDEN}`],
	[/((?:X-Amz-)?Credential=)[^\s&,"']+/gi, `$1${HIDDEN}`],
	// A signature alone (64 hexadecimal digits), e.g. echoed in an error code
	[/\b[0-9a-fA-F]{64}\b/g, HIDDEN],
	// user:password@ in URLs
	[/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s]*@/gi, `$1${HIDDEN}@`],
];

/**
 * A scrubber that also removes the given secrets (the credential's secret key, session token, external id)
 * wherever they appear, whole. Secrets shorter than 4 characters are not searched for: they would blank out
 * ordinary words, and no real AWS secret is that short.
 */
export function secretScrubber(secrets: ReadonlyArray<string | undefined>): Scrub {
	const given = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
	// Each secret also as a URL query quotes it and as JSON escapes it ("/" as "\/").
	const forms = given.flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')]);
	const literal = [...new Set(forms)]
		// Longest first, so a secret that contains another is removed whole.
		.sort((a, b) => b.length - a.length);
	return (text: string) => {
		let scrubbed = text;
		for (const secret of literal) scrubbed = scrubbed.split(secret).join(HIDDEN);
		for (const [pattern, replacement] of CREDENTIAL_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
		return scrubbed;
	};
}
