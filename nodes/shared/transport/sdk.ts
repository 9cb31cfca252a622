import { existsSync } from 'fs';
import * as path from 'path';

/** The SDK module, loaded on first use so that n8n's start-up does not pay for it. */
export type SfnSdk = typeof import('@aws-sdk/client-sfn');
/** The SDK's credential providers: roles (STS) and the process's own credentials (IRSA, ECS, EC2, env). */
export type CredentialProviders = typeof import('@aws-sdk/credential-providers');
/** The proxy agents n8n itself uses, and the rules of HTTP(S)_PROXY / NO_PROXY. */
export interface ProxyLibraries {
	HttpsProxyAgent: typeof import('https-proxy-agent').HttpsProxyAgent;
	HttpProxyAgent: typeof import('http-proxy-agent').HttpProxyAgent;
	getProxyForUrl: typeof import('proxy-from-env').getProxyForUrl;
}

/** What dist/vendor/aws-sdk.js exports; the parts other than `sfn` are evaluated on first access only. */
interface Bundle {
	sfn: SfnSdk;
	credentialProviders: CredentialProviders;
	proxy: ProxyLibraries;
}

/**
 * The package ships its libraries bundled into dist/vendor/aws-sdk.js (scripts/bundleSdk.js), so it has no
 * runtime dependencies; run from the sources (the tests), the same versions come from node_modules.
 */
const BUNDLE = path.join(__dirname, '..', '..', '..', 'vendor', 'aws-sdk.js');

let bundle: Bundle | null | undefined;

function bundled(): Bundle | null {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of this package, found at run time
	bundle ??= existsSync(BUNDLE) ? (require(BUNDLE) as Bundle) : null;
	return bundle;
}

let loadingSfn: Promise<SfnSdk> | undefined;

export function loadSdk(): Promise<SfnSdk> {
	loadingSfn ??= (async () => bundled()?.sfn ?? (await import('@aws-sdk/client-sfn')))();
	return loadingSfn;
}

let loadingProviders: Promise<CredentialProviders> | undefined;

/** Loaded only by credentials that assume a role or use the process's own credentials. */
export function loadCredentialProviders(): Promise<CredentialProviders> {
	loadingProviders ??= (async () => bundled()?.credentialProviders ?? (await import('@aws-sdk/credential-providers')))();
	return loadingProviders;
}

let loadingProxy: Promise<ProxyLibraries> | undefined;

/** Loaded only when the n8n process has a proxy variable set. */
export function loadProxyLibraries(): Promise<ProxyLibraries> {
	loadingProxy ??= (async () => {
		const fromBundle = bundled()?.proxy;
		if (fromBundle) return fromBundle;
		const [{ HttpsProxyAgent }, { HttpProxyAgent }, { getProxyForUrl }] = await Promise.all([
			import('https-proxy-agent'),
			import('http-proxy-agent'),
			import('proxy-from-env'),
		]);
		return { HttpsProxyAgent, HttpProxyAgent, getProxyForUrl };
	})();
	return loadingProxy;
}
