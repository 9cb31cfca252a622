/**
 * AWS Signature Version 4 (header form, AWS4-HMAC-SHA256) with Node's crypto only.
 *
 * Written for services other than S3 (Step Functions, STS): the path is normalised and encoded a second time,
 * the payload hash is not sent as x-amz-content-sha256. Checked against AWS's SigV4 test suite and, with random
 * requests, against @smithy/signature-v4 (test/unit/signer.test.ts).
 */
import { createHash, createHmac } from 'crypto';

export interface SigningKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface SignableRequest {
	/** 'POST', 'GET', ... */
	method: string;
	/** Absolute URL, may include a path and a query string: the URL the HTTP client will be given. */
	url: string;
	/** Headers that will be sent and must be signed (any case). host is taken from the URL unless given. */
	headers: Record<string, string>;
	/** The exact body string that will be sent ('' for none). */
	body: string;
}

export interface SigningScope {
	service: string;
	region: string;
	date: Date;
}

/**
 * The parts of a request that SigV4 reads, in the form they have on the wire. path and query are the request
 * target exactly as sent: the signer encodes the path once more (as AWS does for every service but S3) and
 * re-encodes query keys and values in SigV4's single form.
 */
export interface WireRequest {
	method: string;
	/** The path as sent, e.g. '/a%20b/c' (from new URL(url).pathname). */
	path: string;
	/** The query string as sent, without '?' ('' for none). */
	query: string;
	/** Every header to sign, host included (any case; names must differ case-insensitively). */
	headers: Record<string, string>;
	body: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

// The signer sets these itself; a copy in the caller's headers would be sent twice.
const HEADERS_SET_BY_SIGNER = ['authorization', 'x-amz-date', 'x-amz-security-token'];

/** What the HTTP client will send for a URL: the request line and Host header Node derives from it. */
export function toWireRequest(request: SignableRequest): WireRequest {
	const url = new URL(request.url);
	const headers: Record<string, string> = { ...request.headers };
	if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) {
		// URL.host drops default ports and lower-cases the name, as Node's Host header does.
		headers.host = url.host;
	}
	return {
		// Node and axios send the method upper-cased.
		method: request.method.toUpperCase(),
		path: url.pathname,
		query: url.search.slice(1),
		headers,
		body: request.body,
	};
}

/** The canonical request per SigV4 (for tests and debugging). Signs every header in request.headers. */
export function canonicalRequest(request: WireRequest): string {
	return canonicalize(request).canonical;
}

function canonicalize(request: WireRequest): { canonical: string; signedHeaders: string } {
	const headers = canonicalHeaders(request.headers);
	const names = [...headers.keys()].sort();
	const canonical = [
		request.method,
		canonicalPath(request.path),
		canonicalQuery(request.query),
		...names.map((name) => `${name}:${headers.get(name)}`),
		'',
		names.join(';'),
		sha256Hex(request.body),
	].join('\n');
	return { canonical, signedHeaders: names.join(';') };
}

/** The string to sign for a canonical request (for tests and debugging). */
export function stringToSign(canonical: string, scope: SigningScope): string {
	return [ALGORITHM, amzDate(scope.date), credentialScope(scope), sha256Hex(canonical)].join('\n');
}

/**
 * Signs a request given in its wire form (host already among its headers). Returns the headers to add:
 * x-amz-date, x-amz-security-token (when keys.sessionToken), authorization. Does not mutate the input.
 */
export function signWireRequest(
	request: WireRequest,
	keys: SigningKeys,
	scope: SigningScope,
): Record<string, string> {
	for (const name of Object.keys(request.headers)) {
		if (HEADERS_SET_BY_SIGNER.includes(name.toLowerCase())) {
			throw new Error(`Header ${name} is set by the signer; leave it out of the request's headers`);
		}
	}
	const added: Record<string, string> = { 'x-amz-date': amzDate(scope.date) };
	if (keys.sessionToken) {
		// Signed, not added after signing: the suite's post-sts-header-before form, the one the AWS SDKs use.
		added['x-amz-security-token'] = keys.sessionToken;
	}
	const { canonical, signedHeaders } = canonicalize({ ...request, headers: { ...request.headers, ...added } });
	const key = signingKey(keys.secretAccessKey, amzDate(scope.date).slice(0, 8), scope.region, scope.service);
	const signature = createHmac('sha256', key).update(stringToSign(canonical, scope), 'utf8').digest('hex');
	added.authorization =
		`${ALGORITHM} Credential=${keys.accessKeyId}/${credentialScope(scope)}, ` +
		`SignedHeaders=${signedHeaders}, Signature=${signature}`;
	return added;
}

/**
 * Returns the headers to add to the request: x-amz-date, x-amz-security-token (when keys.sessionToken),
 * authorization. Never returns host. Does not mutate the input.
 */
