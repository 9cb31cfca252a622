import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { readAwsError } from '../../../shared/errors/aws';
import { refusedValueError } from '../../../shared/errors/input';
import { settle } from '../../../shared/helpers/settle';
import { toText } from '../../../shared/helpers/text';
import type { ItemContext } from '../../../shared/helpers/itemContext';
import { checkAliasName, locatorProperty, readReference, resolveArn, unqualifiedArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { SfnSession } from '../../../shared/aws/session';
import type { Operation } from '../operation';

/**
 * The State Machine above a version or alias picker: the list shows its versions or aliases, and a version
 * number or alias name is looked up within it. Not needed when the version or alias is given by ARN.
 */
export function pickerStateMachineProperty(what: 'versions' | 'aliases'): INodeProperties {
	return locatorProperty('stateMachine', {
		required: false,
		description: `The state machine whose ${what} the list below shows. Not needed when the ${what === 'versions' ? 'version' : 'alias'} is given by ARN.`,
	});
}

/**
 * A delete whose first attempt may have been done with its answer lost: the client's repeat then finds nothing
 * to delete (ResourceNotFound). Only after more than one attempt is that read as done; a first attempt that
 * finds nothing stays an error, as a wrong ARN should.
 */
export async function deleteOnce(send: () => Promise<unknown>): Promise<void> {
	const outcome = await settle(send());
	if (outcome.ok) return;
	const { code, attempts } = readAwsError(outcome.error);
	if (code === 'ResourceNotFound' && (attempts ?? 1) > 1) return;
	throw outcome.error;
}

/**
 * "Version or Alias" of Start and Get Many executions: what follows the state machine's ARN (a version number
 * or an alias name), picked from the chosen state machine's aliases and versions or typed. Empty: the state
 * machine itself (Start runs its latest revision; Get Many lists all its executions).
 */
export function versionOrAliasProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Version or Alias',
		name: 'versionOrAlias',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: `Optional: ${purpose}. Empty: the state machine itself.`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a version or alias...',
				typeOptions: { searchListMethod: 'searchVersionsAndAliases', searchable: true },
			},
			{ displayName: 'By Number or Name', name: 'name', type: 'string', placeholder: 'e.g. 3 or prod' },
		],
	};
}

/** The state machine to run or list, with the version or alias chosen for it. */
export interface QualifiedStateMachine {
	stateMachine: ResourceReference;
	qualifier?: string;
}

export function readQualifiedStateMachine(ctx: IExecuteFunctions, itemIndex: number): QualifiedStateMachine {
	const node = ctx.getNode();
	const stateMachine = readReference(ctx, itemIndex, 'stateMachine');
	const locator = ctx.getNodeParameter('versionOrAlias', itemIndex, { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	const qualifier = toText(node, itemIndex, 'Version or Alias', locator.value).trim();
	if (qualifier === '') return { stateMachine };
	// All digits is a version number, which has no leading zero ("03" would be read as an alias and refused as one).
	if (/^[0-9]+$/.test(qualifier) && !/^[1-9][0-9]{0,9}$/.test(qualifier)) {
		throw refusedValueError(node, itemIndex, 'Version or Alias', `is "${qualifier}", not a version number`, 'Give the number of a published version as it is listed: from 1, without leading zeros, e.g. 3.');
	}
	if (!/^[1-9][0-9]{0,9}$/.test(qualifier)) checkAliasName(node, itemIndex, 'Version or Alias', qualifier);
	if (stateMachine.arn !== undefined && unqualifiedArn(stateMachine.arn) !== stateMachine.arn) {
		throw refusedValueError(
			node,
			itemIndex,
			'Version or Alias',
			`is "${qualifier}", but State Machine is already a version or alias ARN (${stateMachine.arn})`,
			"Give the state machine's own ARN with Version or Alias, or leave Version or Alias empty.",
		);
	}
	return { stateMachine, qualifier };
}

/** The ARN to send: the state machine's, or its version's or alias's. */
export async function resolveQualifiedArn(session: SfnSession, target: QualifiedStateMachine, item: ItemContext): Promise<string> {
	const arn = await resolveArn(session, target.stateMachine, item);
	return target.qualifier ? `${unqualifiedArn(arn)}:${target.qualifier}` : arn;
}

/**
 * Delete of a version or an alias: the State Machine above the picker, the picked resource, one request. The
 * result names what was deleted, since AWS answers with an empty body.
 */
export function deleteOperation(
	kind: 'stateMachineVersion' | 'stateMachineAlias',
	action: string,
	arnField: string,
	locatorDescription: string,
	sendDelete: (session: SfnSession, arn: string) => Promise<unknown>,
): Operation<ResourceReference> {
	return {
		action,
		description: updateDisplayOptions({ show: { resource: [kind], operation: ['delete'] } }, [
			pickerStateMachineProperty(kind === 'stateMachineVersion' ? 'versions' : 'aliases'),
			locatorProperty(kind, { description: locatorDescription }),
		]),
		buildRequest(this: IExecuteFunctions, itemIndex: number) {
			return readReference(this, itemIndex, kind);
		},
		async send(session, reference, item) {
			const arn = await resolveArn(session, reference, item);
			await deleteOnce(() => sendDelete(session, arn));
			return { deleted: true, [arnField]: arn };
		},
	};
}
