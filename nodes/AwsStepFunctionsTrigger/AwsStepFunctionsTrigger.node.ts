import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { asNodeError, noMatchingExecutionError, noStatusChosenError, triggerNumberError } from '../shared/helpers/errors';
import { locatorProperty, readTriggerReference, resolveArn } from '../shared/locators';
import { listSearch } from '../shared/methods';
import { requestContext, sessionFromCredential } from '../shared/transport/sfnClient';
import type { SfnSession } from '../shared/transport/sfnClient';
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
		description: 'Starts the workflow when executions of an AWS Step Functions state machine end, e.g. fail',
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
		],
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const manual = this.getMode() === 'manual';
		const reference = readTriggerReference(this, 'stateMachine');
		const statuses = readStatuses(this);
		const includeData = this.getNodeParameter('options.includeExecutionData', true) !== false;
		const longestRunMs = readLongestRunHours(this) * HOUR_MS;
		const pollTime = Date.now();

		const session = await sessionFromCredential(this);
		const context = { node, itemIndex: 0, action: 'ListExecutions' };
		try {
			const stateMachineArn = await resolveArn(session, reference, context);
			if (manual) {
				const ended = await listEnded(session, stateMachineArn, statuses, (found) => newestStop(found) - longestRunMs, context);
				const newest = ended.sort((a, b) => b.stopDate - a.stopDate)[0];
				if (!newest) throw noMatchingExecutionError(node, statuses);
				return [[{ json: await executionItem(session, newest, includeData) }]];
			}

			const staticData = this.getWorkflowStaticData('node');
			const state = readPollState(staticData.pollState);
			const since = state?.since ?? pollTime - SETTLE_MS;
			const ended = await listEnded(session, stateMachineArn, statuses, () => since - longestRunMs, context);
			if (!state) {
				staticData.pollState = startingState(pollTime, ended) as unknown as IDataObject;
				return null;
			}
			const next = advance(state, pollTime, ended);
			// Execution data is read before the state moves on: a failed read fails the poll, and the next poll tries again.
			const items = await itemsOf(session, next.emit, includeData);
			staticData.pollState = next.state as unknown as IDataObject;
			return items.length > 0 ? [items] : null;
		} catch (error) {
			const action = (error as { sfnAction?: string } | null)?.sfnAction ?? 'ListExecutions';
			throw asNodeError(node, error, requestContext(session, action));
		} finally {
			session.close();
		}
	}
}

async function itemsOf(session: SfnSession, executions: readonly Ended[], includeData: boolean): Promise<INodeExecutionData[]> {
	// The session keeps at most its "Max Concurrent Requests" of DescribeExecution on the wire.
	const items = await Promise.all(executions.map((ended) => executionItem(session, ended, includeData)));
	return items.map((json) => ({ json }));
}

function newestStop(found: readonly Ended[]): number {
	return found.length === 0 ? -Infinity : Math.max(...found.map((ended) => ended.stopDate));
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
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_LONGEST_RUN_HOURS) {
		throw triggerNumberError(ctx.getNode(), 'Longest Run (Hours)', value, 1, MAX_LONGEST_RUN_HOURS);
	}
	return value;
}
