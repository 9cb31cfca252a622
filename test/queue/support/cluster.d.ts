import type { ChildProcess } from 'child_process';

import type { N8nInstall } from '../../support/n8nInstall';

export interface ClusterProcess extends ChildProcess {
	name: string;
	/** Everything the process printed so far */
	output(): string;
	exited: Promise<void>;
}
export interface ClusterWorker {
	name: string;
	process: ClusterProcess;
	healthPort: number;
	userFolder: string;
}
export interface StoredExecution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	/** n8n's run data as stored (flatted JSON text), or null */
	data: string | null;
}
export interface Cluster {
	main: { process: ClusterProcess; port: number; userFolder: string };
	workers: ClusterWorker[];
	postgres: { host: string; port: number; query(sql: string): Promise<string> };
	redis?: { host: string; port: number };
	webhookUrl(path: string): string;
	executions(workflowId: string): Promise<StoredExecution[]>;
	executionsByWorker(): Record<string, string[]>;
	stop(): Promise<void>;
}
export function startCluster(options: {
	install: N8nInstall;
	tarball: string;
	workDir: string;
	mode?: 'queue' | 'regular';
	workers?: number;
	concurrency?: number;
	credentials: object[];
	workflows: Array<{ id: string }>;
	env?: Record<string, string>;
}): Promise<Cluster>;
