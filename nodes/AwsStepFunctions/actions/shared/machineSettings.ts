import type { LoggingConfiguration, LogLevel, TracingConfiguration } from '@aws-sdk/client-sfn';
import type { INode, INodeProperties } from 'n8n-workflow';

import { invalidArnError, invalidChoiceError, refusedValueError } from '../../../shared/errors/input';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toBoolean, toText } from '../../../shared/helpers/text';

/** Settings of a state machine that Create and Update share: logging, X-Ray tracing, publishing a version. */

const LOG_LEVELS: readonly LogLevel[] = ['ALL', 'ERROR', 'FATAL', 'OFF'];
// The model's documentation: a CloudWatch Logs log group ARN that ends with ":*".
const LOG_GROUP_ARN_PATTERN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]+:log-group:[^:\s]+:\*$/;
const LOG_GROUP_ARN_EXAMPLE = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/OrderApproval:*';

export function loggingProperty(): INodeProperties {
	return {
		displayName: 'Logging',
		name: 'logging',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Set Logging',
		description: 'Which execution history events go to CloudWatch Logs',
		options: [
			{
				displayName: 'Settings',
				name: 'settings',
				values: [
					{
						displayName: 'Level',
						name: 'level',
						type: 'options',
						options: [
							{ name: 'All', value: 'ALL', description: 'Every event' },
							{ name: 'Error', value: 'ERROR', description: 'Errors and failures only' },
							{ name: 'Fatal', value: 'FATAL', description: 'Only events that end an execution unsuccessfully' },
							{ name: 'Off', value: 'OFF', description: 'No logging' },
						],
						default: 'ERROR',
					},
					{
						displayName: 'Include Execution Data',
						name: 'includeExecutionData',
						type: 'boolean',
						default: false,
						description: 'Whether logs include input, output and other execution data (which may be sensitive)',
						displayOptions: { hide: { level: ['OFF'] } },
					},
					{
						displayName: 'Log Group ARN',
						name: 'logGroupArn',
						type: 'string',
						default: '',
						placeholder: `e.g. ${LOG_GROUP_ARN_EXAMPLE}`,
						description: 'The CloudWatch Logs log group, its ARN ending with :*',
						displayOptions: { hide: { level: ['OFF'] } },
					},
				],
			},
		],
	};
}

export function readLogging(node: INode, itemIndex: number, value: unknown): LoggingConfiguration | undefined {
	const settings = (value as { settings?: Record<string, unknown> } | undefined)?.settings;
	if (!settings) return undefined;
	const level = settings.level ?? 'ERROR';
	if (!LOG_LEVELS.includes(level as LogLevel)) throw invalidChoiceError(node, itemIndex, 'Level', level, LOG_LEVELS);
	if (level === 'OFF') return { level: 'OFF' };
	const logGroupArn = toText(node, itemIndex, LIMITS.logGroupArn.label, settings.logGroupArn).trim();
	assertWithinLimit(node, itemIndex, LIMITS.logGroupArn, logGroupArn);
	if (!LOG_GROUP_ARN_PATTERN.test(logGroupArn)) {
		throw invalidArnError(node, itemIndex, 'CloudWatch Logs log group ARN ending with :*', logGroupArn, LOG_GROUP_ARN_EXAMPLE);
	}
	return {
		level: level as LogLevel,
		includeExecutionData: toBoolean(node, itemIndex, 'Include Execution Data', settings.includeExecutionData, false),
		destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
	};
}

export function tracingProperty(): INodeProperties {
	return {
		displayName: 'X-Ray Tracing',
		name: 'tracingEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether executions are traced with AWS X-Ray',
	};
}

export function readTracing(node: INode, itemIndex: number, value: unknown): TracingConfiguration | undefined {
	if (value === undefined) return undefined;
	return { enabled: toBoolean(node, itemIndex, 'X-Ray Tracing', value, false) };
}

export function publishProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Publish Version',
			name: 'publish',
			type: 'boolean',
			default: false,
			description: 'Whether to publish the resulting revision as a new numbered version (returned in stateMachineVersionArn)',
		},
		{
			displayName: 'Version Description',
			name: 'versionDescription',
			type: 'string',
			default: '',
			description: 'Description of the published version, up to 256 characters; needs Publish Version',
		},
	];
}

/** Publish and Version Description; a description without publishing is refused, as AWS refuses it. */
export function readPublish(node: INode, itemIndex: number, options: Record<string, unknown>): { publish?: boolean; versionDescription?: string } {
	const publish = toBoolean(node, itemIndex, 'Publish Version', options.publish, false);
	const versionDescription = toText(node, itemIndex, LIMITS.versionDescription.label, options.versionDescription);
	if (versionDescription === '') return publish ? { publish } : {};
	if (!publish) {
		throw refusedValueError(node, itemIndex, LIMITS.versionDescription.label, 'is set but no version is published', 'Turn Publish Version on, or leave Version Description empty.');
	}
	assertWithinLimit(node, itemIndex, LIMITS.versionDescription, versionDescription);
	return { publish, versionDescription };
}
