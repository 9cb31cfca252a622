import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { authenticationOf, ownKeys } from './credentialFields';
import type { StepFunctionsCredentials } from './credentialFields';
import { signRequest } from './signer';
import type { SigningKeys } from './signer';

/**
 * The credential's authenticate(): n8n calls it for every request the node sends through
 * httpRequestWithAuthentication and sends exactly what it returns, so the signature covers the very body,
 * URL and headers that leave. Headers n8n's HTTP layer adds afterwards (User-Agent, Accept-Encoding,
 * Content-Length) are not signed; AWS does not require them to be.
 */

/** Headers a signature replaces: a request signed twice (a retry) carries the old ones. */
const SIGNATURE_HEADERS = new Set(['authorization', 'x-amz-date', 'x-amz-security-token']);

/**
 * The service a request is signed for: Step Functions' JSON protocol names itself in X-Amz-Target; an AWS host
 * names its service (sync-states, states, sts); STS's query protocol posts a form (AssumeRole, also to a
 * custom STS endpoint).
 */
function serviceOf(headers: Record<string, string>, url: URL): string {
	const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? '';
	if (header('x-amz-target').startsWith('AWSStepFunctions.')) return 'states';
	const awsService = /^(?:sync-)?([a-z0-9-]+)\.[a-z0-9-]+\.amazonaws\./.exec(url.hostname)?.[1];
	// FIPS hosts (sts-fips, states-fips) sign for the service itself.
	if (awsService) return awsService.replace(/-fips$/, '');
	return header('content-type').startsWith('application/x-www-form-urlencoded') ? 'sts' : 'states';
}

/** The URL with n8n's `qs` folded in, so that what is signed is what is sent. */
function fullUrl(options: IHttpRequestOptions): URL {
	const url = new URL(options.baseURL ? `${options.baseURL.replace(/\/$/, '')}/${options.url.replace(/^\//, '')}` : options.url);
	for (const [name, value] of Object.entries((options.qs ?? {}) as IDataObject)) {
		for (const each of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(each));
	}
	return url;
}

function bodyText(body: IHttpRequestOptions['body']): string {
	if (body === undefined || body === null) return '';
	return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * The time the request is signed for: the client sets X-Amz-Date itself when AWS said this machine's clock
 * is off (aws/retry.ts corrects for the skew); otherwise now.
 */
function signingDate(headers: Record<string, string>): Date {
	const given = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-date')?.[1];
	const match = given ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(given) : null;
	if (!match) return new Date();
	const [, year, month, day, hour, minute, second] = match.map(Number);
	return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function keysFor(credentials: StepFunctionsCredentials, service: string): SigningKeys {
	// A role's caller signs sts:AssumeRole with the credential's keys; the role's keys sign everything else.
	if (authenticationOf(credentials) === 'accessKeys' || service === 'sts') return ownKeys(credentials);
	if (!credentials.assumedRoleKeys) {
		throw new Error(
			'This credential assumes a role, which only the AWS Step Functions nodes do: use a credential with Access Keys here',
		);
	}
	return credentials.assumedRoleKeys;
}

export async function signAwsRequest(
	credentialData: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const credentials = credentialData as unknown as StepFunctionsCredentials;
	const url = fullUrl(options);
	const body = bodyText(options.body);
	const given = Object.fromEntries(Object.entries((options.headers ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)]));
	const date = signingDate(given);
	const headers = Object.fromEntries(Object.entries(given).filter(([name]) => !SIGNATURE_HEADERS.has(name.toLowerCase())));
	const service = serviceOf(headers, url);
	const signature = signRequest(
		{ method: options.method ?? 'GET', url: url.href, headers, body },
		keysFor(credentials, service),
		{ service, region: credentials.region.trim(), date },
	);
	const signed: IHttpRequestOptions = { ...options, url: url.href, body, headers: { ...headers, ...signature } };
	delete signed.baseURL;
	delete signed.qs;
	return signed;
}
