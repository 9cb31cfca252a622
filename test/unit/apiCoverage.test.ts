import * as sdk from '@aws-sdk/client-sfn';
import type { INodePropertyOptions } from 'n8n-workflow';

import { AwsStepFunctions } from '../../nodes/AwsStepFunctions/AwsStepFunctions.node';

/**
 * The node covers the whole Step Functions API: every action of the service (the SDK's commands, generated
 * from AWS's service model) is what some operation sends, and each operation's choice in the editor names its
 * AWS action, which is also its IAM action (states:<action>). This is what the README's table promises and what
 * an AI agent reads to pick a tool.
 */
const serviceActions = Object.keys(sdk)
	.filter((name) => /^[A-Z][A-Za-z]+Command$/.test(name))
	.map((name) => name.replace(/Command$/, ''))
	.sort();

const operationChoices = new AwsStepFunctions().description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		(property.options as INodePropertyOptions[]).map((option) => ({
			resource: String(property.displayOptions?.show?.resource?.[0]),
			...option,
		})),
	);

/** The AWS actions an operation's description names in parentheses, e.g. "(StartExecution, StartSyncExecution)". */
function actionsNamed(description: string | undefined): string[] {
	const named = /\(([A-Z][A-Za-z]+(?:, [A-Z][A-Za-z]+)*)\)\s*$/.exec(description ?? '');
	return named ? named[1].split(', ') : [];
}

describe('the whole Step Functions API', () => {
	it('the service has 37 actions', () => {
		expect(serviceActions).toHaveLength(37);
	});

	it('every operation names the AWS action(s) it sends at the end of its description', () => {
		const unnamed = operationChoices.filter((choice) => actionsNamed(choice.description).length === 0);
		expect(unnamed.map((choice) => `${choice.resource}:${String(choice.value)}`)).toEqual([]);
		for (const choice of operationChoices) {
			for (const action of actionsNamed(choice.description)) expect(serviceActions).toContain(action);
		}
	});

	it('every action of the service is sent by some operation of the action node', () => {
		const covered = new Set(operationChoices.flatMap((choice) => actionsNamed(choice.description)));
		expect(serviceActions.filter((action) => !covered.has(action))).toEqual([]);
	});

	// n8n adds a "Custom API Call" choice to every Resource and Operation list of a node whose credential signs
	// requests, reading the list's last choice: an empty list stops n8n from loading the package at all.
	it('every resource has operations to choose from', () => {
		const properties = new AwsStepFunctions().description.properties;
		const resources = (properties.find((property) => property.name === 'resource')?.options as INodePropertyOptions[]).map((option) => option.value);
		for (const resource of resources) {
			const selector = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource));
			expect({ resource, choices: (selector?.options ?? []).length > 0 }).toEqual({ resource, choices: true });
		}
	});

	it('every operation says what it does and has an action text for AI tools', () => {
		for (const choice of operationChoices) {
			expect(choice.action).toMatch(/^[A-Z]/);
			expect(String(choice.description).length).toBeGreaterThan(30);
		}
	});

	it('operations that delete say so', () => {
		const deletes = operationChoices.filter((choice) => /^Delete/.test(choice.name));
		expect(deletes.map((choice) => choice.resource).sort()).toEqual(['activity', 'stateMachine', 'stateMachineAlias', 'stateMachineVersion']);
		for (const choice of deletes) expect(choice.description).toMatch(/permanently|cannot be undone/i);
	});
});
