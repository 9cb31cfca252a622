import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { AWS_REGIONS } from './awsRegions';

export class AwsStepFunctionsApi implements ICredentialType {
	name = 'awsStepFunctionsApi';

	displayName = 'AWS Step Functions API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-step-functions#credential-set-up';

	icon = {
		light: 'file:awsStepFunctions.svg',
		dark: 'file:awsStepFunctions.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: AWS_REGIONS,
			default: 'us-east-1',
			description: 'The AWS region the state machines and activities live in',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Temporary Credentials',
			name: 'temporaryCredentials',
			type: 'boolean',
			default: false,
			description: 'Whether the keys are temporary (from AWS STS or SSO) and come with a session token',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { temporaryCredentials: [true] } },
		},
		{
			displayName: 'Custom Endpoint',
			name: 'customEndpoint',
			type: 'boolean',
			default: false,
			description:
				'Whether to send requests to another address than the public AWS endpoint of the region, e.g. Step Functions Local, LocalStack or a VPC endpoint',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:8083',
			required: true,
			description: 'Base URL of the Step Functions API, http:// or https://',
			displayOptions: { show: { customEndpoint: [true] } },
			typeOptions: {
				validationRules: [
					{
						type: 'regex',
						properties: {
							regex: '^https?://[^\\s/?#]+(/[^\\s]*)?$',
							errorMessage: 'Enter an http:// or https:// URL, e.g. http://localhost:8083',
						},
					},
				],
			},
		},
	];
}
