import { startStubStepFunctions } from './stubStepFunctions';
import type { StubReply, StubStepFunctions } from './stubStepFunctions';

/**
 * Stands in for PublishStateMachineVersion, ListStateMachineVersions and DeleteStateMachineVersion, which moto
 * and stepfunctions-local lack (moto answers an HTML 404). Shapes follow the API model (2016-11-23); behaviour
 * follows AWS's reference for these actions:
 * - Publish makes the next version number of the state machine's current revision; publishing a revision that
 *   already has a version returns that version (AWS's idempotency on state machine and revision). A revisionId
 *   other than the current one is refused with ConflictException; an unknown state machine with
 *   StateMachineDoesNotExist; a description over 256 characters with ValidationException.
 * - List returns the versions newest first, maxResults per page with a nextToken.
 * - Delete of a version an alias routes to is refused with ConflictException; deleting a version that is not
 *   there succeeds (nothing left to delete).
 * The test sets the state machines up: their current revision, and which versions an alias routes to.
 */
export interface VersionStub extends StubStepFunctions {
	/** A state machine at a revision; `update` moves it to a new revision, as UpdateStateMachine does */
	addStateMachine(arn: string, revisionId: string): void;
	update(arn: string, revisionId: string): void;
	routeAlias(versionArn: string): void;
}

interface Version {
	arn: string;
	revisionId: string;
	creationDate: number;
}

const fault = (code: string, message: string): StubReply => ({ status: 400, body: { __type: code, message } });

export async function startVersionStub(): Promise<VersionStub> {
	const stub = await startStubStepFunctions();
	const revisions = new Map<string, string>();
	const versions = new Map<string, Version[]>();
	const routed = new Set<string>();
	let published = 0;

	stub.answer('PublishStateMachineVersion', (body) => {
		const arn = String(body.stateMachineArn);
		const current = revisions.get(arn);
		if (current === undefined) return fault('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
		if (typeof body.description === 'string' && [...body.description].length > 256) return fault('ValidationException', 'description too long');
		if (body.revisionId !== undefined && body.revisionId !== current) return fault('ConflictException', `Revision ${String(body.revisionId)} is not the current revision`);
		const list = versions.get(arn) ?? [];
		const existing = list.find((version) => version.revisionId === current);
		if (existing) return { body: { stateMachineVersionArn: existing.arn, creationDate: existing.creationDate } };
		const number = list.reduce((max, version) => Math.max(max, Number(version.arn.split(':').pop())), 0) + 1;
		const version = { arn: `${arn}:${number}`, revisionId: current, creationDate: 1_795_000_000 + ++published };
		versions.set(arn, [...list, version]);
		return { body: { stateMachineVersionArn: version.arn, creationDate: version.creationDate } };
	});

	stub.answer('ListStateMachineVersions', (body) => {
		const newestFirst = [...(versions.get(String(body.stateMachineArn)) ?? [])].reverse();
		const start = Number(body.nextToken ?? 0);
		const size = Number(body.maxResults) || 100;
		const page = newestFirst.slice(start, start + size);
		const more = start + size < newestFirst.length;
		return {
			body: {
				stateMachineVersions: page.map((version) => ({ stateMachineVersionArn: version.arn, creationDate: version.creationDate })),
				...(more ? { nextToken: String(start + size) } : {}),
			},
		};
	});

	stub.answer('DeleteStateMachineVersion', (body) => {
		const arn = String(body.stateMachineVersionArn);
		if (routed.has(arn)) return fault('ConflictException', `Version ${arn} is referenced by an alias`);
		const machine = arn.slice(0, arn.lastIndexOf(':'));
		versions.set(machine, (versions.get(machine) ?? []).filter((version) => version.arn !== arn));
		return { body: {} };
	});

	return {
		...stub,
		addStateMachine: (arn, revisionId) => revisions.set(arn, revisionId),
		update: (arn, revisionId) => revisions.set(arn, revisionId),
		routeAlias: (versionArn) => routed.add(versionArn),
	};
}
