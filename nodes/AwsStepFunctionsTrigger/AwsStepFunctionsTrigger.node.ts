import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { asNodeError, readAwsError, toNodeApiError } from '../shared/errors/aws';
import { noMatchingExecutionError, noStatusChosenError, triggerNumberError } from '../shared/errors/trigger';
import { parseNumber, toBoolean } from '../shared/helpers/text';
import { locatorProperty, readTriggerReference, resolveArn } from '../shared/locators';
import type { ResourceReference } from '../shared/locators';
import { credentialTest, listSearch } from '../shared/methods';
import { requestContext, sessionFromCredential } from '../shared/aws/session';
import type { SfnSession } from '../shared/aws/session';
import { ENDED_STATUSES, executionItem, listEnded } from './executions';
import type { Ended, EndedStatus } from './executions';
import { advance, readPollState, SETTLE_MS, startingState } from './pollState';

const HOUR_MS = 3_600_000;
/** A year and a day: the longest a STANDARD execution runs. */
const MAX_LONGEST_RUN_HOURS = 8784;

export class AwsStepFunctionsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS Step Functions Trigger',
		name: 'awsStepFunctionsTrigger',
		icon: { light: 'file:awsStepFunctions.svg', dark: 'file:awsStepFunctions.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Ended " + $parameter["statuses"].join(", ") }}',
		// n8n's nodes panel lists this trigger inside the AWS Step Functions entry (it merges a trigger into the node whose
		// name it has without "Trigger") and shows the trigger's description on that entry: so this is the action node's
		// description, word for word. What starts this trigger is said by its event (the hidden Event property below).
		description: 'Answer task tokens, start and watch executions, and manage state machines and activities of AWS Step Functions',
		defaults: { name: 'AWS Step Functions Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' }],
		properties: [
			locatorProperty('stateMachine'),
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Aborted', value: 'ABORTED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Succeeded', value: 'SUCCEEDED' },
					{ name: 'Timed Out', value: 'TIMED_OUT' },
				],
				default: ['FAILED', 'TIMED_OUT', 'ABORTED'],
				description: 'Fires once for each execution that ends with one of these statuses',
			},
			{
				displayName:
					'Fires for executions that end after the workflow was activated, each once. The first poll only records where to start.',
				name: 'pollNotice',
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
						displayName: 'Include Execution Data',
						name: 'includeExecutionData',
						type: 'boolean',
						default: true,
						description:
							'Whether each item also carries the input and output (parsed) and, for failures, error and cause (one states:DescribeExecution call per execution)',
					},
					{
						displayName: 'Longest Run (Hours)',
						name: 'longestRunHours',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_LONGEST_RUN_HOURS },
						default: 24,
						description:
							'How long executions of this state machine run at most. Each poll reads the executions that started up to this long before the previous poll; one that ran longer may be missed. Higher values read more pages.',
					},
				],
			},
			{
				// Read by n8n's nodes panel only, never by the node, and never shown (hidden): the panel names a trigger's
				// events after the options of a property called "Event" (without one: "On new AWS Step Functions event"),
				// under "Triggers" of the AWS Step Functions entry.
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				default: 'executionEnded',
				options: [
					{
						name: 'Execution Ended',
						value: 'executionEnded',
						action: 'On execution ended (failed, timed out, aborted)',
						description: 'Starts the workflow when executions of a state machine end: by default when they fail, time out or are aborted',
					},
				],
			},
		],
	};

	// testedBy names a function n8n looks up on whichever node with this credential it finds first.
	methods = { credentialTest, listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const manual = this.getMode() === 'manual';
		const reference = readTriggerReference(this, 'stateMachine');
		const statuses = readStatuses(this);
		const includeData = toBoolean(node, 0, 'Include Execution Data', this.getNodeParameter('options.includeExecutionData', true), true);
		const longestRunMs = readLongestRunHours(this) * HOUR_MS;
		const pollTime = Date.now();
		if (manual) return await pollNewest(this, reference, statuses, includeData, longestRunMs);

		// n8n starts a poll at every Poll Time even while the previous one still runs (many pages, throttling):
		// both would read the same state and emit the same executions. The later one leaves it to the first.
		const staticData = this.getWorkflowStaticData('node');
		if (pollsInFlight.has(staticData)) return null;
		pollsInFlight.add(staticData);
		const session = await sessionFromCredential(this).catch((error: unknown) => {
			pollsInFlight.delete(staticData);
			throw error;
		});
		const context = { node, itemIndex: 0, action: 'ListExecutions' };
		// A user's activation starts afresh (the static data outlives a deactivation): what ended while the
		// workflow was off is not emitted. n8n builds one poll context per activation and polls with it at once;
		// a restart of n8n ('init') and n8n 2.x's durable scheduler ('update', a context per poll) continue.
		const freshActivation = FRESH_ACTIVATIONS.has(this.getActivationMode()) && !startedContexts.has(this);
		try {
			const stateMachineArn = await resolveArn(session, reference, context);
			const state = freshActivation ? undefined : readPollState(staticData.pollState);
			const since = state?.since ?? pollTime - SETTLE_MS;
			const ended = await listEnded(session, stateMachineArn, statuses, () => since - longestRunMs, context);
			if (!state) {
				staticData.pollState = startingState(pollTime, ended) as unknown as IDataObject;
				// Only once the starting point is kept: after a failed first poll, the next one starts afresh too.
				startedContexts.add(this);
				return null;
			}
			const next = advance(state, pollTime, ended);
			// Execution data is read before the state moves on: a failed read fails the poll, and the next poll tries again.
			const items = await itemsOf(node, session, next.emit, includeData);
			staticData.pollState = next.state as unknown as IDataObject;
			return items.length > 0 ? [items] : null;
		} catch (error) {
			throw asNodeError(node, error, requestContext(session, 'ListExecutions'));
		} finally {
			pollsInFlight.delete(staticData);
		}
	}
}

