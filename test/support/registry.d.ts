export interface PrivateRegistry {
	/** http://127.0.0.1:<port>/ */
	url: string;
	port: number;
	/** verdaccio's process id */
	pid: number;
	/** The throwaway folder with verdaccio's config, storage and users, and npm's user config and cache */
	dir: string;
	/** npm's user config for this registry: registry=, the publishing user's token, a cache of its own */
	userconfig: string;
	/** The environment npm runs with: no inherited npm_* variables, this registry's user config */
	env: NodeJS.ProcessEnv;
	/** Runs npm with this registry's config; returns its stdout, throws with its output when it fails */
	npm(args: string[], options: { cwd: string }): string;
	/** `npm publish <tarball>` to this registry */
	publish(tarball: string): string;
	/** The registry's document for a package (versions, dist-tags), or null when it does not know it */
	view(name: string): Promise<{ 'dist-tags': Record<string, string>; versions: Record<string, { dist: { tarball: string } }> } | null>;
	/** Ends verdaccio by its process id and removes its folder */
	stop(): Promise<void>;
}
/** verdaccio on 127.0.0.1, a free port, no uplinks, with a publishing user */
export function startRegistry(): Promise<PrivateRegistry>;
/** A copy of a packed tarball with only its package.json version changed; returns the new tarball's path */
export function withVersion(tarball: string, version: string, outDir: string): string;
