// n8n in queue mode on 127.0.0.1: Redis, Postgres, one main process (editor, triggers, webhooks) and `n8n worker`
// processes, or one n8n in regular mode on the same Postgres for comparison. Every n8n process has a user folder of
// its own with the packed package installed the way n8n installs community packages, as separate hosts or containers
// would: a worker loads community nodes only from <its N8N_USER_FOLDER>/.n8n/nodes/node_modules at start-up.
'use strict';

const fs = require('fs');
const path = require('path');

const { N8nCli, freePort, installCommunityPackage } = require('../../support/n8nInstance');
const { startProcess, stopProcess, waitFor, killAllNow } = require('./processes');
const { startPostgres, startRedis } = require('./services');

/** N8nCli with the cluster's database and queue settings on every command it runs. */
class ClusterCli extends N8nCli {
	constructor(install, userFolder, clusterEnv) {
		super(install, userFolder);
		this.clusterEnv = clusterEnv;
	}

	env(extra = {}) {
		return super.env({ ...this.clusterEnv, ...extra });
	}
}

async function httpOk(url) {
	const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
	await response.arrayBuffer();
	return response.ok;
}

/**
 * @param {object} options
 * @param {{ nodeBinary: string, n8nBin: string, version: string, env: Record<string,string> }} options.install ensureN8n('2.x')
 * @param {string} options.tarball the packed package
 * @param {string} options.workDir a folder for user folders and logs
 * @param {'queue' | 'regular'} [options.mode]
 * @param {number} [options.workers] worker processes (queue mode)
 * @param {number} [options.concurrency] jobs each worker runs at once (`n8n worker --concurrency`)
 * @param {object[]} options.credentials for `n8n import:credentials`
 * @param {Array<{ id: string }>} options.workflows workflow objects to import and publish (activate)
 * @param {Record<string,string>} [options.env] more settings for every n8n process
 */
async function startCluster(options) {
	const { install, tarball, workDir, mode = 'queue', workers = 2, concurrency = 10, credentials, workflows, env = {} } = options;
	const parts = { redis: undefined, postgres: undefined, main: undefined, workers: [] };
	const stop = async () => {
		await Promise.all(parts.workers.map((worker) => stopProcess(worker.process, 'SIGTERM', 15_000)));
		if (parts.main) await stopProcess(parts.main.process, 'SIGTERM', 15_000);
		if (parts.redis) await parts.redis.stop();
		if (parts.postgres) await parts.postgres.stop();
	};
	try {
		parts.postgres = await startPostgres(workDir);
		if (mode === 'queue') parts.redis = await startRedis(workDir);
		const clusterEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: parts.postgres.host,
			DB_POSTGRESDB_PORT: String(parts.postgres.port),
			DB_POSTGRESDB_DATABASE: parts.postgres.database,
			DB_POSTGRESDB_USER: parts.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: mode,
			...(parts.redis ? { QUEUE_BULL_REDIS_HOST: parts.redis.host, QUEUE_BULL_REDIS_PORT: String(parts.redis.port) } : {}),
			N8N_HOST: '127.0.0.1',
			...env,
		};

		// The main instance's folder: import the credential and the workflows into the shared database, then publish
		// (n8n 2.x's word for activating) each workflow so that its production webhook is registered when main starts.
		const mainFolder = path.join(workDir, 'main');
		fs.mkdirSync(mainFolder, { recursive: true });
		installCommunityPackage(mainFolder, tarball);
		const cli = new ClusterCli(install, mainFolder, clusterEnv);
		await cli.importCredentials(credentials);
		const workflowsDir = path.join(workDir, 'workflows');
		fs.mkdirSync(workflowsDir, { recursive: true });
		for (const workflow of workflows) fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		await cli.importWorkflows(workflowsDir);
		for (const workflow of workflows) await cli.run(['publish:workflow', `--id=${workflow.id}`]);

		const port = await freePort();
		const mainEnv = cli.env({ N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const mainProcess = startProcess('n8n main', install.nodeBinary, [install.n8nBin, 'start'], {
			env: mainEnv,
			cwd: mainFolder,
			logFile: path.join(workDir, 'main.log'),
		});
		parts.main = { process: mainProcess, port, userFolder: mainFolder };
		await waitFor(() => httpOk(`http://127.0.0.1:${port}/healthz/readiness`), 'n8n main to be ready', { child: mainProcess, timeoutMs: 120_000 });

		for (let index = 1; mode === 'queue' && index <= workers; index++) {
			parts.workers.push(await startWorker(install, tarball, workDir, clusterEnv, `worker-${index}`, concurrency));
		}
		await Promise.all(
			parts.workers.map((worker) =>
				waitFor(() => httpOk(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`), `${worker.name} to be ready`, {
					child: worker.process,
					timeoutMs: 120_000,
				}),
			),
		);
	} catch (error) {
		await stop().catch(() => killAllNow());
		throw error;
	}

	return {
		...parts,
		webhookUrl: (webhookPath) => `http://127.0.0.1:${parts.main.port}/webhook/${webhookPath}`,
		/**
		 * n8n's execution records of a workflow, oldest first: id, status, mode and the stored run data (flatted JSON
		 * text; it holds the webhook's body, hence the task token).
		 */
		async executions(workflowId) {
			const rows = await parts.postgres.query(
				`select coalesce(json_agg(json_build_object('id', e.id::text, 'status', e.status, 'mode', e.mode, 'finished', e.finished, 'data', d.data) order by e.id), '[]'::json)
				 from execution_entity e left join execution_data d on d."executionId" = e.id where e."workflowId" = '${workflowId.replace(/'/g, "''")}'`,
			);
			return JSON.parse(rows);
		},
		/** Which worker ran which execution: n8n stores no worker in its records, each worker logs the ids it starts. */
		executionsByWorker() {
			return Object.fromEntries(
				parts.workers.map((worker) => [worker.name, [...worker.process.output().matchAll(/Worker started execution (\d+) \(job/g)].map((match) => match[1])]),
			);
		},
		stop,
	};
}

/** One `n8n worker` with its own user folder (the package installed into it), broker port and health port. */
async function startWorker(install, tarball, workDir, clusterEnv, name, concurrency) {
	const userFolder = path.join(workDir, name);
	fs.mkdirSync(userFolder, { recursive: true });
	installCommunityPackage(userFolder, tarball);
	const cli = new ClusterCli(install, userFolder, clusterEnv);
	const healthPort = await freePort();
	const env = cli.env({
		N8N_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
	});
	const child = startProcess(name, install.nodeBinary, [install.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		env,
		cwd: userFolder,
		logFile: path.join(workDir, `${name}.log`),
	});
	return { name, process: child, healthPort, userFolder };
}

module.exports = { startCluster };
