import { createHash } from 'crypto';

import { roleError } from '../errors/identity';
import { settle } from '../helpers/settle';

import { AwsError } from './awsError';
import { unescapeXml } from './client';
import type { AwsRequest } from './client';
import { ownKeys, roleSessionNameOf, text } from './credentialFields';
import type { StepFunctionsCredentials } from './credentialFields';
import { stsLabel, stsUrl } from './endpoints';
import type { SigningKeys } from './signer';

/**
 * A role's temporary keys: sts:AssumeRole is called once and its keys reused by every item and node run until
 * shortly before they expire (n8n's own Assume Role credential calls STS for every request). They live in
 * this process's memory only: never in the credential, on disk or in run data.
 */

/** Sends an STS request through n8n, signed with the credential's own keys; resolves to the answer's text. */
export type SendSts = (request: AwsRequest) => Promise<unknown>;

/** Renewed this long before they expire (the SDK's own margin). */
const RENEW_BEFORE_MS = 5 * 60_000;
/**
 * Keys are used at least this long after they came, whatever their expiration says: with a clock an hour
 * ahead of STS's, every answer looks expired already, and each request would assume the role again.
 */
const MIN_REUSE_MS = 60_000;
/** Enough for every credential of a busy instance; the least recently used is dropped first. */
const CACHE_LIMIT = 500;
/** The secrets of this many key sets are kept for scrubbing: requests may still be in flight with the one before. */
const KEY_SETS_SCRUBBED = 2;

interface RoleKeys extends SigningKeys {
	expiresAt: number;
}

interface CachedRole {
	current?: RoleKeys;
	fetchedAt: number;
	pending?: Promise<RoleKeys>;
	recentSecrets: string[][];
}

const roles = new Map<string, CachedRole>();

/** The cache key: a hash of every field that makes a different session (never the secrets themselves in clear). */
function roleKey(credentials: StepFunctionsCredentials): string {
	const keys = ownKeys(credentials);
	const fields = [
		credentials.region.trim(),
		text(credentials.roleArn),
		credentials.externalId ?? '',
		roleSessionNameOf(credentials),
		keys.accessKeyId,
		keys.secretAccessKey,
		keys.sessionToken ?? '',
		stsUrl(credentials),
	];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Empties the cache: for tests that count AssumeRole calls. */
export function forgetRoles(): void {
	roles.clear();
}

function fresh(role: CachedRole, now: number): boolean {
	return role.current !== undefined && (role.current.expiresAt - now > RENEW_BEFORE_MS || now - role.fetchedAt < MIN_REUSE_MS);
}

function tag(xml: string, name: string): string | undefined {
	const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
	return value === undefined ? undefined : unescapeXml(value);
}

/** sts:AssumeRole's form body (the query protocol). */
function assumeRoleRequest(credentials: StepFunctionsCredentials): AwsRequest {
	const externalId = credentials.externalId ? credentials.externalId : undefined;
	const form = new URLSearchParams({
		Action: 'AssumeRole',
		Version: '2011-06-15',
		RoleArn: text(credentials.roleArn),
		RoleSessionName: roleSessionNameOf(credentials),
		...(externalId ? { ExternalId: externalId } : {}),
	});
	return {
		url: stsUrl(credentials),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
		body: form.toString(),
	};
}

async function assumeRole(credentials: StepFunctionsCredentials, send: SendSts): Promise<RoleKeys> {
	const answer = await send(assumeRoleRequest(credentials));
	const xml = typeof answer === 'string' ? answer : '';
	const accessKeyId = tag(xml, 'AccessKeyId');
	const secretAccessKey = tag(xml, 'SecretAccessKey');
	const sessionToken = tag(xml, 'SessionToken');
	const expiration = Date.parse(tag(xml, 'Expiration') ?? '');
	if (!accessKeyId || !secretAccessKey || !sessionToken) {
		throw new AwsError('InvalidStsAnswer', 'STS answered without temporary credentials');
	}
	return { accessKeyId, secretAccessKey, sessionToken, expiresAt: Number.isNaN(expiration) ? Date.now() + MIN_REUSE_MS : expiration };
}

/** A credential's role, as a node run uses it. */
export interface RoleHandle {
	/** The current keys: cached, or assumed now (one AssumeRole at a time per credential) */
	keys(): Promise<SigningKeys>;
	/** The secrets of the key sets recently handed out, to keep out of messages */
	secrets(): string[];
	/** Whether an AssumeRole is under way: a stalled request is then STS's, not Step Functions' */
	assuming(): boolean;
}

function cachedRole(key: string): CachedRole {
	let role = roles.get(key);
	if (role) roles.delete(key);
	else {
		role = { fetchedAt: 0, recentSecrets: [] };
		if (roles.size >= CACHE_LIMIT) roles.delete(roles.keys().next().value as string);
	}
	// Most recently used last, so that the oldest is dropped first.
	roles.set(key, role);
	return role;
}

/** The role of a credential that assumes one; `send` calls STS with the credential's own keys. */
export function roleOf(credentials: StepFunctionsCredentials, send: SendSts, cancelSignal?: AbortSignal): RoleHandle {
	const role = cachedRole(roleKey(credentials));
	const context = {
		roleArn: text(credentials.roleArn),
		externalIdGiven: Boolean(credentials.externalId),
		stsEndpoint: stsLabel(credentials),
	};
	return {
		async keys() {
			for (;;) {
				if (role.current && fresh(role, Date.now())) return role.current;
				const asking = role.pending === undefined;
				role.pending ??= assumeRole(credentials, send)
					.then((keys) => {
						role.current = keys;
						role.fetchedAt = Date.now();
						role.recentSecrets.push([keys.secretAccessKey, keys.sessionToken ?? '']);
						role.recentSecrets.splice(0, role.recentSecrets.length - KEY_SETS_SCRUBBED);
						return keys;
					})
					.catch((error: unknown) => {
						throw roleError(error, context);
					})
					.finally(() => {
						role.pending = undefined;
					});
				const assumed = await settle(role.pending);
				if (assumed.ok) return assumed.value;
				// The run that asked was cancelled, which ended the AssumeRole this run shares: ask again.
				const cancelledElsewhere = !asking && (assumed.error as { code?: unknown }).code === 'AbortError' && !cancelSignal?.aborted;
				if (!cancelledElsewhere) throw assumed.error;
			}
		},
		secrets: () => role.recentSecrets.flat(),
		assuming: () => role.pending !== undefined,
	};
}
