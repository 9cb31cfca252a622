export type N8nLine = '1.x' | '2.x';
export interface N8nInstall {
	dir: string;
	nodeBinary: string;
	n8nBin: string;
	version: string;
	/** Settings that line needs on this machine */
	env: Record<string, string>;
}
export const N8N_TARGETS: Record<N8nLine, { n8n: string; nodeRuntime: string | null; overrides: Record<string, string>; env?: Record<string, string> }>;
export const CACHE_ROOT: string;
export function ensureN8n(line: N8nLine): N8nInstall;
