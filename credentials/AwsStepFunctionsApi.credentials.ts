import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { AWS_REGIONS } from './awsRegions';

/**
 * The key fields. They appear twice in the form: for Access Keys, and for Assume Role with Access Keys as its
 * caller. n8n drops a field whose display conditions fail (also when it runs the node), so one copy shown under
 * "Authentication: Access Keys" alone cannot be hidden by a stale "Assume the Role With" value left from an
 * earlier choice; the field names are the same, so the saved values are too.
 */
function keyFields(show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties[] {
	return [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			displayOptions: { show },
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			displayOptions: { show },
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Temporary Credentials',
			name: 'temporaryCredentials',
			displayOptions: { show },
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
			displayOptions: { show: { ...show, temporaryCredentials: [true] } },
		},
	];
}

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
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Access Keys', value: 'accessKeys', description: 'An IAM user\'s or temporary access key' },
				{
					name: 'Assume Role',
					value: 'assumeRole',
					description: 'Act as an IAM role (sts:AssumeRole), e.g. in another account, called with access keys or the system credentials',
				},
				{
					name: 'System Credentials',
					value: 'system',
					description:
						"The n8n process's own AWS identity: environment variables, EKS IRSA or Pod Identity, ECS task role, EC2 instance profile. Needs N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true on the n8n instance.",
				},
			],
			// Credentials saved before this field existed have no value here and keep working as Access Keys.
			default: 'accessKeys',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: AWS_REGIONS,
			default: 'us-east-1',
			description: 'The AWS region the state machines and activities live in',
		},
		...keyFields({ authentication: ['accessKeys'] }),
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			placeholder: 'arn:aws:iam::123456789012:role/StepFunctionsCaller',
			required: true,
			description: 'The IAM role to act as; its trust policy must allow the caller to assume it',
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- an external id is shared only between the role's owner and its caller; it is what stops another AWS customer from using the role (confused deputy), so it is kept out of sight like n8n's own AWS credential keeps it
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: "The role's sts:ExternalId, when its trust policy asks for one (usual for roles shared with another account)",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'Role Session Name',
			name: 'roleSessionName',
			type: 'string',
			default: 'n8n',
			description: "Shown in CloudTrail as the role session's name: 2 to 64 letters, digits or + = , . @ _ -",
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		{
			displayName: 'Assume the Role With',
			name: 'sourceCredentials',
			type: 'options',
			options: [
				{ name: 'Access Keys', value: 'accessKeys', description: 'The keys entered below call sts:AssumeRole' },
				{
					name: 'System Credentials',
					value: 'system',
					description:
						"The n8n process's own AWS identity calls sts:AssumeRole. Needs N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true.",
				},
			],
			default: 'accessKeys',
			displayOptions: { show: { authentication: ['assumeRole'] } },
		},
		...keyFields({ authentication: ['assumeRole'], sourceCredentials: ['accessKeys'] }),
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
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4566',
			description:
				"Where role and web identity requests (STS) go, e.g. LocalStack or an STS VPC endpoint. Empty: the n8n process's AWS_ENDPOINT_URL_STS, else the region's own STS endpoint.",
			displayOptions: { show: { customEndpoint: [true], authentication: ['assumeRole', 'system'] } },
		},
	];
}
