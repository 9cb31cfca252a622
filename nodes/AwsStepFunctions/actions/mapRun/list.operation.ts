import { mapRunsPage } from '../../../shared/aws/listings';
import { mapRunsOfExecution } from '../shared/mapRunFields';
import { childListOperation } from '../shared/versionAliasMapRunLists';

export const list = childListOperation('ListMapRuns', { resource: ['mapRun'], operation: ['list'] }, mapRunsOfExecution, mapRunsPage);
