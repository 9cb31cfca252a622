import { activitiesPage } from '../../../shared/aws/listings';
import { listOperation } from '../shared/listAll';

export const list = listOperation('ListActivities', { resource: ['activity'], operation: ['list'] }, activitiesPage);