/** Activation modes of a user turning the workflow on, as opposed to n8n restarting ('init') or updating it. */
const FRESH_ACTIVATIONS = new Set(['activate', 'create']);
/** The poll contexts of this process that have recorded their activation's starting point (see poll()). */
const startedContexts = new WeakSet<object>();

/** The static data of the polls under way in this process (see poll()). */
const pollsInFlight = new WeakSet<object>();

/** Manual test: the newest execution that ended with a chosen status; the poll state is left alone. */
async function pollNewest(
	ctx: IPollFunctions,
	reference: ResourceReference,
	statuses: EndedStatus[],
	includeData: boolean,
	longestRunMs: number,
): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const session = await sessionFromCredential(ctx);
	const context = { node, itemIndex: 0, action: 'ListExecutions' };
	try {
		const stateMachineArn = await resolveArn(session, reference, context);
		const ended = await listEnded(session, stateMachineArn, statuses, (newestStop) => newestStop - longestRunMs, context);
		const newest = ended.sort((a, b) => b.stopDate - a.stopDate)[0];
		if (!newest) throw noMatchingExecutionError(node, statuses);
		return [await itemsOf(node, session, [newest], includeData)];
	} catch (error) {
		throw asNodeError(node, error, requestContext(session, 'ListExecutions'));
	}
}

/**
 * Errors that concern one execution's data only: that execution is emitted with what the listing says and
 * the reason its data is missing, instead of failing every poll (and holding back every other execution)
 * for as long as it stays listed. Anything else (throttling, network, permissions) fails the poll, which
 * the next poll repeats.
 */
const ONE_EXECUTION_ERRORS = new Set(['ExecutionDoesNotExist']);

async function itemsOf(node: INode, session: SfnSession, executions: readonly Ended[], includeData: boolean): Promise<INodeExecutionData[]> {
	// The session keeps at most its "Max Concurrent Requests" of DescribeExecution on the wire.
	const items = await Promise.all(
		executions.map(async (ended) => {
			try {
				return await executionItem(session, ended, includeData);
			} catch (error) {
				const context = requestContext(session, 'DescribeExecution');
				if (!ONE_EXECUTION_ERRORS.has(readAwsError(error).code)) throw asNodeError(node, error, context);
				return { ...(await executionItem(session, ended, false)), executionDataError: toNodeApiError(node, error, context).message };
			}
		}),
	);
	return items.map((json) => ({ json }));
}

function readStatuses(ctx: IPollFunctions): EndedStatus[] {
	const value = ctx.getNodeParameter('statuses', []) as unknown;
	const statuses = (Array.isArray(value) ? value : [value]).filter((status): status is EndedStatus =>
		(ENDED_STATUSES as readonly unknown[]).includes(status),
	);
	if (statuses.length === 0) throw noStatusChosenError(ctx.getNode());
	return [...new Set(statuses)];
}

function readLongestRunHours(ctx: IPollFunctions): number {
	const value = ctx.getNodeParameter('options.longestRunHours', 24);
	const hours = parseNumber(value);
	if (hours === undefined || hours < 1 || hours > MAX_LONGEST_RUN_HOURS) {
		throw triggerNumberError(ctx.getNode(), 'Longest Run (Hours)', value, 1, MAX_LONGEST_RUN_HOURS);
	}
	return hours;
}
