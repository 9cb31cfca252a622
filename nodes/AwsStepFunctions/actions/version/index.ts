import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';

export const versionOperations = {} satisfies Record<string, Operation>;

export const versionProperties = resourceProperties('stateMachineVersion', [], '', versionOperations);
