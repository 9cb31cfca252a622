import { createHash, randomUUID } from 'crypto';

import type { DescribeExecutionCommandOutput, StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	cancelledError,
	executionEndedError,
	executionNameError,
	readAwsError,
	waitTimedOutError,
} from '../../../shared/helpers/errors';
import { toItemJson } from '../../../shared/helpers/itemJson';
import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, forbiddenNameCharacter, LIMITS } from '../../../shared/helpers/limits';
import { readBoolean, readChoice, toText, toWholeNumber } from '../../../shared/helpers/text';
import { pause, pollDelay, TERMINAL_STATUSES } from '../../../shared/helpers/wait';
import { asAction, lookupOnce } from '../../../shared/transport/sfnClient';
import type { SfnSession } from '../../../shared/transport/sfnClient';
import type { ItemContext, Operation } from '../operation';
import { optionsCollection } from '../shared/optionsCollection';
import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';

const show = { resource: ['execution'], operation: ['start'] };
const DEFAULT_MAX_WAIT_SECONDS = 300;
const STATE_MACHINE_TYPES = ['auto', 'EXPRESS', 'STANDARD'] as const;

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine'),
	{
		displayName: 'Input',
		name: 'input',
		type: 'json',
		default: '{}',
		description: 'The JSON the execution starts with: JSON text, or an expression that gives an object. At most 262,144 bytes.',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until the execution ends and return its output. FAILED, TIMED_OUT and ABORTED executions become errors of the item.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_WAIT_SECONDS,
		description: 'How long to wait for a STANDARD execution before giving up waiting (it keeps running)',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	{
		displayName: 'State Machine Type',
		name: 'stateMachineType',
		type: 'options',
		options: [
			{ name: 'Detect Automatically', value: 'auto', description: 'Ask Step Functions (one DescribeStateMachine per run)' },
			{ name: 'Express', value: 'EXPRESS', description: 'Run synchronously with StartSyncExecution (up to 5 minutes)' },
			{ name: 'Standard', value: 'STANDARD', description: 'Start, then poll DescribeExecution until it ends' },
		],
		default: 'auto',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	optionsCollection([
		{
			displayName: 'Execution Name',
			name: 'name',
			type: 'string',
			default: '',
			description:
				'A name unique for this state machine for 90 days; 1-80 characters, no spaces or &lt; &gt; { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /. Empty: Step Functions makes one up.',
		},
		{
			displayName: 'Trace Header',
			name: 'traceHeader',
			type: 'string',
			default: '',
			description: 'AWS X-Ray trace header to continue a trace, up to 256 characters',
		},
	]),
]);

export interface StartRequest {
	stateMachine: ResourceReference;
	/** The node made the execution name (the user gave none): an existing execution of that name is ours */
	nameGenerated?: boolean;
	input: Omit<StartExecutionCommandInput, 'stateMachineArn'>;
	wait?: { maxWaitSeconds: number; type: 'auto' | 'EXPRESS' | 'STANDARD' };
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): StartRequest {
	const node = this.getNode();
	const stateMachine = readReference(this, itemIndex, 'stateMachine');
	const input = toJsonText(node, itemIndex, LIMITS.input.label, this.getNodeParameter('input', itemIndex, '{}'));
	assertWithinLimit(node, itemIndex, LIMITS.input, input);
	const given = this.getNodeParameter('options', itemIndex, {}) as { name?: unknown; traceHeader?: unknown };
	const options = {
		name: toText(node, itemIndex, LIMITS.executionName.label, given.name),
		traceHeader: toText(node, itemIndex, LIMITS.traceHeader.label, given.traceHeader),
	};
	const request: StartRequest = { stateMachine, input: { input } };
	if (options.name) {
		assertWithinLimit(node, itemIndex, LIMITS.executionName, options.name);
		const character = forbiddenNameCharacter(options.name);
		if (character !== undefined) throw executionNameError(node, itemIndex, options.name, character);
		request.input.name = options.name;
	}
	if (options.traceHeader) {
		assertWithinLimit(node, itemIndex, LIMITS.traceHeader, options.traceHeader);
		request.input.traceHeader = options.traceHeader;
	}
	if (request.input.name === undefined) {
		request.input.name = generatedExecutionName(this, itemIndex);
		request.nameGenerated = true;
	}
	if (readBoolean(this, itemIndex, 'waitForCompletion', 'Wait for Completion', false)) {
		const maxWaitSeconds = toWholeNumber(
			node,
			itemIndex,
			'Max Wait (Seconds)',
			this.getNodeParameter('maxWaitSeconds', itemIndex, DEFAULT_MAX_WAIT_SECONDS),
			1,
		);
		request.wait = {
			maxWaitSeconds,
			type: readChoice(this, itemIndex, 'stateMachineType', 'State Machine Type', STATE_MACHINE_TYPES, 'auto'),
		};
	}
	return request;
}

/**
 * A name for a start the user did not name, the same every time this run of the node in this n8n execution
 * sends this item: a retry (by the SDK, or n8n's Retry On Fail, which repeats the same run) then finds the
 * execution it started instead of starting another, because Step Functions starts a STANDARD execution only
 * once per name and input. The node's run index is part of it, so a node inside a loop starts a new execution
 * on every pass. Readable ("n8n-<execution id>-<item>-<hash>"), made of allowed characters, at most 64
 * characters.
 */
