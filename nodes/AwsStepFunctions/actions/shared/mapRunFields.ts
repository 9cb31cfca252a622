import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty, readReference } from '../../../shared/locators';
import type { ResourceReference } from '../../../shared/locators';
import { executionArnProperty, readExecutionArn } from './executionArn';
import type { ParentOfListing } from './versionAliasMapRunLists';

/** The execution whose Map Runs are listed (Get Many). */
export const mapRunsOfExecution: ParentOfListing<string> = {
	properties: [{ ...executionArnProperty(), description: 'The execution whose Map Runs to list (the parent workflow that ran the Distributed Map state)' }],
	read: readExecutionArn,
	resolve: async (_session, executionArn) => executionArn,
};

/**
 * The Map Run of Get and Update: By ARN needs nothing else; From List and By Map State Label look in the
 * execution given above it, which is therefore optional.
 */
export function mapRunLocatorProperties(): INodeProperties[] {
	return [
		{
			...executionArnProperty(),
			required: false,
			description: 'The execution that ran the Distributed Map state: the list shows its Map Runs. Not needed when the Map Run is given by ARN.',
		},
		locatorProperty('mapRun', { description: 'The Map Run: a Distributed Map state\'s run of child executions' }),
	];
}

export function readMapRun(ctx: IExecuteFunctions, itemIndex: number): ResourceReference {
	return readReference(ctx, itemIndex, 'mapRun');
}
