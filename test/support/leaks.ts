import * as fs from 'fs';
import * as path from 'path';

/**
 * Searching what a real n8n printed, stored and wrote for secrets. Every finding is reported by where and which
 * secret (by name), never by the text itself: the assertion message would print the secret.
 */

/** Secrets by name: what must never show. */
export type Secrets = Record<string, string>;

/**
 * Each secret found in the text, whole or in part (16 characters of its middle or its end, for secrets long
 * enough that such a piece cannot occur by chance), as "where: name".
 */
export function leaksIn(where: string, text: string, secrets: Secrets): string[] {
	const found: string[] = [];
	for (const [name, secret] of Object.entries(secrets)) {
		const middle = Math.floor(secret.length / 2);
		const pieces = secret.length >= 32 ? [secret, secret.slice(middle - 8, middle + 8), secret.slice(-16)] : [secret];
		if (pieces.some((piece) => text.includes(piece))) found.push(`${where}: ${name}`);
	}
	return found;
}

/** Every file under a folder, except the installed package's own code (<user folder>/.n8n/nodes). */
export function storedFiles(folder: string): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return entry.name === 'nodes' && path.basename(folder) === '.n8n' ? [] : storedFiles(full);
		return entry.isFile() ? [full] : [];
	});
}

/** The secrets found in any file of an n8n user folder (database, its WAL, event logs, config), as "file: name". */
export function leaksInUserFolder(userFolder: string, secrets: Secrets): string[] {
	return storedFiles(userFolder).flatMap((file) =>
		leaksIn(path.relative(userFolder, file), fs.readFileSync(file, 'latin1'), secrets),
	);
}

/** The secrets of a SigV4 Authorization header: its signature (hex). */
export function signatureOf(authorization: string | undefined): string | undefined {
	return /Signature=([0-9a-f]{64})/.exec(authorization ?? '')?.[1];
}

/** A proxy's password in every form it could show: raw, URL-encoded and in a Basic Proxy-Authorization value. */
export function proxyPasswordForms(user: string, password: string): Secrets {
	const basic = Buffer.from(`${user}:${password}`).toString('base64');
	return {
		'proxy password': password,
		'URL-encoded proxy password': encodeURIComponent(password),
		'Basic proxy credentials (base64)': basic,
		'Proxy-Authorization value': `Basic ${basic}`,
	};
}
