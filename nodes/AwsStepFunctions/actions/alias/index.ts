import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';

export const aliasOperations = {} satisfies Record<string, Operation>;

export const aliasProperties = resourceProperties('stateMachineAlias', [], '', aliasOperations);
