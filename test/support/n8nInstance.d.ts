import type { ChildProcess } from 'child_process';

import type { N8nInstall } from './n8nInstall';

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}
/** The parts of n8n's run data the tests read. */
export interface N8nRun {
	data: {
		resultData: {
			error?: { message: string; description?: string | null; node?: { name: string } };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message: string };
					data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
				}>
			>;
		};
	};
	status?: string;
}
/** One row of n8n's execution table with its stored run data. */
export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	/** The run data exactly as stored (flatted JSON text) */
	data: string;
	/** The stored run data, parsed: the `data` part of an N8nRun */
	run: N8nRun['data'];
}
export class N8nCli {
	constructor(install: N8nInstall, userFolder: string);
	install: N8nInstall;
	userFolder: string;
	env(extra?: Record<string, string>): NodeJS.ProcessEnv;
	run(args: string[], options?: { allowFailure?: boolean }): Promise<CliResult>;
	importCredentials(credentials: object[]): Promise<void>;
	importWorkflows(folder: string): Promise<void>;
	execute(workflowId: string): Promise<CliResult & { run: N8nRun | null }>;
	/** Marks an imported workflow active for the next `n8n start` (2.x: publish:workflow; 1.x: update:workflow --active=true) */
	activateWorkflow(workflowId: string): Promise<void>;
	/** The executions of a workflow as n8n stored them in its database, oldest first */
	storedExecutions(workflowId: string): Promise<StoredExecution[]>;
	/** n8n start on 127.0.0.1:port, with a free task-runner broker port of its own */
	start(port: number): Promise<ChildProcess>;
	/** Ends every n8n process this instance started that still runs, by process id */
	stopAll(): void;
}
export const PACKAGE_NAME: string;
export const REPO_ROOT: string;
/** A free TCP port on 127.0.0.1 */
export function freePort(): Promise<number>;
export function freshUserFolder(prefix: string): string;
export function installCommunityPackage(userFolder: string, tarball: string): string;
export function packProject(outDir: string): string;
export function parseRunJson(stdout: string): N8nRun | null;
