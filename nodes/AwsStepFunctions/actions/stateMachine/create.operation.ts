import type { CreateStateMachineInput, StateMachineType } from '@aws-sdk/client-sfn';
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { readChoice, toBoolean } from '../../../shared/helpers/text';
import type { Operation } from '../operation';
import { assertDefinitionValid, definitionProperty, readDefinition, validateFirstProperty } from '../shared/definition';
import { encryptionProperty, readEncryption } from '../shared/encryption';
import { loggingProperty, publishProperties, readLogging, readPublish, readTracing, tracingProperty } from '../shared/machineSettings';
import { optionsCollection } from '../shared/optionsCollection';
import { readResourceName, resourceNameProperty } from '../shared/resourceName';
import { checkRoleArn, roleArnProperty } from '../shared/roleArn';
import { readTags, tagsProperty } from '../shared/tags';
import { stateMachineTypeProperty, STATE_MACHINE_TYPES } from './machineType';

const show = { resource: ['stateMachine'], operation: ['create'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	resourceNameProperty('state machine', 'OrderApproval'),
	definitionProperty(),
	roleArnProperty(),
	stateMachineTypeProperty('Type of the new state machine; it cannot be changed later'),
	optionsCollection([
		encryptionProperty(),
		loggingProperty(),
		...publishProperties(),
		tagsProperty(),
		validateFirstProperty(),
		tracingProperty(),
	]),
]);

export interface CreateRequest {
	input: CreateStateMachineInput;
	validateFirst: boolean;
}

function buildRequest(this: IExecuteFunctions, itemIndex: number): CreateRequest {
	const node = this.getNode();
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const input: CreateStateMachineInput = {
		name: readResourceName(this, itemIndex),
		definition: readDefinition(node, itemIndex, this.getNodeParameter('definition', itemIndex, '')),
		roleArn: checkRoleArn(node, itemIndex, this.getNodeParameter('roleArn', itemIndex, '')),
		type: readChoice(this, itemIndex, 'type', 'Type', STATE_MACHINE_TYPES, 'STANDARD') as StateMachineType,
		loggingConfiguration: readLogging(node, itemIndex, options.logging),
		tracingConfiguration: readTracing(node, itemIndex, options.tracingEnabled),
		encryptionConfiguration: readEncryption(node, itemIndex, options.encryption),
		...readPublish(node, itemIndex, options),
	};
	const tags = readTags(node, itemIndex, options.tags);
	if (tags.length) input.tags = tags;
	return { input, validateFirst: toBoolean(node, itemIndex, 'Validate First', options.validateFirst, false) };
}

export const create: Operation<CreateRequest> = {
	action: 'CreateStateMachine',
	description,
	buildRequest,
	async send(session, { input, validateFirst }, item) {
		if (validateFirst) await assertDefinitionValid(session, input.definition ?? '', input.type, item, 'the state machine was not created');
		// Repeatable: CreateStateMachine is idempotent (AWS API reference). A repeat with the same name,
		// definition, type, logging, tracing, encryption and publish settings returns the machine the first
		// attempt made, so a retry after a lost answer creates nothing twice.
		const created = await session.call('CreateStateMachine', input);
		return toItemJson(created);
	},
};
