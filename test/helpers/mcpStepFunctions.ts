import { SignatureV4 } from '@smithy/signature-v4';

import { NodeSha256 } from './nodeSha256';
import { startRawStub } from './stubStepFunctions';
import type { RawReply, RawRequest, RawStub } from './stubStepFunctions';

/**
 * The Step Functions side of the MCP e2e test (test/e2e/mcp.e2e.test.ts): a loopback stub that records every request
 * as it arrived (headers and body text) and answers DescribeExecution, SendTaskFailure and UpdateMapRun the way the
 * real service does (shapes from the API model /work/shared/reference/sfn-service-2.json): DescribeExecution of one
 * known execution, ExecutionDoesNotExist (HTTP 400) for any other ARN; SendTaskFailure and UpdateMapRun answer an
 * empty object. It stands for AWS behind the tools: the point of that test is the path through n8n's MCP Server
 * Trigger, not the service's behaviour, which the integration suites prove against moto and stepfunctions-local.
 */

export const KNOWN_EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:OrderApproval:order-1001';

/** DescribeExecution's answer for the known execution, as AWS sends it (dates in epoch seconds, input/output as JSON text). */
export const DESCRIBED_EXECUTION = {
	executionArn: KNOWN_EXECUTION_ARN,
	stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval',
	name: 'order-1001',
	status: 'SUCCEEDED',
	startDate: 1_767_225_600,
	stopDate: 1_767_225_660.5,
	input: '{"orderId":1001,"amount":250}',
	inputDetails: { included: true },
	output: '{"approved":true,"approver":"finance"}',
	outputDetails: { included: true },
	redriveCount: 0,
	redriveStatus: 'NOT_REDRIVABLE',
};

function json(status: number, body: object): RawReply {
	return { status, body: JSON.stringify(body) };
}

function answer(request: RawRequest): RawReply {
	const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
	switch (request.action) {
		case 'DescribeExecution':
			return body.executionArn === KNOWN_EXECUTION_ARN
				? json(200, DESCRIBED_EXECUTION)
				: json(400, { __type: 'com.amazonaws.states#ExecutionDoesNotExist', message: `Execution Does Not Exist: '${String(body.executionArn)}'` });
		case 'SendTaskFailure':
		case 'UpdateMapRun':
			return json(200, {});
		default:
			return json(400, { __type: 'UnknownOperationException', message: `stub has no ${request.action}` });
	}
}

export function startMcpStepFunctions(): Promise<RawStub> {
	return startRawStub(answer);
}

/**
 * Whether a request's SigV4 Authorization header is the one AWS would compute with these keys: the request is signed
 * again by @smithy/signature-v4 (the AWS SDK's signer, not the package's) over the headers it names, its body and its
 * X-Amz-Date, and the two headers must be equal.
 */
export async function isSignedBy(request: RawRequest, keys: { accessKeyId: string; secretAccessKey: string }): Promise<boolean> {
	const authorization = String(request.headers.authorization ?? '');
	const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+),/.exec(authorization);
	const amzDate = String(request.headers['x-amz-date'] ?? '');
	const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
	if (!scope || !date) return false;
	const [, region, service, signedHeaders] = scope;
	const headers: Record<string, string> = {};
	for (const name of signedHeaders.split(';')) headers[name] = String(request.headers[name] ?? '');
	const [, y, mo, d, h, mi, s] = date.map(Number);
	const signer = new SignatureV4({ service, region, credentials: keys, sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
	const signed = await signer.sign(
		{ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', headers, body: request.body },
		{ signingDate: new Date(Date.UTC(y, mo - 1, d, h, mi, s)) },
	);
	return signed.headers.authorization === authorization;
}
