import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { readUnqualifiedStateMachine } from '../shared/unqualifiedStateMachine';

const show = { resource: ['stateMachine'], operation: ['delete'] };

const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName:
			'Permanently deletes the state machine with all its versions and aliases. Its status becomes DELETING at once; running executions are stopped at their next state transition, and the machine is gone once they have ended.',
		name: 'deleteStateMachineNotice',
		type: 'notice',
		default: '',
	},
	locatorProperty('stateMachine'),
]);

function buildRequest(this: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readUnqualifiedStateMachine(this, itemIndex);
}

export const deleteStateMachine: Operation<ResourceReference> = {
	action: 'DeleteStateMachine',
	description,
	buildRequest,
	async send(session, reference, item) {
		const stateMachineArn = await resolveArn(session, reference, item);
		// Repeatable: deleting again is harmless (AWS answers success for a machine already deleting or gone).
		await session.call('DeleteStateMachine', { stateMachineArn });
		// AWS answers with nothing: the item says what was asked, and that deletion completes asynchronously.
		return { stateMachineArn, deleted: true, status: 'DELETING' };
	},
};
