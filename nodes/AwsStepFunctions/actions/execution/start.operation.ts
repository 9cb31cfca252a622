import { createHash, randomUUID } from 'crypto';

import type { StartExecutionInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readAwsError } from '../../../shared/errors/aws';
import { executionNameError } from '../../../shared/errors/input';
import { cancelledError, executionEndedError, lateStartError, waitTimedOutError } from '../../../shared/errors/run';
import { toItemJson } from '../../../shared/helpers/itemJson';
import { settle } from '../../../shared/helpers/settle';
import { toJsonText } from '../../../shared/helpers/json';
import { assertWithinLimit, forbiddenNameCharacter, LIMITS } from '../../../shared/helpers/limits';
import { readBoolean, readChoice, toText, toWholeNumber } from '../../../shared/helpers/text';
import { pause, pollDelay, TERMINAL_STATUSES } from '../../../shared/helpers/wait';
import { neverSent } from '../../../shared/aws/retry';
import { asAction, lookupOnce } from '../../../shared/aws/session';
import type { SfnOutput } from '../../../shared/aws/sfnActions';
import type { SfnSession } from '../../../shared/aws/session';
import type { ItemContext, Operation } from '../operation';
import { optionsCollection } from '../shared/optionsCollection';
import { locatorProperty, unqualifiedArn } from '../../../shared/locators';
import { readQualifiedStateMachine, resolveQualifiedArn, versionOrAliasProperty } from '../shared/versionOrAliasFields';
import type { QualifiedStateMachine } from '../shared/versionOrAliasFields';

