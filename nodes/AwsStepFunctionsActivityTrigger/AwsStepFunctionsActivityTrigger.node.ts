import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	ExecutionError,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

import { asNodeError, toNodeApiError } from '../shared/errors/aws';
import { activityGoneError, pollFailedError, triggerNumberError } from '../shared/errors/trigger';
import { assertWithinLimit, LIMITS } from '../shared/helpers/limits';
import { parseNumber, toText } from '../shared/helpers/text';
import { locatorProperty, readTriggerReference, resolveArn } from '../shared/locators';
import { credentialTest, listSearch } from '../shared/methods';
import { pause } from '../shared/helpers/wait';
import { workerNameProperty } from '../shared/workerName';
import { DEFAULT_RETRY_ATTEMPTS, LONG_POLL_TIMEOUT_MS, requestContext, sessionFromCredential } from '../shared/aws/session';
import type { SfnSession } from '../shared/aws/session';
import { startActivityWorker } from './worker';
import type { ActivityWorker } from './worker';

const MAX_POLLERS = 10;

/** n8n 2.x records a trigger's error as a failed execution (and runs the error workflow) without deactivating it. */
type WithFailedExecutions = ITriggerFunctions & { saveFailedExecution?: (error: ExecutionError) => void };

/** How long a stop waits for tasks received meanwhile to be handed back before it aborts their requests. */
const HAND_BACK_GRACE_MS = 2_000;

export class AwsStepFunctionsActivityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS Step Functions Activity Trigger',
		name: 'awsStepFunctionsActivityTrigger',
		icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Worker: " + $parameter["workerName"] }}',
		description: 'Works the tasks of an AWS Step Functions activity: one workflow execution per task',
		defaults: { name: 'AWS Step Functions Activity Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' }],
		eventTriggerDescription: 'Waiting for a task of the activity',
		activationMessage: 'n8n now works the tasks of this activity: each task starts one execution of this workflow.',
		properties: [
			locatorProperty('activity'),
			workerNameProperty,
			{
				displayName:
					'Answer every task with the AWS Step Functions node: Send Task Success or Send Task Failure with {{ $json.taskToken }}, and Send Task Heartbeat during long work. Give the state a Retry on n8n.WorkerStopped: a task that arrives while the workflow is deactivated is handed back with that error.',
				name: 'answerNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Pollers',
						name: 'pollers',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_POLLERS },
						default: 1,
						description:
							'How many long polls wait for tasks at once: more take a burst of tasks faster. Each waiting poll counts against the 1,000 open polls Step Functions allows per activity.',
					},
				],
			},
		],
	};

	// testedBy names a function n8n looks up on whichever node with this credential it finds first.
	methods = { credentialTest, listSearch };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const manual = this.getMode() === 'manual';
		const reference = readTriggerReference(this, 'activity');
		const workerName = toText(node, 0, LIMITS.workerName.label, this.getNodeParameter('workerName', 'n8n')).trim() || 'n8n';
		assertWithinLimit(node, 0, LIMITS.workerName, workerName);
		const pollers = manual ? 1 : readPollers(this);

		const stopController = new AbortController();
		// Every long poll may last 60 s; one connection per poller.
		const tuning = { maxConcurrency: pollers, retryAttempts: DEFAULT_RETRY_ATTEMPTS, requestTimeoutMs: LONG_POLL_TIMEOUT_MS };
		const session = await sessionFromCredential(this, tuning, stopController.signal);
		const context = requestContext(session, 'GetActivityTask');
		let activityArn: string;
		try {
			activityArn = await resolveArn(session, reference, { node, itemIndex: 0 });
			await assertActivityExists(this, session, activityArn);
		} catch (error) {
			// A name look-up marks its errors as ListActivities (asAction); the rest come from DescribeActivity.
			throw asNodeError(node, error, requestContext(session, 'DescribeActivity'));
		}

		// Hand-backs go out after the stop signal fired, so they use a session of their own, opened only if needed,
		// ended by a signal of their own a moment after the stop.
		const handBackController = new AbortController();
		let answering: Promise<SfnSession> | undefined;
		const answerSession = () =>
			(answering ??= sessionFromCredential(this, { maxConcurrency: 2, retryAttempts: 2, requestTimeoutMs: 10_000 }, handBackController.signal));

		let worker: ActivityWorker | undefined;
		const start = () => {
			worker = startActivityWorker({
				session,
				answerSession,
				stopController,
				activityArn,
				workerName,
				pollers,
				once: manual,
				emit: (item) => this.emit([[{ json: item }]]),
				report: (error, failures, retryInMs) => {
					const reported = pollFailedError(toNodeApiError(node, error, context), failures, retryInMs);
					const saveFailedExecution = (this as WithFailedExecutions).saveFailedExecution;
					// In a manual test the error ends the test; an active workflow keeps polling, and n8n 2.x lists the
					// error as a failed execution. n8n 1.x has no such call: its emitError would deactivate the
					// workflow, so there the error goes to n8n's log.
					if (manual) this.emitError(reported);
					else if (saveFailedExecution) saveFailedExecution.call(this, reported);
					else this.logger.error(`${reported.message}: ${reported.description ?? ''}`, { workflowId: this.getWorkflow().id, node: node.name });
				},
				// Log lines carry error codes and messages from the server, which may echo a secret.
				log: (message) => this.logger.warn(session.scrub(`${node.name}: ${message}`)),
				fail: () => this.emitError(activityGoneError(node, activityArn, session.region)),
			});
		};

		// n8n awaits this on deactivation: the long polls end at once (their requests carry the stop signal);
		// tasks that arrived meanwhile are handed back within a short grace, so a hanging server cannot hold
		// the deactivation.
		const closeFunction = async () => {
			stopController.abort();
			const stopped = worker?.stop() ?? Promise.resolve();
			const graceOver = new AbortController();
			await Promise.race([stopped, pause(HAND_BACK_GRACE_MS, graceOver.signal)]);
			graceOver.abort();
			handBackController.abort();
			await stopped;
		};

		if (manual) return { closeFunction, manualTriggerFunction: async () => start() };
		start();
		return { closeFunction };
	}
}

/** Pollers as a number, or its text ("3") as an expression may give it. */
function readPollers(ctx: ITriggerFunctions): number {
	const value = ctx.getNodeParameter('options.pollers', 1);
	const number = parseNumber(value);
	if (number === undefined || !Number.isInteger(number) || number < 1 || number > MAX_POLLERS) {
		throw triggerNumberError(ctx.getNode(), 'Pollers', value, 1, MAX_POLLERS);
	}
	return number;
}

/**
 * At activation: an activity that does not exist fails the activation with a clear message, and n8n retries the
 * activation with growing pauses, instead of starting pollers that could only fail. Without the permission
 * states:DescribeActivity the check is skipped: the first poll tells the same.
 */
async function assertActivityExists(ctx: ITriggerFunctions, session: SfnSession, activityArn: string): Promise<void> {
	try {
		await session.call('DescribeActivity', { activityArn });
	} catch (error) {
		const code = (error as { name?: string }).name;
		if (code === 'ActivityDoesNotExist') throw activityGoneError(ctx.getNode(), activityArn, session.region);
		if (code === 'AccessDeniedException') return;
		throw asNodeError(ctx.getNode(), error, requestContext(session, 'DescribeActivity'));
	}
}
