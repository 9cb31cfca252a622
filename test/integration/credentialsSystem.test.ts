import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { forgetIdentities } from '../../nodes/shared/transport/credentials';
import {
	everyText,
	isolatedAwsEnv,
	setEnv,
	signingKeyOf,
	startContainerCredentials,
	startInstanceMetadata,
	startSignedSfnStub,
	startStsStub,
	webIdentityTokenFile,
} from '../helpers/awsStandIns';
import type { CredentialsEndpoint, MetadataService, SfnStub, StsStub } from '../helpers/awsStandIns';
import { credentialTest, executeContext, rejection } from '../helpers/executeContext';
import type { OnError } from '../helpers/executeContext';
import { closedLoopbackPort, startRawStub } from '../helpers/stubStepFunctions';

/**
 * System Credentials: the n8n process's own identity, found by the AWS SDK's default chain in the environment
 * (keys, an EKS IRSA token file, the ECS/EKS container credentials endpoint, EC2 instance metadata). Each
 * source is a loopback stand-in reached through the variables AWS itself sets; the gate variable decides
 * whether any of it is used.
 */
const GATE = 'N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const describeMachine = { resource: 'stateMachine', operation: 'describe', stateMachine: { __rl: true, mode: 'arn', value: MACHINE } };
const ROLE_ARN = 'arn:aws:iam::210987654321:role/CrossAccountCaller';

let sfn: SfnStub;
let sts: StsStub;
let container: CredentialsEndpoint;
let metadata: MetadataService;
let restoreEnv: () => void;
let closedPort: number;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
	closedPort = await closedLoopbackPort();
	restoreEnv = setEnv({ ...isolatedAwsEnv(closedPort), [GATE]: 'true' });
	forgetIdentities();
	[sfn, sts, container, metadata] = await Promise.all([startSignedSfnStub(), startStsStub(), startContainerCredentials(), startInstanceMetadata()]);
});
afterEach(async () => {
	restoreEnv();
	forgetIdentities();
	for (const cleanup of cleanups.splice(0)) cleanup();
	await Promise.all([sfn.stop(), sts.stop(), container.stop(), metadata.stop()]);
});

function systemCredentials(overrides: Record<string, unknown> = {}): ICredentialDataDecryptedObject {
	return { authentication: 'system', region: 'us-east-1', customEndpoint: true, endpoint: sfn.endpoint, ...overrides } as ICredentialDataDecryptedObject;
}

function runNode(credentials: ICredentialDataDecryptedObject, onError: OnError = 'stopWorkflow', count = 1) {
	const items = Array.from({ length: count }, () => ({ ...describeMachine, requestOptions: { retryAttempts: 0 } }));
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError }));
}

function useEnv(values: Record<string, string | undefined>) {
	cleanups.push(setEnv(values));
}

describe(`the gate ${GATE}`, () => {
	it.each([
		['unset', undefined],
		['false', 'false'],
		['0', '0'],
	])('%s: the node and the credential test refuse, name the variable, and nothing is sent', async (_label, value) => {
		useEnv({ [GATE]: value, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url, AWS_ACCESS_KEY_ID: 'AKIAENVKEY0000000001', AWS_SECRET_ACCESS_KEY: 'env-secret' });
		const error = await rejection(runNode(systemCredentials()));
		expect(error.message).toContain(`${GATE}=true`);
		expect(error.message).toMatch(/System Credentials are switched off on this n8n instance/);

		const [items] = await runNode(systemCredentials(), 'continueRegularOutput', 2);
		expect(items).toHaveLength(2);
		for (const item of items) expect(String(item.json.error)).toContain(GATE);

		const tested = await credentialTest(systemCredentials());
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(`${GATE}=true`);

		// A role assumed with the system credentials is gated the same way.
		const roleWithSystem = systemCredentials({ authentication: 'assumeRole', roleArn: ROLE_ARN, sourceCredentials: 'system', stsEndpoint: sts.endpoint });
		expect((await rejection(runNode(roleWithSystem))).message).toMatch(new RegExp(`A role assumed with the system credentials is switched off.*${GATE}=true`));
		expect((await credentialTest(roleWithSystem)).message).toContain(GATE);

		expect(container.requests).toHaveLength(0);
		expect(metadata.requests).toHaveLength(0);
		expect(sts.calls).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});

	it('a role assumed with access keys does not need the gate', async () => {
		useEnv({ [GATE]: undefined });
		await runNode(systemCredentials({ authentication: 'assumeRole', roleArn: ROLE_ARN, accessKeyId: 'AKIACALLER0000000009', secretAccessKey: 's', stsEndpoint: sts.endpoint }));
		expect(sts.calls.map((call) => call.signedBy)).toEqual(['AKIACALLER0000000009']);
	});
});

