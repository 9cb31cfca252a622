import * as sdk from '@aws-sdk/client-sfn';

/**
 * The tests' own way to set a server up (create state machines, start executions, read histories): the AWS
 * SDK itself, a devDependency and never part of the package, so the node's client is never used to check
 * itself.
 */
export interface AdminSession {
	client: sdk.SFNClient;
	send: sdk.SFNClient['send'];
	sdk: typeof sdk;
	close(): void;
}

export function createAdminSession(credentials: { region: string; accessKeyId: string; secretAccessKey: string; endpoint?: string }): AdminSession {
	const client = new sdk.SFNClient({
		region: credentials.region,
		credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
		...(credentials.endpoint ? { endpoint: credentials.endpoint, disableHostPrefix: true } : {}),
	});
	return { client, send: client.send.bind(client) as sdk.SFNClient['send'], sdk, close: () => client.destroy() };
}
