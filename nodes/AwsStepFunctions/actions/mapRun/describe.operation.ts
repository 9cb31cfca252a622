import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemJson } from '../../../shared/helpers/itemJson';
import { resolveArn } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import type { Operation } from '../operation';
import { mapRunLocatorProperties, readMapRun } from '../shared/mapRunFields';

export const describe: Operation<ResourceReference> = {
	action: 'DescribeMapRun',
	description: updateDisplayOptions({ show: { resource: ['mapRun'], operation: ['describe'] } }, mapRunLocatorProperties()),
	buildRequest(this: IExecuteFunctions, itemIndex: number) {
		return readMapRun(this, itemIndex);
	},
	async send(session, mapRun, item) {
		const mapRunArn = await resolveArn(session, mapRun, item);
		return toItemJson(await session.call('DescribeMapRun', { mapRunArn }));
	},
};
