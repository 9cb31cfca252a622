import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureN8n } from '../../support/n8nInstall';
import { packProject } from '../../support/n8nInstance';
import { startStepFunctionsLocal } from '../../support/stepFunctionsLocal';
import type { StepFunctionsLocal } from '../../support/stepFunctionsLocal';
import { startCluster } from './cluster';
import type { Cluster } from './cluster';
import { localCredential, recordTaskAnswers } from './taskLoad';

export const CREDENTIAL = { id: 'sfnQueueCredent1', name: 'Step Functions Local (queue)' };

/**
 * Shorter Bull locks than n8n's defaults (60 s lock, 30 s stall check), so that a killed worker's jobs are found
 * stalled within about 25 s instead of up to 90 s; nothing else differs from a default queue-mode set-up.
 */
export const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/** A workflow of test/queue/workflows, with placeholders such as __ACTIVITY_ARN__ replaced. */
export function readWorkflow(file: string, replacements: Record<string, string> = {}): { id: string } {
	let text = fs.readFileSync(path.join(__dirname, '..', 'workflows', file), 'utf8');
	for (const [placeholder, value] of Object.entries(replacements)) text = text.split(placeholder).join(value);
	return JSON.parse(text) as { id: string };
}

export interface QueueSuite {
	cluster: Cluster;
	server: StepFunctionsLocal;
	ledger: ReturnType<typeof recordTaskAnswers>;
	workDir: string;
}

/**
 * Brings up, for the test file that calls it, stepfunctions-local, Redis, Postgres, an n8n 2.x main and `workers`
 * workers with the packed package, and ends all of it afterwards. SFN_PACKED_TARBALL names an already packed
 * tarball to use instead of building and packing the working tree.
 */
export function useQueueCluster(options: {
	/** The workflows to import and publish, or a function that makes them once the Step Functions server runs */
	workflows: Array<{ id: string }> | ((endpoint: string) => Promise<Array<{ id: string }>>);
	workers?: number;
	env?: Record<string, string>;
}): QueueSuite {
	const suite = {} as QueueSuite;
	beforeAll(async () => {
		suite.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-queue-'));
		// jest.queue.config.js packs once (test/queue/support/globalSetup.js); a file run on its own packs for itself.
		const tarball = process.env.SFN_PACKED_TARBALL ?? packProject(suite.workDir);
		const install = ensureN8n('2.x');
		suite.server = await startStepFunctionsLocal();
		suite.ledger = recordTaskAnswers();
		const workflows = typeof options.workflows === 'function' ? await options.workflows(suite.server.endpoint) : options.workflows;
		suite.cluster = await startCluster({
			install,
			tarball,
			workDir: suite.workDir,
			workers: options.workers ?? 2,
			credentials: [localCredential(CREDENTIAL, suite.server.endpoint)],
			workflows,
			env: { ...FAST_STALL_DETECTION, ...options.env },
		});
	}, 10 * 60_000);
	afterAll(async () => {
		await suite.cluster?.stop();
		suite.ledger?.stop();
		await suite.server?.stop();
		// QUEUE_KEEP_LOGS=1 keeps the user folders and the logs of every process (main.log, worker-N.log, ...).
		if (suite.workDir && !process.env.QUEUE_KEEP_LOGS) fs.rmSync(suite.workDir, { recursive: true, force: true });
	}, 2 * 60_000);
	return suite;
}

/** Polls until check() returns a value. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
