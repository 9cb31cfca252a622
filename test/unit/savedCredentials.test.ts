import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';
import { credentialProblem } from '../../nodes/shared/transport/sfnClient';

/**
 * What a node receives is the saved data after n8n applied the credential type's defaults and dropped every
 * field whose display conditions fail (getNodeParameters, as n8n runs it before handing credentials over).
 */
function asNodeSeesIt(saved: INodeParameters): ICredentialDataDecryptedObject {
	return (NodeHelpers.getNodeParameters(new AwsStepFunctionsApi().properties, saved, true, false, null, null) ?? {}) as ICredentialDataDecryptedObject;
}

const keys = { region: 'eu-central-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key' };

describe('saved credentials as n8n hands them to the node', () => {
	it('a credential saved before Authentication existed is Access Keys, and usable', () => {
		const seen = asNodeSeesIt(keys);
		expect(seen).toMatchObject({ ...keys, authentication: 'accessKeys' });
		expect(credentialProblem(seen)).toBeUndefined();
	});

	it('keeps the keys of Access Keys when a stale "Assume the Role With: System Credentials" is left from an earlier choice', () => {
		const seen = asNodeSeesIt({ ...keys, authentication: 'accessKeys', sourceCredentials: 'system', roleArn: 'arn:aws:iam::123456789012:role/Old' });
		expect(seen).toMatchObject(keys);
		expect(seen.roleArn).toBeUndefined();
		expect(credentialProblem(seen)).toBeUndefined();
	});

	it('gives Assume Role its caller keys, session token included, and drops them when the system credentials call', () => {
		const role = { authentication: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/StepFunctionsCaller' };
		const withKeys = asNodeSeesIt({ ...keys, ...role, temporaryCredentials: true, sessionToken: 'caller-token' });
		expect(withKeys).toMatchObject({ ...keys, ...role, sessionToken: 'caller-token', roleSessionName: 'n8n', sourceCredentials: 'accessKeys' });
		const withSystem = asNodeSeesIt({ ...keys, ...role, sourceCredentials: 'system' });
		expect(withSystem.accessKeyId).toBeUndefined();
		expect(withSystem.secretAccessKey).toBeUndefined();
	});

	it('drops the keys for System Credentials, and shows STS Endpoint only with a custom endpoint', () => {
		const seen = asNodeSeesIt({ ...keys, authentication: 'system', stsEndpoint: 'http://127.0.0.1:1' });
		expect(seen.accessKeyId).toBeUndefined();
		expect(seen.stsEndpoint).toBeUndefined();
		const custom = asNodeSeesIt({ ...keys, authentication: 'system', customEndpoint: true, endpoint: 'http://127.0.0.1:2', stsEndpoint: 'http://127.0.0.1:1' });
		expect(custom.stsEndpoint).toBe('http://127.0.0.1:1');
	});
});
