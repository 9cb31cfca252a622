import type { StateMachineType, UpdateStateMachineInput } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refusedValueError } from '../../../shared/errors/input';
import { toItemJson } from '../../../shared/helpers/itemJson';
import { toBoolean } from '../../../shared/helpers/text';
import { asAction, lookupOnce } from '../../../shared/aws/session';
import type { SfnSession } from '../../../shared/aws/session';
import { locatorProperty, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { assertDefinitionValid, definitionProperty, readDefinition, validateFirstProperty } from '../shared/definition';
import { encryptionProperty, readEncryption } from '../shared/encryption';
import { loggingProperty, publishProperties, readLogging, readPublish, readTracing, tracingProperty } from '../shared/machineSettings';
import { optionsCollection } from '../shared/optionsCollection';
import { checkRoleArn, roleArnProperty } from '../shared/roleArn';
import { readUnqualifiedStateMachine } from '../shared/unqualifiedStateMachine';
import { sendOnce } from './sendOnce';

const show = { resource: ['stateMachine'], operation: ['update'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	locatorProperty('stateMachine'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What to change; settings not added here stay as they are. Running executions keep the old definition and role.',
		options: [
			definitionProperty({ required: false }),
			encryptionProperty(),
			loggingProperty(),
			roleArnProperty({ required: false }),
			tracingProperty(),
		],
	},
	optionsCollection([...publishProperties(), validateFirstProperty()]),
]);

export interface UpdateRequest {
	stateMachine: ResourceReference;
	input: Omit<UpdateStateMachineInput, 'stateMachineArn'>;
	validateFirst: boolean;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): UpdateRequest {
	const node = this.getNode();
	const stateMachine = readUnqualifiedStateMachine(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as Record<string, unknown>;
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const input: UpdateRequest['input'] = {
		definition: fields.definition === undefined ? undefined : readDefinition(node, itemIndex, fields.definition),
		roleArn: fields.roleArn === undefined ? undefined : checkRoleArn(node, itemIndex, fields.roleArn),
		loggingConfiguration: readLogging(node, itemIndex, fields.logging),
		tracingConfiguration: readTracing(node, itemIndex, fields.tracingEnabled),
		encryptionConfiguration: readEncryption(node, itemIndex, fields.encryption),
	};
	// AWS answers an update that changes nothing with MissingRequiredParameter: said here, with nothing sent.
	if (Object.values(input).every((value) => value === undefined)) {
		throw refusedValueError(
			node,
			itemIndex,
			'Update Fields',
			'change nothing',
			'Add at least one of Definition, Role ARN, Logging, X-Ray Tracing or Encryption under Update Fields.',
		);
	}
	return {
		stateMachine,
		input: { ...input, ...readPublish(node, itemIndex, options) },
		validateFirst: toBoolean(node, itemIndex, 'Validate First', options.validateFirst, false),
	};
}

/** The machine's type, which validation needs (EXPRESS machines allow fewer integrations); once per run. */
async function stateMachineType(session: SfnSession, stateMachineArn: string): Promise<StateMachineType | undefined> {
	return await lookupOnce(session, `type:${stateMachineArn}`, async () => {
		const machine = await asAction('DescribeStateMachine', session.call('DescribeStateMachine', { stateMachineArn }));
		return machine.type;
	});
}

export const update: Operation<UpdateRequest> = {
	action: 'UpdateStateMachine',
	description,
	buildRequest,
	async send(session, request, item) {
		const stateMachineArn = await resolveArn(session, request.stateMachine, item);
		const { definition } = request.input;
		// Validate First checks a new definition; an update that keeps the definition has none to check.
		if (request.validateFirst && definition !== undefined) {
			const type = await stateMachineType(session, stateMachineArn);
			await assertDefinitionValid(session, definition, type, item, 'the state machine was not changed');
		}
		const input = { ...request.input, stateMachineArn };
		// Setting the same fields again changes nothing, so a plain update is repeated after a lost answer. With
		// Publish Version, AWS documents no idempotency for UpdateStateMachine (only for PublishStateMachineVersion):
		// a repeat could publish a second version, so it is sent unrepeatable (retried only when never sent or throttled).
		const updated = input.publish
			? await sendOnce(session, session.callUnrepeatable('UpdateStateMachine', input), item, {
					action: 'UpdateStateMachine',
					mayHave: 'the state machine may have been updated and a version published',
					whyNotRepeated: 'because a repeat could publish a second version',
					check: `Before running this item again, check the state machine's newest version (State Machine Version > Get Many) and its definition (State Machine > Get) for ${stateMachineArn}.`,
				})
			: await session.call('UpdateStateMachine', input);
		return { stateMachineArn, ...toItemJson(updated) };
	},
};
