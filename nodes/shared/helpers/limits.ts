import type { INode } from 'n8n-workflow';

import { limitViolationError, notANumberError, rangeViolationError } from '../errors/input';
import { parseNumber } from './text';

/**
 * The Step Functions API's input limits (service model 2016-11-23). Nothing on the way checks them, so an
 * over-long value would travel to AWS and come back as a server error: we refuse it before sending.
 * Strings are measured in Unicode code points, as the service model's length traits are; JSON documents
 * in UTF-8 bytes, as the service measures payloads.
 */
export interface FieldLimit {
	/** Parameter name as the user sees it */
	label: string;
	min: number;
	max: number;
	unit: 'characters' | 'bytes';
}

export const LIMITS = {
	taskToken: { label: 'Task Token', min: 1, max: 2048, unit: 'characters' },
	error: { label: 'Error', min: 0, max: 256, unit: 'characters' },
	cause: { label: 'Cause', min: 0, max: 32768, unit: 'characters' },
	output: { label: 'Output', min: 1, max: 262144, unit: 'bytes' },
	input: { label: 'Input', min: 1, max: 262144, unit: 'bytes' },
	executionName: { label: 'Execution Name', min: 1, max: 80, unit: 'characters' },
	traceHeader: { label: 'Trace Header', min: 0, max: 256, unit: 'characters' },
	arn: { label: 'ARN', min: 1, max: 256, unit: 'characters' },
	workerName: { label: 'Worker Name', min: 1, max: 80, unit: 'characters' },
	clientToken: { label: 'Client Token', min: 1, max: 64, unit: 'characters' },
	// State machines, versions, aliases, activities (CreateStateMachine, PublishStateMachineVersion, ...)
	resourceName: { label: 'Name', min: 1, max: 80, unit: 'characters' },
	definition: { label: 'Definition', min: 1, max: 1048576, unit: 'bytes' },
	roleArn: { label: 'Role ARN', min: 1, max: 256, unit: 'characters' },
	versionDescription: { label: 'Version Description', min: 0, max: 256, unit: 'characters' },
	aliasDescription: { label: 'Description', min: 0, max: 256, unit: 'characters' },
	kmsKeyId: { label: 'KMS Key ID', min: 1, max: 2048, unit: 'characters' },
	logGroupArn: { label: 'Log Group ARN', min: 1, max: 256, unit: 'characters' },
	// Version and Map Run ARNs are LongArn in the model (up to 2000)
	longArn: { label: 'ARN', min: 1, max: 2000, unit: 'characters' },
	tagKey: { label: 'Tag Key', min: 1, max: 128, unit: 'characters' },
	tagValue: { label: 'Tag Value', min: 0, max: 256, unit: 'characters' },
	// TestState: input, variables, context and a mocked result are JSON of up to 256 KiB each
	testInput: { label: 'Input', min: 0, max: 262144, unit: 'bytes' },
	testVariables: { label: 'Variables', min: 0, max: 262144, unit: 'bytes' },
	testContext: { label: 'Context', min: 0, max: 262144, unit: 'bytes' },
	mockResult: { label: 'Mocked Result', min: 0, max: 262144, unit: 'bytes' },
	stateName: { label: 'State Name', min: 1, max: 80, unit: 'characters' },
} as const satisfies Record<string, FieldLimit>;

/** Numeric ranges of the API model (inclusive), checked before sending like the lengths above. */
export interface NumberRange {
	label: string;
	min: number;
	max: number;
	/** Whole numbers only (integer/long in the model) */
	whole: boolean;
}

export const NUMBER_RANGES = {
	// KmsDataKeyReusePeriodSeconds
	kmsDataKeyReusePeriod: { label: 'KMS Data Key Reuse Period (Seconds)', min: 60, max: 900, whole: true },
	// VersionWeight: the share of an alias's traffic a version gets
	weight: { label: 'Weight (%)', min: 0, max: 100, whole: true },
	// UpdateMapRun: MaxConcurrency (0 = no limit), ToleratedFailurePercentage (float), ToleratedFailureCount (long)
	maxConcurrency: { label: 'Max Concurrency', min: 0, max: Number.MAX_SAFE_INTEGER, whole: true },
	toleratedFailurePercentage: { label: 'Tolerated Failure Percentage', min: 0, max: 100, whole: false },
	toleratedFailureCount: { label: 'Tolerated Failure Count', min: 0, max: Number.MAX_SAFE_INTEGER, whole: true },
	// ValidateStateMachineDefinition maxResults
	diagnosticsLimit: { label: 'Max Diagnostics', min: 1, max: 100, whole: true },
} as const satisfies Record<string, NumberRange>;

/**
 * Counts the model does not carry but the service enforces (Step Functions quotas): 50 tags per resource
 * (TooManyTags), one or two versions in an alias's routing, weights summing to 100.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_ALIAS_ROUTES = 2;
export const ALIAS_WEIGHT_TOTAL = 100;

/** Alias names (CharacterRestrictedName): letters, digits, _ - . with at least one non-digit, so never a version number. */
export const ALIAS_NAME_PATTERN = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;

/** The most a list call returns per page (maxResults 0..1000); larger limits are paged. */
export const MAX_PAGE_SIZE = 1000;

/**
 * The most pages the node follows in one listing: 10 million entries at full pages, more than any account
 * holds (ListExecutions of a STANDARD machine keeps 90 days). Past it, a server that keeps sending page
 * tokens is taken as looping.
 */
export const MAX_PAGES = 10_000;

/**
 * Execution names (service model): 1..80 characters, no whitespace, none of < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /
 * and no control characters.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule forbids
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Returns the first character an execution name may not hold, or undefined when the name is allowed. */
export function forbiddenNameCharacter(name: string): string | undefined {
	return FORBIDDEN_NAME_CHARACTERS.exec(name)?.[0];
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

export function measure(value: string, unit: FieldLimit['unit']): number {
	if (unit === 'bytes') return new TextEncoder().encode(value).length;
	// A character outside the Basic Multilingual Plane (an emoji) is two UTF-16 units but one code point, as
	// AWS counts it.
	return value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
}

/**
 * A number parameter (a number, or its decimal text as expressions often give it) checked against its range of
 * the API model; throws a NodeOperationError naming the item, the field, the range and the value given.
 */
export function readInRange(node: INode, itemIndex: number, range: NumberRange, value: unknown): number {
	const number = parseNumber(value);
	if (number === undefined) throw notANumberError(node, itemIndex, range, value);
	assertInRange(node, itemIndex, range, number);
	return number;
}

/** Throws a NodeOperationError naming the item, the field, the range and the value given. */
export function assertInRange(node: INode, itemIndex: number, range: NumberRange, value: number): void {
	if (!Number.isFinite(value) || value < range.min || value > range.max || (range.whole && !Number.isInteger(value))) {
		throw rangeViolationError(node, itemIndex, range, value);
	}
}

/** Throws a NodeOperationError naming the item, the field, the limit and the actual size. */
export function assertWithinLimit(node: INode, itemIndex: number, limit: FieldLimit, value: string): void {
	const size = measure(value, limit.unit);
	if (size < limit.min || size > limit.max) {
		throw limitViolationError(node, itemIndex, limit, size);
	}
}
