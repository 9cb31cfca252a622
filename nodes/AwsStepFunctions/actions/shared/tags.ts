import type { Tag } from '@aws-sdk/client-sfn';
import type { INode, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { assertWithinLimit, LIMITS, MAX_TAGS_PER_RESOURCE } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';

/**
 * Tags of state machines and activities (Create State Machine, Create Activity, Tag: Add and Remove), checked
 * as Step Functions documents them: at most 50 per resource, keys 1-128 and values 0-256 characters of Unicode
 * letters, digits, white space and _ . : / = + - @, keys unique, and no key starting with "aws:" (reserved
 * for AWS's own tags, which nobody may add or remove).
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED_PREFIX = /^aws:/i;
const ALLOWED = 'Tags hold only letters, digits, spaces and _ . : / = + - @.';

/** The Tags list: "Add Tag" for each key and value. */
export function tagsProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Tags',
		name: 'tags',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tag',
		default: {},
		description: 'Key-value pairs for cost allocation and access control, at most 50 per resource',
		options: [
			{
				displayName: 'Tag',
				name: 'tag',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. team', description: '1-128 characters; may not start with "aws:"' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. finance', description: 'Up to 256 characters, may be empty' },
				],
			},
		],
		...overrides,
	};
}

/** The Tag Keys list of Tag: Remove. */
export function tagKeysProperty(): INodeProperties {
	return {
		displayName: 'Tag Keys',
		name: 'tagKeys',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tag Key',
		default: {},
		required: true,
		description: 'The keys of the tags to remove; keys the resource does not have are ignored',
		options: [{ displayName: 'Tag Key', name: 'key', values: [{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. team' }] }],
	};
}

function entriesOf(value: unknown, listName: string): Array<Record<string, unknown>> {
	const list = (value as Record<string, unknown> | undefined)?.[listName];
	return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

function checkTagKey(node: INode, itemIndex: number, key: string, seen: Set<string>): void {
	assertWithinLimit(node, itemIndex, LIMITS.tagKey, key);
	if (!TAG_CHARACTERS.test(key)) throw refusedValueError(node, itemIndex, LIMITS.tagKey.label, `"${key}" holds a character tags may not hold`, ALLOWED);
	if (RESERVED_PREFIX.test(key)) {
		throw refusedValueError(node, itemIndex, LIMITS.tagKey.label, `"${key}" starts with "aws:"`, 'The "aws:" prefix is reserved for tags AWS sets itself. Use another key.');
	}
	if (seen.has(key)) throw refusedValueError(node, itemIndex, LIMITS.tagKey.label, `"${key}" is given twice`, 'Each tag key may appear once.');
	seen.add(key);
}

function checkCount(node: INode, itemIndex: number, label: string, count: number): void {
	if (count > MAX_TAGS_PER_RESOURCE) {
		throw refusedValueError(node, itemIndex, label, `lists ${count} tags`, `A state machine or activity holds at most ${MAX_TAGS_PER_RESOURCE} tags.`);
	}
}

/** The tags of a Tags list, checked; an empty list gives []. */
export function readTags(node: INode, itemIndex: number, value: unknown): Tag[] {
	const entries = entriesOf(value, 'tag');
	checkCount(node, itemIndex, 'Tags', entries.length);
	const seen = new Set<string>();
	return entries.map((entry) => {
		const key = toText(node, itemIndex, LIMITS.tagKey.label, entry.key);
		checkTagKey(node, itemIndex, key, seen);
		const tagValue = toText(node, itemIndex, LIMITS.tagValue.label, entry.value);
		assertWithinLimit(node, itemIndex, LIMITS.tagValue, tagValue);
		if (!TAG_CHARACTERS.test(tagValue)) {
			throw refusedValueError(node, itemIndex, LIMITS.tagValue.label, `of "${key}" holds a character tags may not hold`, ALLOWED);
		}
		return { key, value: tagValue };
	});
}

/** The keys of a Tag Keys list, checked like the keys of tags. */
export function readTagKeys(node: INode, itemIndex: number, value: unknown): string[] {
	const entries = entriesOf(value, 'key');
	checkCount(node, itemIndex, 'Tag Keys', entries.length);
	const seen = new Set<string>();
	return entries.map((entry) => {
		const key = toText(node, itemIndex, LIMITS.tagKey.label, entry.key);
		checkTagKey(node, itemIndex, key, seen);
		return key;
	});
}
