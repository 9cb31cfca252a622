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
});
