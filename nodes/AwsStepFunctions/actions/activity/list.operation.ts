import { activitiesPage } from '../../transport/listings';
import { listOperation } from '../shared/listAll';

export const list = listOperation('ListActivities', { resource: ['activity'], operation: ['list'] }, activitiesPage);
