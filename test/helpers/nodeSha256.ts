import { createHash, createHmac } from 'crypto';
import type { Hash, Hmac } from 'crypto';

/**
 * SHA-256 / HMAC-SHA256 over Node's crypto in the shape @smithy/signature-v4 expects (its HashConstructor): the
 * tests hold the package's own signer against the AWS SDK's, which needs a hash implementation handed in.
 */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): Uint8Array {
	if (typeof data === 'string') return new TextEncoder().encode(data);
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return new Uint8Array(data);
}

export class NodeSha256 {
	private readonly hash: Hash | Hmac;

	constructor(secret?: SourceData) {
		this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
	}

	update(data: SourceData): void {
		this.hash.update(toBytes(data));
	}

	async digest(): Promise<Uint8Array> {
		return new Uint8Array(this.hash.digest());
	}
}
