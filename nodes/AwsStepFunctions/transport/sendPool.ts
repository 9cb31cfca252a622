import { existsSync } from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';

import type { SFNClient } from '@aws-sdk/client-sfn';

import type { ClientTuning, StepFunctionsCredentials } from './sfnClient';

/**
 * Worker threads that own the SDK clients of a large run (transport/sendWorker.ts). Profiled, a Send Task
 * call costs the SDK about 0.8 ms of CPU (serialising, SigV4 signing, middleware, HTTP); inside n8n that
 * work shared one thread with n8n's expression evaluation (about 0.5 ms an item), which capped bulk runs
 * well below what the network allowed. Commands cross as their class name and input (structured clone);
 * answers come back as output or as the error fields the node reads.
 */
export interface PoolRequest {
	id: number;
	command: string;
	input: object;
	unrepeatable: boolean;
}

export interface PoolReply {
	id: number;
	output?: object;
	error?: {
		name: string;
		/** As the SDK had it: usually text, but a server may send another JSON value */
		message: unknown;
		code?: string;
		errors?: Array<{ code: string }>;
		$metadata?: Record<string, unknown>;
		$retryable?: { throttling?: boolean };
	};
}

export interface SendPool {
	send: SFNClient['send'];
	sendUnrepeatable: SFNClient['send'];
	close(): void;
}

type Command = Parameters<SFNClient['send']>[0];

/** The compiled worker beside this file; absent when the sources run untranspiled (ts-jest), then none is used. */
export function sendWorkerScript(): string | undefined {
	const script = path.join(__dirname, 'sendWorker.js');
	return existsSync(script) ? script : undefined;
}

export function startSendPool(
	script: string,
	threads: number,
	credentials: StepFunctionsCredentials,
	tuning: ClientTuning,
	cancelSignal?: AbortSignal,
): SendPool {
	const pending = new Map<number, { resolve: (output: object) => void; reject: (error: Error) => void }>();
	let nextId = 0;
	const workerTuning: ClientTuning = { ...tuning, sendThreads: 0 };
	const workers = Array.from({ length: threads }, () => {
		const worker = new Worker(script, { workerData: { credentials, tuning: workerTuning } });
		worker.on('message', (reply: PoolReply) => {
			const waiting = pending.get(reply.id);
			if (!waiting) return;
			pending.delete(reply.id);
			if (reply.error) waiting.reject(Object.assign(new Error(), reply.error));
			else waiting.resolve(reply.output ?? {});
		});
		// A thread that dies takes its requests' answers with it: they fail rather than hang.
		const failAll = (error: Error) => {
			for (const [id, waiting] of pending) {
				pending.delete(id);
				waiting.reject(error);
			}
		};
		worker.on('error', failAll);
		worker.on('exit', () => failAll(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
		return worker;
	});
	const onCancel = () => workers.forEach((worker) => worker.postMessage({ cancel: true }));
	cancelSignal?.addEventListener('abort', onCancel, { once: true });

	const post = (command: Command, unrepeatable: boolean) =>
		new Promise<object>((resolve, reject) => {
			if (cancelSignal?.aborted) return reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
			const id = nextId++;
			pending.set(id, { resolve, reject });
			const request: PoolRequest = { id, command: command.constructor.name, input: command.input as object, unrepeatable };
			workers[id % workers.length].postMessage(request);
		});
	return {
		send: ((command: Command) => post(command, false)) as SFNClient['send'],
		sendUnrepeatable: ((command: Command) => post(command, true)) as SFNClient['send'],
		close() {
			cancelSignal?.removeEventListener('abort', onCancel);
			for (const worker of workers) void worker.terminate();
		},
	};
}