function generatedExecutionName(ctx: IExecuteFunctions, itemIndex: number): string {
	const executionId = String(ctx.getExecutionId() ?? '') || randomUUID();
	const runIndex = ctx.getWorkflowDataProxy(itemIndex).$runIndex;
	const identity = [ctx.getInstanceId?.(), ctx.getWorkflow().id, executionId, ctx.getNode().id, runIndex, itemIndex].join('\n');
	const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
	return `n8n-${executionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32)}-${itemIndex}-${hash}`;
}

/** The ARN of a STANDARD execution named `name` of a state machine (or of its version or alias). */
function executionArnOf(stateMachineArn: string, name: string): string {
	const [prefix, machineName] = stateMachineArn.split(':stateMachine:');
	return `${prefix}:execution:${machineName.split(':')[0]}:${name}`;
}

/**
 * Starts the execution. A STANDARD machine takes a name once, so the SDK may retry freely, and an execution
 * our own name already started (an earlier attempt whose answer was lost) is found and returned when its
 * input is the one sent. Any other machine (EXPRESS, or not known) is retried only when the request cannot
 * have reached AWS: a second start would be a second execution.
 */
async function startExecution(
	session: SfnSession,
	input: StartExecutionCommandInput,
	type: string,
	nameGenerated: boolean,
): Promise<{ executionArn?: string; startDate?: Date }> {
	const send = type === 'STANDARD' ? session.send : session.sendUnrepeatable;
	try {
		return await send(new session.sdk.StartExecutionCommand(input));
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the router turns every error into a NodeApiError with its wording and secrets scrubbed, in one place (helpers/errors.ts)
		if (!nameGenerated || readAwsError(error).code !== 'ExecutionAlreadyExists') throw error;
		const executionArn = executionArnOf(input.stateMachineArn ?? '', input.name ?? '');
		const existing = await asAction(
			'DescribeExecution',
			session.send(new session.sdk.DescribeExecutionCommand({ executionArn })),
		);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the router turns every error into a NodeApiError with its wording and secrets scrubbed, in one place (helpers/errors.ts)
		if (existing.input !== input.input) throw error;
		return { executionArn: existing.executionArn, startDate: existing.startDate };
	}
}

async function stateMachineType(session: SfnSession, stateMachineArn: string): Promise<string> {
	return await lookupOnce(session, `type:${stateMachineArn}`, async () => {
		const machine = await asAction(
			'DescribeStateMachine',
			session.send(new session.sdk.DescribeStateMachineCommand({ stateMachineArn })),
		);
		return machine.type ?? 'STANDARD';
	});
}

/** The fields of an ended execution a workflow reads, with input and output parsed. */
function endedJson(execution: object): IDataObject {
	return toItemJson(execution, ['input', 'output']);
}

function failIfNotSucceeded(item: ItemContext, execution: { status?: string; executionArn?: string; error?: string; cause?: string }) {
	if (execution.status === 'SUCCEEDED') return;
	throw executionEndedError(item.node, item.itemIndex, {
		status: execution.status ?? 'UNKNOWN',
		executionArn: execution.executionArn ?? '',
		error: execution.error,
		cause: execution.cause,
	});
}

async function waitForEnd(
	session: SfnSession,
	executionArn: string,
	maxWaitSeconds: number,
	item: ItemContext,
): Promise<DescribeExecutionCommandOutput> {
	const deadline = Date.now() + maxWaitSeconds * 1000;
	for (let attempt = 0; ; attempt++) {
		const execution = await asAction(
			'DescribeExecution',
			session.send(new session.sdk.DescribeExecutionCommand({ executionArn })),
		);
		if (TERMINAL_STATUSES.has(execution.status ?? '')) return execution;
		const delay = Math.min(pollDelay(attempt), deadline - Date.now());
		if (delay <= 0) throw waitTimedOutError(item.node, item.itemIndex, executionArn, maxWaitSeconds);
		if (!(await pause(delay, session.cancelSignal))) throw cancelledError(item.node, item.itemIndex);
	}
}

export const start: Operation<StartRequest> = {
	action: 'StartExecution',
	description,
	buildRequest,
	async send(session, request, item) {
		const stateMachineArn = await resolveArn(session, request.stateMachine, item);
		const input = { ...request.input, stateMachineArn };
		const nameGenerated = request.nameGenerated === true;
		// Without waiting the type is not asked for (no DescribeStateMachine permission needed): not known.
		if (!request.wait) return toItemJson(await startExecution(session, input, 'UNKNOWN', nameGenerated));

		const type = request.wait.type === 'auto' ? await stateMachineType(session, stateMachineArn) : request.wait.type;
		if (type === 'EXPRESS') {
			// Answers HTTP 200 even when the execution failed: the status says how it ended. Never repeated once
			// it may have reached AWS: each StartSyncExecution is a new run.
			// A name the node made buys nothing here (EXPRESS names are not idempotent): send only the user's.
			const syncInput = nameGenerated ? { ...input, name: undefined } : input;
			const execution = await asAction(
				'StartSyncExecution',
				session.sendUnrepeatable(new session.sdk.StartSyncExecutionCommand(syncInput)),
			);
			failIfNotSucceeded(item, execution);
			return endedJson(execution);
		}
		const { executionArn } = await startExecution(session, input, type, nameGenerated);
		const execution = await waitForEnd(session, executionArn ?? '', request.wait.maxWaitSeconds, item);
		failIfNotSucceeded(item, execution);
		return endedJson(execution);
	},
};
