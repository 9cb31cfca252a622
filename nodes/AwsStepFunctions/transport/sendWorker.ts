/**
 * A worker thread that owns an SDK session and sends the commands the node's main thread hands it
 * (transport/sendPool.ts). Serialising, signing and the SDK's middleware then run here, beside n8n's main
 * thread, which keeps evaluating the next items' expressions.
 */
import { parentPort, workerData } from 'worker_threads';

import { createSfnSession } from './sfnClient';
import type { ClientTuning, SfnSession, StepFunctionsCredentials } from './sfnClient';
import type { PoolReply, PoolRequest } from './sendPool';

interface WorkerSetup {
	credentials: StepFunctionsCredentials;
	tuning: ClientTuning;
}

/** The parts of an SDK error the node reads (helpers/errors.ts readAwsError); the rest stays here. */
function errorFields(error: unknown): PoolReply['error'] {
	const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<string, unknown>;
	const errors = Array.isArray(e.errors) ? e.errors.map((part: { code?: unknown }) => ({ code: String(part?.code ?? '') })) : undefined;
	return {
		name: typeof e.name === 'string' ? e.name : 'Error',
		message: e.message ?? String(error),
		code: typeof e.code === 'string' ? e.code : undefined,
		errors,
		$metadata: e.$metadata as Record<string, unknown> | undefined,
		$retryable: e.$retryable as { throttling?: boolean } | undefined,
	};
}

async function serve(port: NonNullable<typeof parentPort>, setup: WorkerSetup) {
	const cancel = new AbortController();
	const session: SfnSession = await createSfnSession(setup.credentials, setup.tuning, cancel.signal);
	const commands = session.sdk as unknown as Record<string, new (input: object) => Parameters<SfnSession['send']>[0]>;
	port.on('message', (message: PoolRequest | { cancel: true } | { close: true }) => {
		if ('cancel' in message) return cancel.abort();
		if ('close' in message) {
			session.close();
			return port.close();
		}
		const send = message.unrepeatable ? session.sendUnrepeatable : session.send;
		send(new commands[message.command](message.input)).then(
			(output) => port.postMessage({ id: message.id, output } satisfies PoolReply),
			(error: unknown) => port.postMessage({ id: message.id, error: errorFields(error) } satisfies PoolReply),
		);
	});
}

if (parentPort) void serve(parentPort, workerData as WorkerSetup);
