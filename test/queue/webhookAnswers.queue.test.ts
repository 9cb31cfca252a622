import { createActivityMachine, expectedAnswer, callWebhook, serverViews, startTasks } from './support/taskLoad';
import type { ActivityMachine, ServerView, Task, TaskAnswer } from './support/taskLoad';
import type { StoredExecution } from './support/cluster';
import { eventually, readWorkflow, useQueueCluster } from './support/queueSuite';

/**
 * n8n 2.40.7 in queue mode (Redis, Postgres, one main, two `n8n worker` processes, each with the packed package
 * installed in its own user folder as n8n installs community packages) answers Step Functions tasks that arrive
 * on a production webhook: Webhook -> If -> Send Task Success / Send Task Failure. Every check is made on the
 * Step Functions server's side (its record of accepted answers and its executions) and in n8n's own records.
 */
const WORKFLOW = readWorkflow('webhook-answer.json');
const suite = useQueueCluster({ workflows: [WORKFLOW] });
const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

let machine: ActivityMachine;
beforeAll(async () => {
	machine = await createActivityMachine(suite.server.endpoint);
});

/** An accepted answer, without its time: what can be compared with expectedAnswer(). */
function comparable(answer: TaskAnswer) {
	return answer.action === 'SendTaskSuccess'
		? { action: answer.action, output: answer.output }
		: { action: answer.action, error: answer.error, cause: answer.cause };
}

/** What the server must show for an order once its task was answered as the workflow decides. */
function expectedView(orderId: number): ServerView {
	const answer = expectedAnswer(orderId);
	return answer.action === 'SendTaskSuccess'
		? { status: 'SUCCEEDED', output: answer.output }
		: { status: 'FAILED', output: undefined, error: answer.error, cause: answer.cause };
}

/** The server's executions of these tasks once none of the given ones is RUNNING any more. */
async function closedViews(tasks: Task[]) {
	return await eventually(
		async () => {
			const views = await serverViews(machine.client, tasks);
			return views.every((view) => view.status !== 'RUNNING') ? views : undefined;
		},
		'the answered executions to close on the server',
	);
}

/** n8n's executions of the workflow that are not in `before`, once all of them have reached a final status. */
async function settledExecutions(before: Set<string>, count: number): Promise<StoredExecution[]> {
	return await eventually(
		async () => {
			const fresh = (await suite.cluster.executions(WORKFLOW.id)).filter((execution) => !before.has(execution.id));
			return fresh.length >= count && fresh.every((execution) => FINAL.has(execution.status)) ? fresh : undefined;
		},
		"n8n's executions to reach a final status",
		120_000,
	);
}

