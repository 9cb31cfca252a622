import { identityProblem, stsEndpointLabel, systemSourceOf } from '../../nodes/shared/transport/credentials';
import { setEnv } from '../helpers/awsStandIns';

/** Pure parts of the identity step: where STS is said to be, which source of the chain is named, the gate. */
describe('the STS endpoint named in messages', () => {
	let restore: () => void;
	beforeEach(() => {
		restore = setEnv({ AWS_ENDPOINT_URL_STS: undefined });
	});
	afterEach(() => restore());

	it.each([
		['us-east-1', 'https://sts.us-east-1.amazonaws.com'],
		['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com'],
		['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn'],
		['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu'],
	])('%s: the regional endpoint of its partition', (region, expected) => {
		expect(stsEndpointLabel({ region })).toBe(expected);
	});

	it('the STS Endpoint field (Custom Endpoint on) before AWS_ENDPOINT_URL_STS, user info never shown', () => {
		setEnv({ AWS_ENDPOINT_URL_STS: 'http://user:pa@ss@127.0.0.1:4566' });
		expect(stsEndpointLabel({ region: 'us-east-1' })).toBe('http://127.0.0.1:4566');
		expect(stsEndpointLabel({ region: 'us-east-1', customEndpoint: true, stsEndpoint: ' http://127.0.0.1:5000 ' })).toBe('http://127.0.0.1:5000');
		// Without Custom Endpoint the field is not used
		expect(stsEndpointLabel({ region: 'us-east-1', customEndpoint: false, stsEndpoint: 'http://127.0.0.1:5000' })).toBe('http://127.0.0.1:4566');
	});
});

describe('the source of the system credentials, in words', () => {
	let restore: () => void;
	beforeEach(() => {
		restore = setEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined });
	});
	afterEach(() => restore());
	const identity = (source?: Record<string, string>) => ({ accessKeyId: 'a', secretAccessKey: 'b', ...(source ? { $source: source } : {}) });

	it('names what the SDK recorded; web identity by its token file rather than its STS step', () => {
		expect(systemSourceOf(identity({ CREDENTIALS_ENV_VARS: 'g' }))).toMatch(/environment variables AWS_ACCESS_KEY_ID/);
		expect(systemSourceOf(identity({ CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'k', CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'h' }))).toMatch(/web identity token file/);
		expect(systemSourceOf(identity({ CREDENTIALS_HTTP: 'z' }))).toMatch(/container credentials endpoint/);
	});

	it('nothing recorded (the chain records nothing for instance metadata): IMDS, or the container endpoint when its variable is set', () => {
		expect(systemSourceOf(identity())).toMatch(/EC2 instance metadata/);
		setEnv({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' });
		expect(systemSourceOf(identity())).toMatch(/container credentials endpoint/);
	});

	it('an unknown recorded source is not guessed', () => {
		expect(systemSourceOf(identity({ CREDENTIALS_SOMETHING_NEW: 'x' }))).toBeUndefined();
	});
});

describe('the gate', () => {
	it.each([
		[{ authentication: 'system' }, /System Credentials are switched off/],
		[{ authentication: 'assumeRole', sourceCredentials: 'system', roleArn: 'arn:aws:iam::123456789012:role/r' }, /A role assumed with the system credentials/],
	])('%o is refused unless the variable is "true"', (fields, expected) => {
		const restore = setEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: 'yes' });
		try {
			expect(identityProblem({ region: 'us-east-1', ...fields })).toMatch(expected);
			setEnv({ N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED: 'true' });
			expect(identityProblem({ region: 'us-east-1', ...fields })).toBeUndefined();
		} finally {
			restore();
		}
	});

	it('a credential saved before roles came (no Authentication) is Access Keys and needs no gate', () => {
		expect(identityProblem({ region: 'us-east-1', accessKeyId: 'AKIA', secretAccessKey: 's' })).toBeUndefined();
		expect(identityProblem({ region: 'us-east-1', accessKeyId: '', secretAccessKey: 's' })).toBe('Access Key ID is empty');
	});
});
