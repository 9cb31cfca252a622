import type { PublishStateMachineVersionInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { assertWithinLimit, LIMITS } from '../../../shared/helpers/limits';
import { toText } from '../../../shared/helpers/text';
import { locatorProperty, readReference, resolveArn, unqualifiedArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { optionsCollection } from '../shared/optionsCollection';

const show = { resource: ['stateMachineVersion'], operation: ['publish'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine', { description: "The state machine whose current revision becomes a version; a version or alias ARN stands for its state machine" }),
	optionsCollection([
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: 'What this version is, up to 256 characters, e.g. "Adds the fraud check"',
		},
		{
			displayName: 'Revision ID',
			name: 'revisionId',
			type: 'string',
			default: '',
			description:
				'Publish only if the state machine is still at this revision (revisionId of Get or Update State Machine); otherwise Step Functions refuses with ConflictException. INITIAL: a state machine never updated.',
		},
	]),
]);

export interface PublishRequest {
	stateMachine: ResourceReference;
	input: Omit<PublishStateMachineVersionInput, 'stateMachineArn'>;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): PublishRequest {
	const node = this.getNode();
	const given = this.getNodeParameter('options', itemIndex, {}) as { description?: unknown; revisionId?: unknown };
	const input: PublishRequest['input'] = {};
	const versionDescription = toText(node, itemIndex, LIMITS.versionDescription.label, given.description);
	if (versionDescription !== '') {
		assertWithinLimit(node, itemIndex, LIMITS.versionDescription, versionDescription);
		input.description = versionDescription;
	}
	const revisionId = toText(node, itemIndex, 'Revision ID', given.revisionId).trim();
	if (revisionId !== '') input.revisionId = revisionId;
	return { stateMachine: readReference(this, itemIndex, 'stateMachine'), input };
}

export const publish: Operation<PublishRequest> = {
	action: 'PublishStateMachineVersion',
	description,
	buildRequest,
	async send(session, request, item) {
		const stateMachineArn = unqualifiedArn(await resolveArn(session, request.stateMachine, item));
		// Repeatable: publishing a revision that already has a version returns that version instead of a new one
		// (AWS's idempotency on state machine and revision), so a repeat after a lost answer publishes nothing twice.
		return toItemJson(await session.call('PublishStateMachineVersion', { stateMachineArn, ...request.input }));
	},
};
