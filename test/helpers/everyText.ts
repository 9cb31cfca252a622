import { inspect } from 'util';

/**
 * Every text reachable from a value: own properties enumerable or not (message, stack, cause, errorResponse,
 * description, context...), symbols, nested objects; circular references visited once. Plus the value as
 * JSON, as String() and as Node's inspect prints it (what a logger writes).
 */
export function everyText(root: unknown): string {
	const seen = new WeakSet<object>();
	const texts: string[] = [];
	const walk = (value: unknown) => {
		if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
			texts.push(String(value));
			return;
		}
		if (seen.has(value)) return;
		seen.add(value);
		for (const key of [...Object.getOwnPropertyNames(value), ...Object.getOwnPropertySymbols(value)]) {
			texts.push(String(key));
			let property: unknown;
			try {
				property = (value as Record<string | symbol, unknown>)[key];
			} catch {
				continue;
			}
			walk(property);
		}
	};
	walk(root);
	const circular = new WeakSet<object>();
	texts.push(
		JSON.stringify(root, (_key, value: unknown) => {
			if (typeof value === 'object' && value !== null) {
				if (circular.has(value)) return '[circular]';
				circular.add(value);
			}
			return value;
		}),
	);
	texts.push(String(root), inspect(root, { depth: 20, showHidden: true }));
	if (root instanceof Error) texts.push(String(root.stack), String((root as { cause?: unknown }).cause));
	return texts.join('\n');
}
