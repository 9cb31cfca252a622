import axios from 'axios';
import { NodeApiError } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';

import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';

/**
 * Stands in for n8n's HTTP layer in unit and integration tests, as n8n-core (1.x and 2.x) behaves for our
 * requests: `httpRequestWithAuthentication` takes the credential data (the node's `credentialsDecrypted`, else
 * the credential), lets the credential type's authenticate() sign the options, sends them with axios (a
 * `User-Agent: n8n` added, a string body sent as it is, text answers parsed as JSON when they are JSON), and on
 * failure throws a NodeApiError whose cause is the axios error, signed headers included, as n8n's does. The
 * real thing runs in the e2e suites (test/e2e), proxies included.
 */

/** Every request this stand-in sent, after signing: tests read the headers n8n would have sent. */
export const sentRequests: IHttpRequestOptions[] = [];

const credentialType = new AwsStepFunctionsApi();

function parsedBody(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	try {
		return JSON.parse(data) as unknown;
	} catch {
		return data;
	}
}

/** n8n's httpRequest, for the options our client uses. */
export async function n8nHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	sentRequests.push(options);
	if (sentRequests.length > 1000) sentRequests.splice(0, sentRequests.length - 1000);
	const response = await axios.request({
		url: options.url,
		method: options.method ?? 'GET',
		headers: { 'User-Agent': 'n8n', ...(options.headers as Record<string, string>) },
		data: options.body,
		timeout: options.timeout ?? 300_000,
		signal: options.abortSignal,
		// n8n builds its own agents with the environment's proxy; the stand-in talks to loopback directly.
		proxy: false,
		maxRedirects: 0,
		transformResponse: [(data: unknown) => data],
		responseType: 'text',
		validateStatus: options.ignoreHttpStatusErrors ? () => true : (status) => status >= 200 && status < 300,
	});
	const body = parsedBody(response.data);
	return options.returnFullResponse
		? { body, headers: response.headers, statusCode: response.status, statusMessage: response.statusText }
		: body;
}

interface CredentialHolder {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/** n8n's httpRequestWithAuthentication for the package's credential type. */
export async function httpRequestWithAuthentication(
	this: CredentialHolder,
	type: string,
	options: IHttpRequestOptions,
	additional?: IAdditionalCredentialOptions,
): Promise<unknown> {
	if (type !== credentialType.name) throw new Error(`Unexpected credential type ${type}`);
	try {
		const data = additional?.credentialsDecrypted?.data ?? (await this.getCredentials(type));
		const authenticate = credentialType.authenticate as (data: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
		return await n8nHttpRequest(await authenticate(data, options));
	} catch (error) {
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** The helper a credential test gets from n8n: request-promise style options. */
export async function legacyRequest(options: {
	uri: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	timeout?: number;
	resolveWithFullResponse?: boolean;
	simple?: boolean;
}): Promise<unknown> {
	const response = await axios.request({
		url: options.uri,
		method: options.method ?? 'GET',
		headers: options.headers,
		data: options.body,
		timeout: options.timeout,
		proxy: false,
		transformResponse: [(data: unknown) => data],
		responseType: 'text',
		validateStatus: options.simple === false ? () => true : (status) => status >= 200 && status < 300,
	});
	return options.resolveWithFullResponse
		? { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: response.statusText }
		: response.data;
}
