import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { clientTuning } from '../../nodes/AwsStepFunctions/actions/shared/requestOptions';
import { endpointProblem, stepFunctionsLabel, stepFunctionsUrl, stsLabel, stsUrl, withoutUserInfo } from '../../nodes/shared/aws/endpoints';
import type { StepFunctionsCredentials } from '../../nodes/shared/aws/credentialFields';
import { createSession, n8nHttp, sessionFromCredential } from '../../nodes/shared/aws/session';
import type { ClientTuning } from '../../nodes/shared/aws/session';
import { startSignedSfnStub } from '../helpers/awsStandIns';
import { executeContext, rejection } from '../helpers/executeContext';
import { mockStepFunctions } from '../helpers/sfnMock';
import type { SfnMock } from '../helpers/sfnMock';
import { startStubStepFunctions } from '../helpers/stubStepFunctions';

/** Where requests go (nodes/shared/aws/endpoints.ts) and how a session sends them (session.ts). */

const base: StepFunctionsCredentials = {
	region: 'eu-central-1',
	accessKeyId: 'AKIAEXAMPLE',
	secretAccessKey: 'secret',
};

describe('Step Functions URLs', () => {
	it.each([
		['us-east-1', 'https://states.us-east-1.amazonaws.com/'],
		['eu-central-1', 'https://states.eu-central-1.amazonaws.com/'],
		['us-gov-west-1', 'https://states.us-gov-west-1.amazonaws.com/'],
		['cn-north-1', 'https://states.cn-north-1.amazonaws.com.cn/'],
		['cn-northwest-1', 'https://states.cn-northwest-1.amazonaws.com.cn/'],
		['eusc-de-east-1', 'https://states.eusc-de-east-1.amazonaws.eu/'],
	])('%s: the regional endpoint of its partition', (region, url) => {
		expect(stepFunctionsUrl({ ...base, region }, 'StartExecution')).toBe(url);
		expect(stepFunctionsLabel({ ...base, region })).toBe(url.replace(/\/$/, ''));
	});

	it('StartSyncExecution and TestState go to the sync- host of AWS, in every partition', () => {
		expect(stepFunctionsUrl(base, 'StartSyncExecution')).toBe('https://sync-states.eu-central-1.amazonaws.com/');
		expect(stepFunctionsUrl(base, 'TestState')).toBe('https://sync-states.eu-central-1.amazonaws.com/');
		expect(stepFunctionsUrl({ ...base, region: 'cn-north-1' }, 'StartSyncExecution')).toBe('https://sync-states.cn-north-1.amazonaws.com.cn/');
		expect(stepFunctionsUrl(base, 'DescribeExecution')).toBe('https://states.eu-central-1.amazonaws.com/');
	});

	it('a custom endpoint takes every action, sync ones included, without a prefix; a path is kept', () => {
		const custom = { ...base, customEndpoint: true, endpoint: ' http://127.0.0.1:8083 ' };
		expect(stepFunctionsUrl(custom, 'StartSyncExecution')).toBe('http://127.0.0.1:8083/');
		expect(stepFunctionsUrl(custom, 'ListActivities')).toBe('http://127.0.0.1:8083/');
		const gateway = { ...base, customEndpoint: true, endpoint: 'https://gateway.example/aws/stepfunctions' };
		expect(stepFunctionsUrl(gateway, 'StartSyncExecution')).toBe('https://gateway.example/aws/stepfunctions');
		expect(stepFunctionsLabel(gateway)).toBe('https://gateway.example/aws/stepfunctions');
	});

	it('a leftover endpoint is ignored while Custom Endpoint is off', () => {
		const leftover = { ...base, customEndpoint: false, endpoint: 'http://127.0.0.1:1' };
		expect(stepFunctionsUrl(leftover, 'StartSyncExecution')).toBe('https://sync-states.eu-central-1.amazonaws.com/');
		expect(stepFunctionsLabel(leftover)).toBe('https://states.eu-central-1.amazonaws.com');
	});
});

