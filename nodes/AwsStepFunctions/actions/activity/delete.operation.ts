import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { locatorProperty, readReference, resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';

const show = { resource: ['activity'], operation: ['delete'] };

function buildRequest(this: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readReference(this, itemIndex, 'activity');
}

export const deleteActivity: Operation<ResourceReference> = {
	action: 'DeleteActivity',
	description: updateDisplayOptions({ show }, [
		{
			displayName: 'Permanently deletes the activity: workers polling it then get ActivityDoesNotExist, and state machines that name it need another activity.',
			name: 'deleteActivityNotice',
			type: 'notice',
			default: '',
		},
		locatorProperty('activity'),
	]),
	buildRequest,
	async send(session, reference, item) {
		const activityArn = await resolveArn(session, reference, item);
		// Repeatable: deleting an activity again changes nothing.
		await session.call('DeleteActivity', { activityArn });
		// AWS answers with nothing: the item says what was deleted.
		return { activityArn, deleted: true };
	},
};
