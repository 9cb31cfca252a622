import type { StepFunctionsCredentials } from './credentialFields';

/**
 * Where requests go: the region's AWS endpoint (each partition has its own domain), or the credential's custom
 * endpoint. Nothing here sends anything.
 */

/** The DNS suffix of a region's partition: China and the European Sovereign Cloud have their own domains. */
function partitionDomain(region: string): string {
	if (region.startsWith('cn-')) return 'amazonaws.com.cn';
	if (region.startsWith('eusc-')) return 'amazonaws.eu';
	return 'amazonaws.com';
}

/** A service's regional AWS endpoint, e.g. https://states.eu-west-1.amazonaws.com. */
export function regionalEndpoint(service: 'states' | 'sts', region: string, hostPrefix = ''): string {
	return `https://${hostPrefix}${service}.${region}.${partitionDomain(region)}`;
}

/**
 * Actions the API model serves on the `sync-` host (hostPrefix): AWS's own hosts only; a custom endpoint is a
 * single address with no prefix to add.
 */
const SYNC_HOST_ACTIONS = new Set(['StartSyncExecution', 'TestState']);

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function customStepFunctionsEndpoint(credentials: StepFunctionsCredentials): string | undefined {
	return credentials.customEndpoint === true && text(credentials.endpoint) !== '' ? text(credentials.endpoint) : undefined;
}

/** The URL a Step Functions action is posted to. */
export function stepFunctionsUrl(credentials: StepFunctionsCredentials, action: string): string {
	const custom = customStepFunctionsEndpoint(credentials);
	if (custom) return withPath(custom);
	return `${regionalEndpoint('states', credentials.region.trim(), SYNC_HOST_ACTIONS.has(action) ? 'sync-' : '')}/`;
}

/** The URL sts:AssumeRole is posted to: the credential's STS endpoint (Custom Endpoint on), else the region's. */
export function stsUrl(credentials: StepFunctionsCredentials): string {
	const custom = credentials.customEndpoint === true ? text(credentials.stsEndpoint) : '';
	return withPath(custom || regionalEndpoint('sts', credentials.region.trim()));
}

/** An endpoint without a path is posted to "/"; one with a path (behind a gateway) keeps it. */
function withPath(endpoint: string): string {
	return new URL(endpoint).href;
}

export function usesCustomEndpoint(credentials: StepFunctionsCredentials): boolean {
	return customStepFunctionsEndpoint(credentials) !== undefined;
}

/** Where Step Functions requests go, for messages: never shows user info. */
export function stepFunctionsLabel(credentials: StepFunctionsCredentials): string {
	return withoutUserInfo(customStepFunctionsEndpoint(credentials) ?? regionalEndpoint('states', credentials.region.trim()));
}

/** Where STS requests go, for messages: never shows user info. */
export function stsLabel(credentials: StepFunctionsCredentials): string {
	return withoutUserInfo(stsUrl(credentials).replace(/\/$/, ''));
}

/**
 * An endpoint as messages show it: a user:password in it is never shown. Everything up to the LAST "@" is
 * user info, as URL parsing takes it, even when the password holds "@" or "/".
 */
export function withoutUserInfo(endpoint: string): string {
	return endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^?#]*@/i, '$1');
}

function hasUserInfo(value: string): boolean {
	const url = new URL(value.trim());
	return url.username !== '' || url.password !== '';
}

export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value.trim());
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * AWS region names: partition prefix, area, number (us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1).
 * Anything else would be sent to a host that does not exist; a custom endpoint may take any region name
 * (Step Functions Local, LocalStack).
 */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** What may be a region at all: it becomes part of a host name and of the signature's scope. */
const ANY_REGION = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** The problem with the credential's region and endpoint fields, or undefined. */
export function endpointProblem(credentials: { region?: unknown; customEndpoint?: unknown; endpoint?: unknown; stsEndpoint?: unknown }): string | undefined {
	const region = text(credentials.region);
	if (region === '') return 'Region is empty';
	if (credentials.customEndpoint !== true && !REGION_SHAPE.test(region)) {
		return `Region "${region}" is not an AWS region name such as us-east-1 or eu-central-1`;
	}
	if (!ANY_REGION.test(region)) return `Region "${region}" may hold only letters, digits and inner hyphens, e.g. us-east-1`;
	if (credentials.customEndpoint === true && !isHttpUrl(credentials.endpoint)) {
		return `Endpoint "${withoutUserInfo(String(credentials.endpoint ?? ''))}" is not an http:// or https:// URL`;
	}
	if (credentials.customEndpoint === true && text(credentials.stsEndpoint) !== '' && !isHttpUrl(credentials.stsEndpoint)) {
		return 'STS Endpoint is not an http:// or https:// URL';
	}
	// n8n's HTTP layer would send a user:password in the URL as Basic authorization in place of the signature.
	for (const [label, value] of [['Endpoint', credentials.endpoint], ['STS Endpoint', credentials.stsEndpoint]] as const) {
		if (credentials.customEndpoint === true && isHttpUrl(value) && hasUserInfo(String(value))) {
			return `${label} may not hold a user name or password (user:password@): requests are signed with the AWS keys, and n8n would send them in place of the signature`;
		}
	}
	return undefined;
}
