/**
 * A failed AWS call as the client reports it: the service's error code (from `__type` or STS's <Code>) or a
 * network code (ECONNREFUSED, TimeoutError, AbortError...), the service's message, and the request's
 * metadata. It holds nothing of the request itself: n8n's HTTP error, which carries the signed headers, is
 * read for its code and dropped.
 */
export class AwsError extends Error {
	readonly code: string;

	/** Read by the wording (errors/aws.ts, readAwsError); `name` holds the code too, where AWS's SDKs put it. */
	readonly $metadata: { requestId?: string; httpStatusCode?: number; attempts: number };

	/** The server's Date header, when it answered: the clock-skew correction reads it */
	readonly serverDate?: string;

	constructor(
		code: string,
		message: string,
		details: { requestId?: string; httpStatusCode?: number; attempts?: number; serverDate?: string } = {},
	) {
		super(message);
		this.name = code;
		this.code = code;
		this.$metadata = { requestId: details.requestId, httpStatusCode: details.httpStatusCode, attempts: details.attempts ?? 1 };
		this.serverDate = details.serverDate;
	}

	/** The same failure, counted after `attempts` tries. */
	afterAttempts(attempts: number): AwsError {
		return new AwsError(this.code, this.message, { ...this.$metadata, attempts, serverDate: this.serverDate });
	}
}