describe('n8n 2.x in queue mode: main, two workers, Redis and Postgres', () => {
	it('answers 500 tasks from 500 production webhook calls (20 at a time) exactly once each, with the right result, on both workers', async () => {
		const tasks = await startTasks(machine, 500, 1);
		const calls = await callWebhook(suite.cluster.webhookUrl('queue-answer'), tasks, { concurrency: 20 });
		// n8n's main learns that a worker finished an execution through Bull's job messages over Redis pub/sub,
		// which deliver at most once: rarely (about once in a thousand calls here, also with a No Operation node
		// in place of this package's node) a caller waiting for the last node gets no answer at all, although the
		// execution ran. Such a call gets no HTTP error; its task must still be answered exactly once (checked
		// below with every other task) and n8n must record its execution as a success.
		expect(calls.filter((call) => call.status !== 200 && call.status !== null)).toEqual([]);
		const neverAnswered = calls.filter((call) => call.status === null);
		if (neverAnswered.length > 0) {
			process.stdout.write(`webhook calls n8n never answered (execution finished on a worker): orders ${neverAnswered.map((call) => call.orderId).join(', ')}\n`);
		}

		// The server accepted exactly one answer per task, the one the If node chose.
		const wrongAnswers = tasks.flatMap(({ orderId, taskToken }) => {
			const answers = (suite.ledger.answers.get(taskToken) ?? []).map(comparable);
			return answers.length === 1 && JSON.stringify(answers[0]) === JSON.stringify(expectedAnswer(orderId)) ? [] : [{ orderId, answers }];
		});
		expect(wrongAnswers).toEqual([]);
		const views = await closedViews(tasks);
		expect(views).toEqual(tasks.map(({ orderId }) => expectedView(orderId)));

		// n8n recorded one successful webhook execution per call; n8n's records do not say which worker ran an
		// execution (no such column in 2.40.7), each worker's log does ("Worker started execution <id>").
		const stored = await suite.cluster.executions(WORKFLOW.id);
		expect(stored).toHaveLength(500);
		expect(stored.filter((execution) => execution.status !== 'success' || execution.mode !== 'webhook')).toEqual([]);
		expect(tasks.filter(({ taskToken }) => stored.filter((execution) => execution.data?.includes(taskToken)).length !== 1)).toEqual([]);
		// A log line can reach us a moment after the HTTP answer.
		const byWorker = await eventually(async () => {
			const logged = suite.cluster.executionsByWorker();
			return logged['worker-1'].length + logged['worker-2'].length >= stored.length ? logged : undefined;
		}, "the workers' log lines", 10_000).catch(() => suite.cluster.executionsByWorker());
		expect(byWorker['worker-1'].length).toBeGreaterThan(0);
		expect(byWorker['worker-2'].length).toBeGreaterThan(0);
		const ranByWorkers = [...byWorker['worker-1'], ...byWorker['worker-2']];
		expect(new Set(ranByWorkers).size).toBe(ranByWorkers.length);
		expect(ranByWorkers.sort()).toEqual(stored.map((execution) => execution.id).sort());
		// Checked last, once every task is known to be answered exactly once and every execution recorded as a
		// success: how often n8n's main lost a worker's "finished" message. It was up to 2 in 500 with the bundled
		// SDK and 3 in 500 in one CI run since requests go through n8n's HTTP layer (more work per execution on the
		// workers); at most 1 % is allowed.
		expect(neverAnswered.length).toBeLessThanOrEqual(5);
	});

	it('answers no task twice and loses none when a worker is killed (SIGKILL) in the middle of 500 more calls', async () => {
		const before = new Set((await suite.cluster.executions(WORKFLOW.id)).map((execution) => execution.id));
		const tasks = await startTasks(machine, 500, 1001);
		const tokens = tasks.map((task) => task.taskToken);
		const victim = suite.cluster.workers[1];
		let answeredAtKill: number | undefined;
		const watcher = setInterval(() => {
			if (answeredAtKill === undefined && suite.ledger.answeredCount(tokens) >= 150) {
				answeredAtKill = suite.ledger.answeredCount(tokens);
				process.kill(victim.process.pid as number, 'SIGKILL');
			}
		}, 20);
		let calls;
		try {
			calls = await callWebhook(suite.cluster.webhookUrl('queue-answer'), tasks, { concurrency: 20, timeoutMs: 180_000 });
		} finally {
			clearInterval(watcher);
		}
		expect(answeredAtKill).toBeDefined();
		await victim.process.exited;

		const stored = await settledExecutions(before, 500);
		expect(stored).toHaveLength(500);
		const outcome = tasks.map((task, index) => ({
			task,
			call: calls[index],
			answers: suite.ledger.answers.get(task.taskToken) ?? [],
			executions: stored.filter((execution) => execution.data?.includes(task.taskToken)),
		}));
		// None answered twice, and no token in two executions.
		expect(outcome.filter(({ answers }) => answers.length > 1).map(({ task }) => task.orderId)).toEqual([]);
		expect(outcome.filter(({ executions }) => executions.length > 1).map(({ task }) => task.orderId)).toEqual([]);

		// Answered once: with the right result, and the server closed the execution accordingly.
		const answered = outcome.filter(({ answers }) => answers.length === 1);
		expect(answered.filter(({ task, answers }) => JSON.stringify(comparable(answers[0])) !== JSON.stringify(expectedAnswer(task.orderId)))).toEqual([]);
		const answeredViews = await closedViews(answered.map(({ task }) => task));
		expect(answeredViews).toEqual(answered.map(({ task }) => expectedView(task.orderId)));
		// Every call that n8n acknowledged with 200 had its task answered, and its execution succeeded.
		expect(outcome.filter(({ call, answers, executions }) => call.status === 200 && (answers.length !== 1 || executions[0]?.status !== 'success'))).toEqual([]);

		// The kill cut executions short: n8n failed them ("job stalled more than maxStalledCount") and wrote the error
		// over their stored run data, so their records no longer hold the webhook's body (the task token). They
		// can only be counted: one failed record per task that n8n did not see through.
		const failed = stored.filter((execution) => execution.status !== 'success');
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.filter((execution) => !['error', 'crashed'].includes(execution.status))).toEqual([]);
		const unanswered = outcome.filter(({ answers }) => answers.length === 0);
		const answeredWithoutSuccess = answered.filter(({ executions }) => executions[0]?.status !== 'success');
		expect(failed).toHaveLength(unanswered.length + answeredWithoutSuccess.length);
		// Only the killed worker's executions failed: the surviving worker (whose log is complete) started none of them.
		const survivorStarted = new Set(suite.cluster.executionsByWorker()[suite.cluster.workers[0].name]);
		expect(failed.filter((execution) => survivorStarted.has(execution.id))).toEqual([]);

		// Not answered: the caller got no success and the task is still open on the server for a retry.
		expect(unanswered.filter(({ call }) => call.status === 200).map(({ task }) => task.orderId)).toEqual([]);
		const openViews = await serverViews(machine.client, unanswered.map(({ task }) => task));
		expect(openViews.filter((view) => view.status !== 'RUNNING')).toEqual([]);

		process.stdout.write(
			`worker killed after ${answeredAtKill} answers: ${failed.length} executions failed (${[...new Set(failed.map(({ status }) => status))].join('/')}); ` +
				`tasks answered ${answered.length}, left open ${unanswered.length} (HTTP ${[...new Set(unanswered.map(({ call }) => call.status))].join('/')}), ` +
				`answered although n8n reports the execution failed ${answeredWithoutSuccess.length}\n`,
		);
	});
});