describe('the sources of the default chain', () => {
	it('environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN', async () => {
		useEnv({ AWS_ACCESS_KEY_ID: 'AKIAENVKEY0000000001', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-session-token' });
		await runNode(systemCredentials());
		expect(sfn.requests[0]).toMatchObject({ signedBy: 'AKIAENVKEY0000000001', sessionToken: 'env-session-token' });
		const tested = await credentialTest(systemCredentials());
		expect(tested).toEqual({
			status: 'OK',
			message: `Connected to Step Functions at ${sfn.endpoint} as the n8n process's own credentials, from the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
		});
	});

	it('the container credentials endpoint (ECS task role, EKS Pod Identity) with its authorization token; fetched once for two runs', async () => {
		useEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'pod-identity-token' });
		await runNode(systemCredentials(), 'stopWorkflow', 2);
		await runNode(systemCredentials());
		expect(container.requests).toEqual([{ path: '/v2/credentials/task', authorization: 'pod-identity-token' }]);
		for (const request of sfn.requests) {
			expect(request).toMatchObject({ signedBy: container.keys.accessKeyId, sessionToken: container.keys.sessionToken });
		}
		expect(sfn.requests).toHaveLength(3);
		forgetIdentities();
		const tested = await credentialTest(systemCredentials());
		expect(tested.status).toBe('OK');
		expect(tested.message).toMatch(/as the n8n process's own credentials, from the container credentials endpoint \(ECS task role or EKS Pod Identity\)$/);
		expect(metadata.requests).toHaveLength(0);
	});

	it('EC2 instance metadata (IMDSv2: a session token first, then the role and its keys)', async () => {
		useEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: metadata.endpoint });
		await runNode(systemCredentials());
		expect(metadata.requests[0]).toEqual({ method: 'PUT', path: '/latest/api/token', token: undefined });
		const reads = metadata.requests.slice(1);
		expect(reads.map((request) => request.path)).toEqual([
			'/latest/meta-data/iam/security-credentials/',
			'/latest/meta-data/iam/security-credentials/n8n-instance-role',
		]);
		for (const read of reads) expect(read.token).toMatch(/^imds-token-/);
		expect(sfn.requests[0]).toMatchObject({ signedBy: metadata.keys.accessKeyId, sessionToken: metadata.keys.sessionToken });
		forgetIdentities();
		const tested = await credentialTest(systemCredentials());
		expect(tested.message).toMatch(/from the EC2 instance metadata service \(instance profile\)$/);
	});

	it.each([
		['AWS_ENDPOINT_URL_STS', false],
		['the STS Endpoint field', true],
	])('a web identity token file (EKS IRSA), STS reached through %s', async (_label, viaField) => {
		const token = webIdentityTokenFile('eyJhbGciOiJSUzI1NiJ9.irsa-service-account-token.sig');
		cleanups.push(token.remove);
		useEnv({
			AWS_WEB_IDENTITY_TOKEN_FILE: token.file,
			AWS_ROLE_ARN: ROLE_ARN,
			AWS_ROLE_SESSION_NAME: 'n8n-pod',
			AWS_ENDPOINT_URL_STS: viaField ? undefined : sts.endpoint,
		});
		const credentials = systemCredentials(viaField ? { stsEndpoint: sts.endpoint } : {});
		await runNode(credentials);
		await runNode(credentials);
		expect(sts.calls).toHaveLength(1);
		const [call] = sts.calls;
		expect(call.params).toMatchObject({
			Action: 'AssumeRoleWithWebIdentity',
			RoleArn: ROLE_ARN,
			RoleSessionName: 'n8n-pod',
			WebIdentityToken: 'eyJhbGciOiJSUzI1NiJ9.irsa-service-account-token.sig',
		});
		// AssumeRoleWithWebIdentity is not signed: the token is the proof.
		expect(call.signedBy).toBeUndefined();
		for (const request of sfn.requests) expect(request).toMatchObject({ signedBy: sts.issued[0].accessKeyId, sessionToken: sts.issued[0].sessionToken });
		forgetIdentities();
		const tested = await credentialTest(credentials);
		expect(tested.message).toMatch(/from a web identity token file \(AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, e\.g\. EKS IRSA\)$/);
	});

	it('no source gives credentials: the message says the process has none and names the sources looked at', async () => {
		const error = await rejection<{ message: string; description?: string }>(runNode(systemCredentials()));
		expect(error.message).toBe('The n8n process has no AWS credentials of its own');
		expect(error.description).toMatch(/AWS_WEB_IDENTITY_TOKEN_FILE.*AWS_CONTAINER_CREDENTIALS_FULL_URI.*EC2 instance metadata/);
		const tested = await credentialTest(systemCredentials());
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/^The n8n process has no AWS credentials of its own/);
		expect(sfn.requests).toHaveLength(0);
	});

	it('a web identity token file that is missing is named as the failing source', async () => {
		useEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/eks/token', AWS_ROLE_ARN: ROLE_ARN, AWS_ENDPOINT_URL_STS: sts.endpoint });
		const error = await rejection<{ message: string; description?: string }>(runNode(systemCredentials()));
		expect(error.message).toBe("Could not get the n8n process's own AWS credentials");
		expect(`${error.message} ${error.description ?? ''}`).toContain('/nonexistent/eks/token');
		expect(sts.calls).toHaveLength(0);
		expect(sfn.requests).toHaveLength(0);
	});
});

describe('a role assumed with the system credentials', () => {
	it('the container keys call AssumeRole (with their session token), the role keys sign Step Functions', async () => {
		useEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		const credentials = systemCredentials({
			authentication: 'assumeRole',
			roleArn: ROLE_ARN,
			externalId: 'partner-external-id',
			sourceCredentials: 'system',
			stsEndpoint: sts.endpoint,
		});
		await runNode(credentials);
		await runNode(credentials);
		expect(sts.calls).toHaveLength(1);
		expect(sts.calls[0]).toMatchObject({
			signedBy: container.keys.accessKeyId,
			sessionToken: container.keys.sessionToken,
			params: { Action: 'AssumeRole', RoleArn: ROLE_ARN, ExternalId: 'partner-external-id', RoleSessionName: 'n8n' },
		});
		for (const request of sfn.requests) expect(request.signedBy).toBe(sts.issued[0].accessKeyId);
		const tested = await credentialTest(credentials);
		expect(tested).toEqual({ status: 'OK', message: `Connected to Step Functions at ${sfn.endpoint} as the role ${ROLE_ARN}` });
	});

	it('AccessDenied names the process credentials as the caller', async () => {
		useEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		sts.answerWith({ error: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole', status: 403 });
		const credentials = systemCredentials({ authentication: 'assumeRole', roleArn: ROLE_ARN, sourceCredentials: 'system', stsEndpoint: sts.endpoint });
		const error = await rejection<{ message: string; description?: string }>(runNode(credentials));
		expect(error.message).toBe(`AWS refused to let the caller assume the role ${ROLE_ARN}`);
		expect(error.description).toContain("the n8n process's own AWS credentials");
	});
});

describe('secrets of the process credentials never show', () => {
	it('Step Functions echoing the container keys: no trace in errors, items or the credential test', async () => {
		useEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url });
		const echo = await startRawStub((request) => ({
			status: 403,
			body: JSON.stringify({
				__type: 'UnrecognizedClientException',
				message: `Token ${String(request.headers['x-amz-security-token'])} with secret ${container.keys.secretAccessKey} is invalid`,
			}),
		}));
		try {
			const credentials = systemCredentials({ endpoint: echo.endpoint });
			const error = await rejection(runNode(credentials));
			const [items] = await runNode(credentials, 'continueErrorOutput');
			const tested = await credentialTest(credentials);
			expect(signingKeyOf(String(echo.requests[0].headers.authorization))).toBe(container.keys.accessKeyId);
			// The keys came from the container endpoint: the credential has no key field to correct.
			expect(tested.message).toMatch(/^Step Functions refused the temporary keys from the n8n process's own AWS credentials \(UnrecognizedClientException\)/);
			for (const text of [everyText(error), everyText(items), everyText(tested)]) {
				expect(text).toMatch(/refused the temporary keys from the n8n process's own AWS credentials/);
				expect(text).not.toContain(container.keys.secretAccessKey);
				expect(text).not.toContain(container.keys.sessionToken);
			}
		} finally {
			await echo.stop();
		}
	});
});
