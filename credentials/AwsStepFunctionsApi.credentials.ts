import type { IAuthenticate, ICredentialType, INodeProperties } from 'n8n-workflow';

import { signAwsRequest } from '../nodes/shared/aws/authenticate';

import { AWS_REGIONS } from './awsRegions';

/** The key fields: they sign requests with Access Keys, and call sts:AssumeRole with Assume Role. */
const KEY_FIELDS: INodeProperties[] = [
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
];

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
					description: 'Act as an IAM role (sts:AssumeRole), e.g. in another account; the access keys below call sts:AssumeRole',
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
		...KEY_FIELDS,
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
		// Credentials saved when a role could be assumed with the n8n process's own credentials keep that choice
		// here, so that the node can say why they no longer work (nodes/shared/aws/credentialFields.ts).
		{
			displayName: 'Assume the Role With',
			name: 'sourceCredentials',
			type: 'hidden',
			default: 'accessKeys',
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
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:4566',
			description:
				"Where sts:AssumeRole requests go, e.g. LocalStack or an STS VPC endpoint. Empty: the region's own STS endpoint.",
			displayOptions: { show: { customEndpoint: [true], authentication: ['assumeRole'] } },
		},
	];

	/**
	 * Signs every request the nodes send through n8n (AWS Signature Version 4, nodes/shared/aws/signer.ts): the
	 * keys never leave n8n, and n8n applies its proxy and SSRF settings to the signed request.
	 */
	authenticate: IAuthenticate = signAwsRequest;
}