describe('STS URLs', () => {
	it.each([
		['us-east-1', 'https://sts.us-east-1.amazonaws.com/'],
		['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com/'],
		['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn/'],
		['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu/'],
	])("%s: the region's own STS endpoint", (region, url) => {
		expect(stsUrl({ ...base, region })).toBe(url);
		expect(stsLabel({ ...base, region })).toBe(url.replace(/\/$/, ''));
	});

	it('the STS Endpoint field counts only with Custom Endpoint on; empty means the region\'s', () => {
		expect(stsUrl({ ...base, customEndpoint: true, endpoint: 'http://127.0.0.1:8083', stsEndpoint: ' http://127.0.0.1:4566 ' })).toBe('http://127.0.0.1:4566/');
		expect(stsUrl({ ...base, customEndpoint: true, endpoint: 'http://127.0.0.1:8083', stsEndpoint: 'https://gateway.example/sts' })).toBe('https://gateway.example/sts');
		expect(stsUrl({ ...base, customEndpoint: false, stsEndpoint: 'http://127.0.0.1:4566' })).toBe('https://sts.eu-central-1.amazonaws.com/');
		expect(stsUrl({ ...base, customEndpoint: true, endpoint: 'http://127.0.0.1:8083', stsEndpoint: '' })).toBe('https://sts.eu-central-1.amazonaws.com/');
	});
});

describe('endpoints in messages', () => {
	it('never show user info, even with "@" or "/" in the password', () => {
		expect(stepFunctionsLabel({ ...base, customEndpoint: true, endpoint: 'http://user:pa@ss@127.0.0.1:8083' })).toBe('http://127.0.0.1:8083');
		expect(stsLabel({ ...base, customEndpoint: true, endpoint: 'http://127.0.0.1:1', stsEndpoint: 'http://admin:p@ss@127.0.0.1:4566' })).toBe('http://127.0.0.1:4566');
		expect(stepFunctionsLabel({ ...base, customEndpoint: true, endpoint: 'http://admin:p/w@d@127.0.0.1:8083' })).toBe('http://127.0.0.1:8083');
		expect(withoutUserInfo('https://a:b@gateway.example/path?x=1')).toBe('https://gateway.example/path?x=1');
		expect(endpointProblem({ region: 'eu-west-1', customEndpoint: true, endpoint: 'ftp://user:secret@host' })).toBe('Endpoint "ftp://host" is not an http:// or https:// URL');
	});
});

describe('region and endpoint checks', () => {
	it.each([
		[{ region: '' }, 'Region is empty'],
		[{ region: '  ' }, 'Region is empty'],
		[{ region: 'eu-west' }, 'Region "eu-west" is not an AWS region name such as us-east-1 or eu-central-1'],
		[{ region: 'Frankfurt' }, 'Region "Frankfurt" is not an AWS region name such as us-east-1 or eu-central-1'],
		[{ region: 'eu-west-1.evil.example' }, 'Region "eu-west-1.evil.example" is not an AWS region name such as us-east-1 or eu-central-1'],
		[{ region: 'local/../x', customEndpoint: true, endpoint: 'http://127.0.0.1:8083' }, 'Region "local/../x" may hold only letters, digits and inner hyphens, e.g. us-east-1'],
		[{ region: 'us-east-1', customEndpoint: true, endpoint: '127.0.0.1:8083' }, 'Endpoint "127.0.0.1:8083" is not an http:// or https:// URL'],
		[{ region: 'us-east-1', customEndpoint: true, endpoint: 'http://127.0.0.1:8083', stsEndpoint: 'localhost:4566' }, 'STS Endpoint is not an http:// or https:// URL'],
	])('%j: %s', (fields, problem) => {
		expect(endpointProblem(fields)).toBe(problem);
	});

	it.each([
		[{ region: 'us-east-1' }],
		[{ region: 'us-gov-west-1' }],
		[{ region: 'cn-northwest-1' }],
		[{ region: 'eusc-de-east-1' }],
		[{ region: 'ap-southeast-5' }],
		// Emulators take any region name
		[{ region: 'local', customEndpoint: true, endpoint: 'http://localhost:8083' }],
		[{ region: 'us-east-1', customEndpoint: true, endpoint: 'https://gateway.example/aws', stsEndpoint: '' }],
		// A leftover endpoint is not checked while Custom Endpoint is off
		[{ region: 'us-east-1', customEndpoint: false, endpoint: 'not a url' }],
	])('%j is usable', (fields) => {
		expect(endpointProblem(fields)).toBeUndefined();
	});

	it('a node with an unusable credential sends nothing and says what to correct', async () => {
		const credentials = { ...base, region: 'eu-west' } as unknown as ICredentialDataDecryptedObject;
		const error = await rejection(sessionFromCredential(executeContext({ items: [{}], credentials })));
		expect(error.message).toBe(
			'The AWS Step Functions credential is not usable: Region "eu-west" is not an AWS region name such as us-east-1 or eu-central-1',
		);
	});
});

