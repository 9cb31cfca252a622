import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toWholeNumber } from '../../../shared/helpers/text';
import {
	DEFAULT_MAX_CONCURRENCY,
	DEFAULT_RETRY_ATTEMPTS,
	DEFAULT_TIMEOUT_SECONDS,
	LONG_POLL_TIMEOUT_MS,
} from '../../../shared/aws/session';
import type { ClientTuning } from '../../../shared/aws/session';

const BOUNDS = {
	maxConcurrency: { label: 'Max Concurrent Requests', min: 1, max: 100 },
	retryAttempts: { label: 'Retry Attempts', min: 0, max: 10 },
	timeoutSeconds: { label: 'Request Timeout (Seconds)', min: 1, max: 900 },
} as const;

export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: DEFAULT_MAX_CONCURRENCY,
			description: 'How many items are sent to AWS at once; results keep the input order either way',
			hint: "5 stays within Step Functions' request quotas of every region; raise it only with a higher quota",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 900 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long one request may take before it is retried or fails. Get Task always allows its 60-second long poll.',
		},
		{
			displayName: 'Retry Attempts',
			name: 'retryAttempts',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: DEFAULT_RETRY_ATTEMPTS,
			description:
				'How often the node retries a request after throttling, a server error or a lost connection, with backoff (it slows down when AWS throttles)',
		},
	],
};

export interface RequestOptions {
	maxConcurrency: number;
	retryAttempts: number;
	timeoutSeconds: number;
}

/** The run's request options (they apply to the whole run, so they are read from the first item). */
export function readRequestOptions(ctx: IExecuteFunctions): RequestOptions {
	const given = ctx.getNodeParameter('requestOptions', 0, {}) as Partial<Record<keyof RequestOptions, unknown>>;
	const read = (key: keyof RequestOptions, fallback: number) => {
		const { label, min, max } = BOUNDS[key];
		return toWholeNumber(ctx.getNode(), 0, label, given[key] ?? fallback, min, max);
	};
	return {
		maxConcurrency: read('maxConcurrency', DEFAULT_MAX_CONCURRENCY),
		retryAttempts: read('retryAttempts', DEFAULT_RETRY_ATTEMPTS),
		timeoutSeconds: read('timeoutSeconds', DEFAULT_TIMEOUT_SECONDS),
	};
}

/** How the run's client sends; a long poll (Get Task) always gets the time its 60 s poll needs. */
export function clientTuning(options: RequestOptions, longPoll = false): ClientTuning {
	const timeoutMs = options.timeoutSeconds * 1000;
	return {
		maxConcurrency: options.maxConcurrency,
		retryAttempts: options.retryAttempts,
		requestTimeoutMs: longPoll ? Math.max(timeoutMs, LONG_POLL_TIMEOUT_MS) : timeoutMs,
	};
}
