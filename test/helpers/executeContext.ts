import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
} from 'n8n-workflow';

import { awsStepFunctionsApiTest } from '../../nodes/shared/methods/credentialTest';

import { httpRequestWithAuthentication, legacyRequest } from './n8nHttp';

/**
 * A stand-in for the context n8n gives a node's execute(): input items, per-item parameters, the
 * credential and the node's "On Error" setting. Only what the node calls is provided.
 */
export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface ContextOptions {
	/** One parameter set per input item (an item's parameters as n8n would resolve its expressions) */
	items: Array<Record<string, unknown>>;
	credentials: ICredentialDataDecryptedObject;
	onError?: OnError;
	/** n8n's signal that fires when the user cancels the workflow run */
	cancelSignal?: AbortSignal;
	/** The n8n execution id (generated Start names and Redrive client tokens derive from it) */
	executionId?: string;
	/** How many times the node already ran in this n8n execution (a loop); n8n's $runIndex */
	runIndex?: number;
}

export const TEST_NODE: INode = {
	id: 'b6f1a0c2-0000-4000-8000-000000000001',
	name: 'AWS Step Functions',
	type: 'n8n-nodes-step-functions.awsStepFunctions',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

// Every context is a new n8n execution unless a test says otherwise, as every workflow run is in n8n.
let executions = 0;

export function executeContext(options: ContextOptions): IExecuteFunctions {
	const executionId = options.executionId ?? `${1000 + ++executions}`;
	const inputItems: INodeExecutionData[] = options.items.map((_, index) => ({ json: { index } }));
	const onError = options.onError ?? 'stopWorkflow';
	const context = {
		getInputData: () => inputItems,
		getNode: () => TEST_NODE,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = options.items[itemIndex];
			if (parameters === undefined) throw new Error(`No item ${itemIndex}`);
			if (name in parameters) return parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			if (type !== 'awsStepFunctionsApi') throw new Error(`Unexpected credential type ${type}`);
			return options.credentials;
		},
		continueOnFail: () => onError !== 'stopWorkflow',
		getExecutionCancelSignal: () => options.cancelSignal,
		getExecutionId: () => executionId,
		getInstanceId: () => 'test-instance',
		getWorkflow: () => ({ id: 'wf-test', name: 'Test workflow', active: false }),
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		helpers: { httpRequestWithAuthentication },
	};
	return context as unknown as IExecuteFunctions;
}

export const AWS_CREDENTIALS = {
	region: 'eu-west-1',
	accessKeyId: 'AKIAEXAMPLEKEYID0001',
	secretAccessKey: 'sEcReT-never-shown-0123456789abcdefghijklmn',
	temporaryCredentials: false,
	customEndpoint: false,
} satisfies ICredentialDataDecryptedObject;

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
	try {
		await promise;
	} catch (error) {
		return error as E;
	}
	throw new Error('Expected the run to fail, but it succeeded');
}

/** The credential's Test button, as n8n calls it with the credential's (decrypted) data. */
export function credentialTest(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const credential: ICredentialsDecrypted = { id: '1', name: 'AWS', type: 'awsStepFunctionsApi', data };
	return awsStepFunctionsApiTest.call({ helpers: { request: legacyRequest } } as unknown as ICredentialTestFunctions, credential);
}
