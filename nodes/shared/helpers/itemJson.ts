import type { IDataObject } from 'n8n-workflow';

/**
 * Turns an API response into item JSON: dates become ISO strings, and the
 * named fields that hold JSON documents as text (input, output, definition...) are parsed, so that a workflow
 * reads $json.output.orderId instead of parsing text. Text that is not JSON is kept as it is.
 */
export function toItemJson(response: object, jsonTextFields: readonly string[] = []): IDataObject {
	const json = JSON.parse(JSON.stringify(response)) as IDataObject;
	for (const field of jsonTextFields) {
		const text = json[field];
		if (typeof text !== 'string') continue;
		try {
			json[field] = JSON.parse(text) as IDataObject;
		} catch {
			// Not JSON (for instance a redacted or truncated value): the text itself is the most useful thing to show.
		}
	}
	return json;
}