export function signRequest(
	request: SignableRequest,
	keys: SigningKeys,
	scope: SigningScope,
): Record<string, string> {
	return signWireRequest(toWireRequest(request), keys, scope);
}

/** YYYYMMDDTHHMMSSZ in UTC, the x-amz-date format (the client also sets it itself when AWS said the clock is off). */
export function amzDate(date: Date): string {
	// toISOString is UTC and throws on an invalid date, which is what we want for a signature.
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function credentialScope(scope: SigningScope): string {
	return `${amzDate(scope.date).slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
}

function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lower-cased names; values with runs of spaces, tabs and line breaks made one space, ends trimmed. */
function canonicalHeaders(headers: Record<string, string>): Map<string, string> {
	const canonical = new Map<string, string>();
	for (const [name, value] of Object.entries(headers)) {
		const lowerName = name.toLowerCase();
		if (canonical.has(lowerName)) {
			// Which copy the HTTP layer would send is not ours to guess.
			throw new Error(`Header ${name} is given twice (names are case-insensitive)`);
		}
		// Only these characters: SigV4's "trimall" as the AWS SDKs apply it (not Unicode spaces).
		canonical.set(lowerName, value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, ''));
	}
	return canonical;
}

/**
 * Removes empty, '.' and '..' segments (the suite's normalize-path cases), then encodes each segment of the
 * path as sent: an escape already on the wire such as %20 becomes %2520 (AWS's "encode twice" for non-S3).
 */
function canonicalPath(path: string): string {
	const segments: string[] = [];
	for (const segment of path.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(uriEncode(segment));
	}
	const trailingSlash = segments.length > 0 && path.endsWith('/') ? '/' : '';
	return `/${segments.join('/')}${trailingSlash}`;
}

/** key=value pairs, each encoded once in SigV4's form, sorted by key then value; a bare key gets '='. */
function canonicalQuery(query: string): string {
	const pairs: Array<[string, string]> = [];
	for (const piece of query.split('&')) {
		// "a=1&&b=2" and a trailing "&" carry no parameter.
		if (piece === '') continue;
		const equals = piece.indexOf('=');
		const key = equals === -1 ? piece : piece.slice(0, equals);
		const value = equals === -1 ? '' : piece.slice(equals + 1);
		pairs.push([reencodeQueryPart(key), reencodeQueryPart(value)]);
	}
	pairs.sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB));
	return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

// Plain code-unit order; on the all-ASCII encoded strings it is byte order, as SigV4 requires.
function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A query key or value as sent, in SigV4's form: an escape (%xx) stands for its byte, which is written again
 * (so %7e and ~ sign alike); any other character is encoded. '+' is a literal plus, not a space (the suite's
 * post-vanilla-query-nonunreserved), and a '%' that starts no escape is a literal '%'.
 */
function reencodeQueryPart(part: string): string {
	return part.replace(/%[0-9A-Fa-f]{2}|%|[^%]+/g, (piece) =>
		piece.length === 3 && piece[0] === '%' ? ENCODED_BYTE[parseInt(piece.slice(1), 16)] : uriEncode(piece),
	);
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

// RFC 3986 encoding of each byte value: unreserved characters stay, every other byte is %XX (upper-case hex).
const ENCODED_BYTE: string[] = Array.from({ length: 256 }, (_, byte) => {
	const char = String.fromCharCode(byte);
	return byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

const utf8 = new TextEncoder();

/** RFC 3986 encoding of the text's UTF-8 bytes (a lone surrogate becomes U+FFFD, as on the wire). */
function uriEncode(text: string): string {
	if (UNRESERVED.test(text)) return text;
	let encoded = '';
	for (const byte of utf8.encode(text)) encoded += ENCODED_BYTE[byte];
	return encoded;
}

// Deriving the signing key costs four HMACs and is the same for every request of a day, region and service, and
// the node signs thousands of requests a second with one key. Bounded so that rotated keys and many regions
// cannot grow it; the oldest entry goes first (a Map iterates in insertion order).
const MAX_CACHED_KEYS = 50;
const signingKeys = new Map<string, Uint8Array>();

function signingKey(secretAccessKey: string, day: string, region: string, service: string): Uint8Array {
	const cacheKey = `${day}\n${region}\n${service}\n${secretAccessKey}`;
	let key = signingKeys.get(cacheKey);
	if (key === undefined) {
		key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
		if (signingKeys.size >= MAX_CACHED_KEYS) {
			const oldest = signingKeys.keys().next();
			if (!oldest.done) signingKeys.delete(oldest.value);
		}
		signingKeys.set(cacheKey, key);
	}
	return key;
}

function hmac(key: string | Uint8Array, data: string): Uint8Array {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** How many derived signing keys are cached (for tests: the cache stays bounded). */
export function cachedSigningKeyCount(): number {
	return signingKeys.size;
}
