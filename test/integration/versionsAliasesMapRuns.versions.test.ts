import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';
import { executeContext } from '../helpers/executeContext';
import { startVersionStub } from '../helpers/versionStub';
import type { VersionStub } from '../helpers/versionStub';

// PublishStateMachineVersion, ListStateMachineVersions and DeleteStateMachineVersion exist in neither moto nor
// stepfunctions-local: the node talks over real HTTP, through n8n's HTTP helper and the signing credential, to
// the loopback stub of test/helpers/versionStub.ts, which answers as AWS's reference describes these actions.
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderApproval';
const byArn = (value: string) => ({ __rl: true, mode: 'arn', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
let stub: VersionStub;

beforeEach(async () => {
	stub = await startVersionStub();
	stub.addStateMachine(MACHINE, 'rev-1');
});
afterEach(async () => {
	await stub.stop();
});

function runNode(items: Array<Record<string, unknown>>) {
	const credentials = { region: 'us-east-1', accessKeyId: 'AKIASTUB', secretAccessKey: 'stub', customEndpoint: true, endpoint: stub.endpoint };
	return new AwsStepFunctions().execute.call(executeContext({ credentials, items, onError: 'continueRegularOutput' }));
}

const publish = (options: Record<string, unknown> = {}) => ({ resource: 'stateMachineVersion', operation: 'publish', stateMachine: byArn(MACHINE), options });

describe('State machine versions (loopback stub for the version actions)', () => {
	it('publishes, publishes the unchanged revision again as the same version, and a new revision as the next', async () => {
		const [[first]] = await runNode([publish({ description: 'first' })]);
		expect(first.json).toEqual({ stateMachineVersionArn: `${MACHINE}:1`, creationDate: expect.stringMatching(/^2026-11-/) });
		const [[again]] = await runNode([publish()]);
		expect(again.json.stateMachineVersionArn).toBe(`${MACHINE}:1`);
		stub.update(MACHINE, 'rev-2');
		const [[second]] = await runNode([publish({ revisionId: 'rev-2' })]);
		expect(second.json.stateMachineVersionArn).toBe(`${MACHINE}:2`);
		expect(stub.requests.map((request) => request.body)).toEqual([
			{ stateMachineArn: MACHINE, description: 'first' },
			{ stateMachineArn: MACHINE },
			{ stateMachineArn: MACHINE, revisionId: 'rev-2' },
		]);
	});

	it('is refused when the state machine moved past the given revision (ConflictException), with the reason', async () => {
		stub.update(MACHINE, 'rev-3');
		const [[item]] = await runNode([publish({ revisionId: 'rev-2' })]);
		expect(item.json.error).toBe('Step Functions refused the change because of a conflicting state');
		expect(String(item.json.message)).toContain('the revision ID is no longer the latest');
	});

	it('lists versions newest first (Limit, then Return All), and deletes one by number', async () => {
		for (const revision of ['rev-1', 'rev-2', 'rev-3']) {
			stub.update(MACHINE, revision);
			await runNode([publish()]);
		}
		const [listed] = await runNode([{ resource: 'stateMachineVersion', operation: 'list', stateMachine: byArn(MACHINE), returnAll: false, limit: 2 }]);
		expect(listed.map((item) => item.json.stateMachineVersionArn)).toEqual([`${MACHINE}:3`, `${MACHINE}:2`]);
		const [[deleted]] = await runNode([{ resource: 'stateMachineVersion', operation: 'delete', stateMachine: byArn(MACHINE), version: byName('2') }]);
		expect(deleted.json).toEqual({ deleted: true, stateMachineVersionArn: `${MACHINE}:2` });
		const [all] = await runNode([{ resource: 'stateMachineVersion', operation: 'list', stateMachine: byArn(MACHINE), returnAll: true }]);
		expect(all.map((item) => item.json.stateMachineVersionArn)).toEqual([`${MACHINE}:3`, `${MACHINE}:1`]);
	});

	it('cannot delete a version an alias routes to, and says to change the alias first', async () => {
		await runNode([publish()]);
		stub.routeAlias(`${MACHINE}:1`);
		const [[item]] = await runNode([{ resource: 'stateMachineVersion', operation: 'delete', version: byArn(`${MACHINE}:1`) }]);
		expect(String(item.json.message)).toContain('still routed by an alias (remove it from the alias first)');
	});
});
