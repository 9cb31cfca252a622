import { existsSync } from 'fs';
import * as path from 'path';

/** The SDK module, loaded on first use so that n8n's start-up does not pay for it. */
export type SfnSdk = typeof import('@aws-sdk/client-sfn');

/**
 * The package ships @aws-sdk/client-sfn bundled into dist/vendor/client-sfn.js (scripts/bundleSdk.js), so it
 * has no runtime dependencies; run from the sources (the tests), the same version comes from node_modules.
 */
const BUNDLED_SDK = path.join(__dirname, '..', '..', '..', 'vendor', 'client-sfn.js');

let loading: Promise<SfnSdk> | undefined;

export function loadSdk(): Promise<SfnSdk> {
	loading ??= existsSync(BUNDLED_SDK)
		? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of this package, found at run time
			Promise.resolve(require(BUNDLED_SDK) as SfnSdk)
		: import('@aws-sdk/client-sfn');
	return loading;
}
