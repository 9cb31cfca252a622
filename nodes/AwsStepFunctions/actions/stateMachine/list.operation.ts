import { stateMachinesPage } from '../../../shared/aws/listings';
import { listOperation } from '../shared/listAll';

export const list = listOperation('ListStateMachines', { resource: ['stateMachine'], operation: ['list'] }, stateMachinesPage);