describe('a session', () => {
	let sfn: SfnMock;
	beforeAll(() => (sfn = mockStepFunctions()));
	afterAll(() => sfn.restore());
	beforeEach(() => sfn.reset());

	const tuning: ClientTuning = { maxConcurrency: 5, retryAttempts: 0, requestTimeoutMs: 5000 };
	const sessionOf = (credentials: ICredentialDataDecryptedObject, given: ClientTuning = tuning) =>
		createSession(credentials, n8nHttp(executeContext({ items: [{}], credentials })), given);

	it('sends to the region\'s host, sync actions to the sync- host, signed for the region', async () => {
		sfn.on('StartExecution').resolves({ executionArn: 'arn', startDate: new Date() });
		sfn.on('StartSyncExecution').resolves({ executionArn: 'arn', status: 'SUCCEEDED' });
		const session = sessionOf({ ...base, region: ' cn-north-1 ' } as unknown as ICredentialDataDecryptedObject);
		expect(session.region).toBe('cn-north-1');
		expect(session.endpoint).toBe('https://states.cn-north-1.amazonaws.com.cn');
		expect(session.customEndpoint).toBe(false);
		expect(session.keysFrom).toBe('credential');
		await session.call('StartExecution', { stateMachineArn: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:M' });
		await session.call('StartSyncExecution', { stateMachineArn: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:M' });
		expect(sfn.calls().map((call) => call.host)).toEqual(['states.cn-north-1.amazonaws.com.cn', 'sync-states.cn-north-1.amazonaws.com.cn']);
		for (const call of sfn.calls()) expect(String(call.headers.authorization)).toContain('/cn-north-1/states/aws4_request');
	});

	it('sends every action, sync ones included, to a custom endpoint as it is', async () => {
		const stub = await startStubStepFunctions();
		try {
			stub.answer('StartSyncExecution', { body: { executionArn: 'arn', status: 'SUCCEEDED' } });
			stub.answer('ListActivities', { body: { activities: [] } });
			const session = sessionOf({ ...base, region: 'local', customEndpoint: true, endpoint: stub.endpoint } as unknown as ICredentialDataDecryptedObject);
			expect(session.endpoint).toBe(stub.endpoint);
			expect(session.customEndpoint).toBe(true);
			await session.call('StartSyncExecution', { stateMachineArn: 'arn:aws:states:local:123456789012:stateMachine:M' });
			await session.call('ListActivities', {});
			expect(stub.requests.map((request) => request.action)).toEqual(['StartSyncExecution', 'ListActivities']);
			expect(stub.requests.every((request) => request.host === new URL(stub.endpoint).host)).toBe(true);
			expect(sfn.calls()).toHaveLength(0);
		} finally {
			await stub.stop();
		}
	});

	it('keeps at most Max Concurrent Requests on the wire', async () => {
		const stub = await startSignedSfnStub({ delayMs: 50 });
		try {
			const credentials = { ...base, customEndpoint: true, endpoint: stub.endpoint } as unknown as ICredentialDataDecryptedObject;
			const session = sessionOf(credentials, { ...tuning, maxConcurrency: 2 });
			await Promise.all(Array.from({ length: 8 }, () => session.call('ListStateMachines', {})));
			expect(stub.requests).toHaveLength(8);
			expect(stub.maxInFlight).toBe(2);
		} finally {
			await stub.stop();
		}
	});

	it('sends a request Retry Attempts + 1 times at most', async () => {
		sfn.on('ListActivities').rejects('InternalFailure', 'oops');
		const session = sessionOf({ ...base } as unknown as ICredentialDataDecryptedObject, { ...tuning, retryAttempts: 4 });
		const error = await rejection<Error & { $metadata: { attempts: number } }>(session.call('ListActivities', {}));
		expect(error.$metadata.attempts).toBe(5);
		expect(sfn.commandCalls('ListActivities')).toHaveLength(5);
	});

	it('gives long polls (Get Activity Task, up to 60 s) time to answer whatever the timeout says', () => {
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 10 }, true).requestTimeoutMs).toBe(70_000);
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 90 }, true).requestTimeoutMs).toBe(90_000);
		expect(clientTuning({ maxConcurrency: 5, retryAttempts: 2, timeoutSeconds: 10 }).requestTimeoutMs).toBe(10_000);
	});
});
