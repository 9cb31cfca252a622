/* eslint-disable @typescript-eslint/no-require-imports -- the module must be required after jest.doMock, inside jest.isolateModules */
describe('module load', () => {
	it('does not load the AWS SDK when n8n loads the node and credential', () => {
		jest.isolateModules(() => {
			jest.doMock('@aws-sdk/client-sfn', () => {
				throw new Error('the AWS SDK was loaded at module load');
			});
			const { AwsStepFunctions } = require('../../nodes/AwsStepFunctions/AwsStepFunctions.node');
			const { AwsStepFunctionsApi } = require('../../credentials/AwsStepFunctionsApi.credentials');
			expect(new AwsStepFunctions().description.name).toBe('awsStepFunctions');
			expect(new AwsStepFunctionsApi().name).toBe('awsStepFunctionsApi');
		});
	});

	it('loads it on the first execution (the same mock proves the check above can fail)', async () => {
		await jest.isolateModulesAsync(async () => {
			jest.doMock('@aws-sdk/client-sfn', () => {
				throw new Error('the AWS SDK was loaded');
			});
			const { createSfnSession } = require('../../nodes/shared/transport/sfnClient');
			await expect(createSfnSession({ region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' })).rejects.toThrow(
				'the AWS SDK was loaded',
			);
		});
	});

	it('loads the credential providers and proxy agents only when a credential or the environment needs them', async () => {
		const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];
		const saved = proxyVariables.map((name) => [name, process.env[name]] as const);
		for (const name of proxyVariables) Reflect.deleteProperty(process.env, name);
		try {
			await jest.isolateModulesAsync(async () => {
				// The tests above leave the SDK mocked to throw.
				jest.dontMock('@aws-sdk/client-sfn');
				for (const library of ['@aws-sdk/credential-providers', 'https-proxy-agent', 'http-proxy-agent', 'proxy-from-env']) {
					jest.doMock(library, () => {
						throw new Error(`${library} was loaded`);
					});
				}
				const { createSfnSession } = require('../../nodes/shared/transport/sfnClient');
				const keys = { region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'bbbb' };
				(await createSfnSession(keys)).close();
				await expect(
					createSfnSession({ ...keys, authentication: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/R' }),
				).rejects.toThrow('@aws-sdk/credential-providers was loaded');
				process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
				await expect(createSfnSession(keys)).rejects.toThrow('https-proxy-agent was loaded');
			});
		} finally {
			for (const [name, value] of saved) if (value === undefined) Reflect.deleteProperty(process.env, name); else process.env[name] = value;
		}
	});
});
