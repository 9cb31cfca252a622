import type { EncryptionConfiguration, EncryptionType } from '@aws-sdk/client-sfn';
import type { INode, INodeProperties } from 'n8n-workflow';

import { invalidChoiceError } from '../../../shared/errors/input';
import { assertWithinLimit, LIMITS, NUMBER_RANGES, readInRange } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';

const ENCRYPTION_TYPES: readonly EncryptionType[] = ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'];
const DEFAULT_REUSE_SECONDS = 300;

/** The Encryption option of Create/Update State Machine and Create Activity. */
export function encryptionProperty(): INodeProperties {
	return {
		displayName: 'Encryption',
		name: 'encryption',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Set Encryption',
		description: 'How Step Functions encrypts the definition and execution data at rest',
		options: [
			{
				displayName: 'Settings',
				name: 'settings',
				values: [
					{
						displayName: 'Key Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'AWS Owned Key', value: 'AWS_OWNED_KEY', description: "Step Functions' own key (the default); no KMS permissions needed" },
							{ name: 'Customer Managed KMS Key', value: 'CUSTOMER_MANAGED_KMS_KEY', description: 'A symmetric KMS key of yours' },
						],
						default: 'AWS_OWNED_KEY',
					},
					{
						displayName: 'KMS Key ID',
						name: 'kmsKeyId',
						type: 'string',
						default: '',
						placeholder: 'e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
						description: "Key ID, key ARN, alias name or alias ARN of a symmetric KMS key; another account's key by its ARN",
						displayOptions: { show: { type: ['CUSTOMER_MANAGED_KMS_KEY'] } },
					},
					{
						displayName: 'Data Key Reuse Period (Seconds)',
						name: 'kmsDataKeyReusePeriodSeconds',
						type: 'number',
						typeOptions: { minValue: 60, maxValue: 900 },
						default: DEFAULT_REUSE_SECONDS,
						description: 'How long Step Functions reuses a data key before asking KMS for a new one, 60-900 seconds',
						displayOptions: { show: { type: ['CUSTOMER_MANAGED_KMS_KEY'] } },
					},
				],
			},
		],
	};
}

/** The Encryption option as the API takes it; undefined when not set. */
export function readEncryption(node: INode, itemIndex: number, value: unknown): EncryptionConfiguration | undefined {
	const settings = (value as { settings?: Record<string, unknown> } | undefined)?.settings;
	if (!settings) return undefined;
	const type = settings.type ?? 'AWS_OWNED_KEY';
	if (!ENCRYPTION_TYPES.includes(type as EncryptionType)) throw invalidChoiceError(node, itemIndex, 'Key Type', type, ENCRYPTION_TYPES);
	// The AWS owned key takes neither a key nor a reuse period (InvalidEncryptionConfiguration otherwise).
	if (type === 'AWS_OWNED_KEY') return { type };
	const kmsKeyId = toText(node, itemIndex, LIMITS.kmsKeyId.label, settings.kmsKeyId).trim();
	assertWithinLimit(node, itemIndex, LIMITS.kmsKeyId, kmsKeyId);
	const given = settings.kmsDataKeyReusePeriodSeconds;
	const reuse = given === undefined || given === '' ? DEFAULT_REUSE_SECONDS : readInRange(node, itemIndex, NUMBER_RANGES.kmsDataKeyReusePeriod, given);
	return { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId, kmsDataKeyReusePeriodSeconds: reuse };
}
