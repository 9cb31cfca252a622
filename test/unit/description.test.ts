import { AwsStepFunctionsApi } from '../../credentials/AwsStepFunctionsApi.credentials';
import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';

const node = new AwsStepFunctions();
const credential = new AwsStepFunctionsApi();

describe('node description (the public contract)', () => {
	it('is a programmatic v1 node usable as an AI tool, tested by its own credential test', () => {
		const { description } = node;
		expect(description).toMatchObject({ name: 'awsStepFunctions', version: 1, usableAsTool: true });
		expect(description.credentials).toEqual([
			{ name: 'awsStepFunctionsApi', required: true, testedBy: 'awsStepFunctionsApiTest' },
		]);
		expect(Object.keys(node.methods.credentialTest)).toEqual(['awsStepFunctionsApiTest']);
	});

	it('shows the operation by its display name under the node', () => {
		expect(node.description.subtitle).toBe(
			'={{ {"sendTaskFailure":"Send Task Failure","sendTaskHeartbeat":"Send Task Heartbeat","sendTaskSuccess":"Send Task Success"}[$parameter["operation"]] }}',
		);
	});

	it('offers the three task callbacks, each with an action text', () => {
		const operation = node.description.properties.find((p) => p.name === 'operation');
		expect(operation?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'sendTaskFailure',
			'sendTaskHeartbeat',
			'sendTaskSuccess',
		]);
		for (const option of operation?.options ?? []) expect(option).toHaveProperty('action');
	});

	it.each([
		['sendTaskFailure', ['taskToken', 'error', 'cause']],
		['sendTaskSuccess', ['taskToken', 'output']],
		['sendTaskHeartbeat', ['taskToken']],
	])('%s shows exactly its parameters', (operation, names) => {
		const shown = node.description.properties.filter((p) =>
			(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
		);
		expect(shown.map((p) => p.name)).toEqual(names);
	});
});

describe('credential type', () => {
	const field = (name: string) => credential.properties.find((p) => p.name === name);

	it('has the documented fields, secrets masked', () => {
		expect(credential.properties.map((p) => p.name)).toEqual([
			'region',
			'accessKeyId',
			'secretAccessKey',
			'temporaryCredentials',
			'sessionToken',
			'customEndpoint',
			'endpoint',
		]);
		expect(field('secretAccessKey')?.typeOptions?.password).toBe(true);
		expect(field('sessionToken')?.typeOptions?.password).toBe(true);
		expect(field('sessionToken')?.displayOptions?.show).toEqual({ temporaryCredentials: [true] });
		expect(field('endpoint')?.displayOptions?.show).toEqual({ customEndpoint: [true] });
	});

	it('lists commercial, China and GovCloud regions, us-east-1 by default', () => {
		const regions = (field('region')?.options ?? []).map((o) => ('value' in o ? o.value : ''));
		expect(field('region')?.default).toBe('us-east-1');
		for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-7', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1']) {
			expect(regions).toContain(region);
		}
		expect(new Set(regions).size).toBe(regions.length);
	});

	it('accepts only http(s) URLs as endpoint', () => {
		const rule = field('endpoint')?.typeOptions?.validationRules?.[0];
		const pattern = new RegExp((rule?.properties as { regex: string }).regex);
		for (const ok of ['http://localhost:8083', 'https://vpce-1.states.us-east-1.vpce.amazonaws.com', 'http://127.0.0.1:4566/']) {
			expect(pattern.test(ok)).toBe(true);
		}
		for (const bad of ['localhost:8083', 'ftp://host', 'http://', 'https://host name']) {
			expect(pattern.test(bad)).toBe(false);
		}
	});
});
