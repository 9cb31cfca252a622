
import { SignatureV4 } from '@smithy/signature-v4';

import { NodeSha256 } from '../helpers/nodeSha256';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';
import { signAwsRequest } from '../../nodes/shared/aws/authenticate';
import { signingKeyOf, signingScopeOf } from '../helpers/awsStandIns';
import { AWS_CREDENTIALS, rejection } from '../helpers/executeContext';

/**
 * The credential's authenticate() (nodes/shared/aws/authenticate.ts): n8n calls it for every request the nodes
 * send and sends exactly what it returns. Signatures are checked against @smithy/signature-v4, the AWS SDK's
 * own signer, over what is actually sent.
 */

const SIGNATURE_HEADERS = new Set(['authorization', 'x-amz-date', 'x-amz-security-token']);

function headerValues(options: IHttpRequestOptions, name: string): string[] {
	return Object.entries((options.headers ?? {}) as Record<string, string>)
		.filter(([key]) => key.toLowerCase() === name)
		.map(([, value]) => String(value));
}

function header(options: IHttpRequestOptions, name: string): string | undefined {
	return headerValues(options, name)[0];
}

/** What smithy signs for the request as it will be sent (URL, headers other than the signature's, body text). */
async function smithyAuthorization(signed: IHttpRequestOptions, keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
	const url = new URL(signed.url);
	const authorization = header(signed, 'authorization');
	const scope = signingScopeOf(authorization);
	if (!scope) throw new Error('not signed');
	const amzDate = String(header(signed, 'x-amz-date'));
	const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
	if (!parts) throw new Error(`not an X-Amz-Date: ${amzDate}`);
	const [, y, mo, d, h, mi, s] = parts.map(Number);
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of url.searchParams) {
		const existing = query[key];
		query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	const headers = Object.fromEntries(
		Object.entries(signed.headers as Record<string, string>).filter(([name]) => !SIGNATURE_HEADERS.has(name.toLowerCase())),
	);
	headers.host = url.host;
	const signer = new SignatureV4({ service: scope.service, region: scope.region, credentials: keys, sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
	const result = await signer.sign(
		{
			method: String(signed.method),
			protocol: url.protocol,
			hostname: url.hostname,
			port: url.port ? Number(url.port) : undefined,
			path: url.pathname,
			query,
			headers,
			body: signed.body as string,
		},
		{ signingDate: new Date(Date.UTC(y, mo - 1, d, h, mi, s)) },
	);
	return result.headers.authorization;
}

const stepFunctions = (action: string, url = 'https://states.eu-west-1.amazonaws.com/'): IHttpRequestOptions => ({
	method: 'POST',
	url,
	headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${action}` },
	body: '{}',
});

const assumeRoleForm = (url: string): IHttpRequestOptions => ({
	method: 'POST',
	url,
	headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
	body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR&RoleSessionName=n8n',
});

const TEMPORARY = { ...AWS_CREDENTIALS, temporaryCredentials: true, sessionToken: 'IQoJb3JpZ2luX2VjEJr//session+token=' } satisfies ICredentialDataDecryptedObject;

describe("the credential type's authenticate", () => {
	it('is what n8n calls for every request of the nodes', () => {
		expect(new AwsStepFunctionsApi().authenticate).toBe(signAwsRequest);
	});

	it.each([
		['a Step Functions action at a custom endpoint', 'states', stepFunctions('ListActivities', 'http://127.0.0.1:8083/')],
		['a Step Functions action at a VPC endpoint host', 'states', stepFunctions('ListActivities', 'https://vpce-0abc-1234.states.eu-west-1.vpce.amazonaws.com/')],
		['the sync- host (StartSyncExecution)', 'states', { ...stepFunctions('StartSyncExecution', 'https://sync-states.eu-west-1.amazonaws.com/') }],
		['the sync- host without X-Amz-Target', 'states', { ...stepFunctions('x', 'https://sync-states.eu-west-1.amazonaws.com/'), headers: { 'Content-Type': 'application/x-amz-json-1.0' } }],
		["a form POST to the region's STS", 'sts', assumeRoleForm('https://sts.eu-west-1.amazonaws.com/')],
		["a form POST to China's STS", 'sts', assumeRoleForm('https://sts.cn-north-1.amazonaws.com.cn/')],
		['a form POST to a custom STS endpoint (LocalStack)', 'sts', assumeRoleForm('http://127.0.0.1:4566/')],
		['a form POST to a custom STS endpoint with a path', 'sts', assumeRoleForm('https://gateway.example/aws/sts')],
		["a form POST to STS's FIPS endpoint", 'sts', assumeRoleForm('https://sts-fips.us-east-1.amazonaws.com/')],
	])('%s is signed for the service %s', async (_what, service, options) => {
		const signed = await signAwsRequest({ ...AWS_CREDENTIALS, region: ' eu-west-1 ' }, options);
		expect(signingScopeOf(header(signed, 'authorization'))).toEqual({ region: 'eu-west-1', service });
		expect(await smithyAuthorization(signed, AWS_CREDENTIALS)).toBe(header(signed, 'authorization'));
	});

	it('signing the returned options again (n8n does on a 401) gives one Authorization, X-Amz-Date and X-Amz-Security-Token, not two', async () => {
		const first = await signAwsRequest(TEMPORARY, stepFunctions('SendTaskSuccess'));
		const again = await signAwsRequest(TEMPORARY, first);
		for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token']) expect(headerValues(again, name)).toHaveLength(1);
		expect(header(again, 'x-amz-security-token')).toBe(TEMPORARY.sessionToken);
		expect(await smithyAuthorization(again, TEMPORARY)).toBe(header(again, 'authorization'));
		// An HTTP layer that lower-cases header names hands them back so: still one of each.
		const lowerCased = { ...first, headers: Object.fromEntries(Object.entries(first.headers as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value])) };
		const third = await signAwsRequest(TEMPORARY, lowerCased);
		for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token']) expect(headerValues(third, name)).toHaveLength(1);
		expect(await smithyAuthorization(third, TEMPORARY)).toBe(header(third, 'authorization'));
	});

	it('keeps an X-Amz-Date the client set (clock skew correction) and signs for that time', async () => {
		const options = stepFunctions('ListActivities');
		const signed = await signAwsRequest(AWS_CREDENTIALS, { ...options, headers: { ...options.headers, 'X-Amz-Date': '20300101T120000Z' } });
		expect(headerValues(signed, 'x-amz-date')).toEqual(['20300101T120000Z']);
		expect(header(signed, 'authorization')).toContain('/20300101/eu-west-1/states/aws4_request');
		expect(await smithyAuthorization(signed, AWS_CREDENTIALS)).toBe(header(signed, 'authorization'));
	});

	it("folds n8n's qs and baseURL into the URL that is signed and sent", async () => {
		const signed = await signAwsRequest(AWS_CREDENTIALS, {
			...stepFunctions('ListActivities'),
			baseURL: 'https://states.eu-west-1.amazonaws.com/',
			url: '/prefix/path',
			qs: { max: 5, tag: ['b', 'a'] },
		});
		expect(signed.url).toBe('https://states.eu-west-1.amazonaws.com/prefix/path?max=5&tag=b&tag=a');
		expect(signed.qs).toBeUndefined();
		expect(signed.baseURL).toBeUndefined();
		expect(await smithyAuthorization(signed, AWS_CREDENTIALS)).toBe(header(signed, 'authorization'));
	});

	it('signs an object body as the JSON text that is sent', async () => {
		const signed = await signAwsRequest(AWS_CREDENTIALS, { ...stepFunctions('StartExecution'), body: { stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:M', input: '{"a":1}' } });
		expect(signed.body).toBe('{"stateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:M","input":"{\\"a\\":1}"}');
		expect(await smithyAuthorization(signed, AWS_CREDENTIALS)).toBe(header(signed, 'authorization'));
	});

	it('sends the session token only with Temporary Credentials on', async () => {
		const withToken = await signAwsRequest(TEMPORARY, stepFunctions('ListActivities'));
		expect(header(withToken, 'x-amz-security-token')).toBe(TEMPORARY.sessionToken);
		const stale = await signAwsRequest({ ...TEMPORARY, temporaryCredentials: false }, stepFunctions('ListActivities'));
		expect(header(stale, 'x-amz-security-token')).toBeUndefined();
	});

	describe('a credential that assumes a role', () => {
		const role = {
			...AWS_CREDENTIALS,
			authentication: 'assumeRole',
			roleArn: 'arn:aws:iam::123456789012:role/StepFunctionsCaller',
		} satisfies ICredentialDataDecryptedObject;
		const roleKeys = { accessKeyId: 'ASIAROLE000000000001', secretAccessKey: 'role-secret', sessionToken: 'role-session-token' };

		it("signs STS requests with the credential's keys and Step Functions requests with the role's", async () => {
			const data = { ...role, assumedRoleKeys: roleKeys };
			const sts = await signAwsRequest(data, assumeRoleForm('https://sts.eu-west-1.amazonaws.com/'));
			expect(signingKeyOf(header(sts, 'authorization'))).toBe(AWS_CREDENTIALS.accessKeyId);
			expect(header(sts, 'x-amz-security-token')).toBeUndefined();
			expect(await smithyAuthorization(sts, AWS_CREDENTIALS)).toBe(header(sts, 'authorization'));

			const sfn = await signAwsRequest(data, stepFunctions('ListActivities'));
			expect(signingKeyOf(header(sfn, 'authorization'))).toBe(roleKeys.accessKeyId);
			expect(header(sfn, 'x-amz-security-token')).toBe(roleKeys.sessionToken);
			expect(await smithyAuthorization(sfn, roleKeys)).toBe(header(sfn, 'authorization'));
		});

		it("a caller with temporary keys sends its own session token to STS, never the role's", async () => {
			const data = { ...role, temporaryCredentials: true, sessionToken: 'caller-token', assumedRoleKeys: roleKeys };
			const sts = await signAwsRequest(data, assumeRoleForm('http://127.0.0.1:4566/'));
			expect(headerValues(sts, 'x-amz-security-token')).toEqual(['caller-token']);
		});

		it("refuses a Step Functions request without the role's keys (the credential picked in n8n's HTTP Request node), saying why", async () => {
			const error = await rejection(signAwsRequest(role, stepFunctions('ListActivities')));
			expect(error.message).toBe('This credential assumes a role, which only the AWS Step Functions nodes do: use a credential with Access Keys here');
			// Its own STS request needs no role keys.
			await expect(signAwsRequest(role, assumeRoleForm('https://sts.eu-west-1.amazonaws.com/'))).resolves.toBeDefined();
		});
	});
});