const show = { resource: ['execution'], operation: ['start'] };
const DEFAULT_MAX_WAIT_SECONDS = 300;
const STATE_MACHINE_TYPES = ['auto', 'EXPRESS', 'STANDARD'] as const;

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine'),
	versionOrAliasProperty('run this published version, or the version this alias routes to'),
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
	stateMachine: QualifiedStateMachine;
	/** The node made the execution name (the user gave none): an existing execution of that name is ours */
	nameGenerated?: boolean;
	input: Omit<StartExecutionInput, 'stateMachineArn'>;
	wait?: { maxWaitSeconds: number; type: 'auto' | 'EXPRESS' | 'STANDARD' };
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): StartRequest {
	const node = this.getNode();
	const stateMachine = readQualifiedStateMachine(this, itemIndex);
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
 * sends this item: a retry (by the node's client, or n8n's Retry On Fail, which repeats the same run) then finds the
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
 * Starts an execution. STANDARD executions are idempotent by name and input, so the start is retried like
 * any call, and ExecutionAlreadyExists for our own name with the same input returns the execution an earlier
 * attempt started. A start to a machine of unknown type is sent unrepeatable (EXPRESS starts are not
 * idempotent); when its answer is lost (timeout, reset, server fault) and the node chose the name, the
 * execution is looked up by that name before deciding (see findLateStart).
 */
async function startExecution(
	session: SfnSession,
	input: StartExecutionInput,
	type: string,
	nameGenerated: boolean,
	item: ItemContext,
): Promise<{ executionArn?: string; startDate?: Date }> {
	const executionArn = executionArnOf(input.stateMachineArn ?? '', input.name ?? '');
	for (let resent = 0; ; resent++) {
		const started = await settle(
			type === 'STANDARD' ? session.call('StartExecution', input) : session.callUnrepeatable('StartExecution', input),
		);
		if (started.ok) return started.value;
		const { error } = started;
		if (!nameGenerated) throw error;
		if (readAwsError(error).code === 'ExecutionAlreadyExists') {
			const existing = await describeStarted(session, executionArn);
			if (existing.input !== input.input) throw error;
			return { executionArn: existing.executionArn, startDate: existing.startDate };
		}
		if (type === 'STANDARD' || !answerMayBeLost(error)) throw error;
		const found = await findLateStart(session, input, executionArn);
		if (found === 'absent' && resent < LATE_START_RESENDS) continue;
		if (typeof found === 'object') return found;
		throw lateStartError(item.node, item.itemIndex, executionArn);
	}
}

/** How often a start found not to have happened is sent again under the same name. */
const LATE_START_RESENDS = 2;

/** A failure after which the start may have reached AWS and been done, its answer lost on the way back. */
function answerMayBeLost(error: unknown): boolean {
	const { code, httpStatusCode } = readAwsError(error);
	// A cancel, or a connection that never opened (refused, no such host): nothing reached AWS, nothing to look up.
	if (code === 'AbortError' || neverSent(error)) return false;
	return httpStatusCode === undefined || httpStatusCode >= 500;
}

async function describeStarted(session: SfnSession, executionArn: string): Promise<SfnOutput<'DescribeExecution'>> {
	return await asAction('DescribeExecution', session.call('DescribeExecution', { executionArn }));
}

/**
 * A start whose answer was lost: the execution the node named is looked up. Found with the same input, it is
 * the one this item started. Not there on a STANDARD machine (whose executions DescribeExecution always finds),
 * the start never happened and may be sent again under the same name. Anything else (an EXPRESS machine, a
 * look-up that fails) cannot tell.
 */
async function findLateStart(
	session: SfnSession,
	input: StartExecutionInput,
	executionArn: string,
): Promise<{ executionArn?: string; startDate?: Date } | 'absent' | 'unknown'> {
	const described = await settle(describeStarted(session, executionArn));
	if (described.ok) {
		const existing = described.value;
		return existing.input === input.input ? { executionArn: existing.executionArn, startDate: existing.startDate } : 'unknown';
	}
	if (readAwsError(described.error).code !== 'ExecutionDoesNotExist') return 'unknown';
	const type = await settle(stateMachineType(session, input.stateMachineArn ?? ''));
	return type.ok && type.value === 'STANDARD' ? 'absent' : 'unknown';
}

/**
 * STANDARD or EXPRESS. A state machine's versions and aliases share its type (an update cannot change it), so
 * the state machine itself is asked, once per run: DescribeStateMachine takes version ARNs but not alias ARNs.
 */
async function stateMachineType(session: SfnSession, qualifiedArn: string): Promise<string> {
	const stateMachineArn = unqualifiedArn(qualifiedArn);
	return await lookupOnce(session, `type:${stateMachineArn}`, async () => {
		const machine = await asAction('DescribeStateMachine', session.call('DescribeStateMachine', { stateMachineArn }));
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
): Promise<SfnOutput<'DescribeExecution'>> {
	const deadline = Date.now() + maxWaitSeconds * 1000;
	for (let attempt = 0; ; attempt++) {
		const execution = await asAction(
			'DescribeExecution',
			session.call('DescribeExecution', { executionArn }),
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
		const stateMachineArn = await resolveQualifiedArn(session, request.stateMachine, item);
		const input = { ...request.input, stateMachineArn };
		const nameGenerated = request.nameGenerated === true;
		// Without waiting the type is not asked for (no DescribeStateMachine permission needed): not known.
		if (!request.wait) return toItemJson(await startExecution(session, input, 'UNKNOWN', nameGenerated, item));

		const type = request.wait.type === 'auto' ? await stateMachineType(session, stateMachineArn) : request.wait.type;
		if (type === 'EXPRESS') {
			// Answers HTTP 200 even when the execution failed: the status says how it ended. Never repeated once
			// it may have reached AWS: each StartSyncExecution is a new run.
			// A name the node made buys nothing here (EXPRESS names are not idempotent): send only the user's.
			const syncInput = nameGenerated ? { ...input, name: undefined } : input;
			const execution = await asAction(
				'StartSyncExecution',
				session.callUnrepeatable('StartSyncExecution', syncInput),
			);
			failIfNotSucceeded(item, execution);
			return endedJson(execution);
		}
		const { executionArn } = await startExecution(session, input, type, nameGenerated, item);
		const execution = await waitForEnd(session, executionArn ?? '', request.wait.maxWaitSeconds, item);
		failIfNotSucceeded(item, execution);
		return endedJson(execution);
	},
};
