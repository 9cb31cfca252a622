import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';

export const tagOperations = {} satisfies Record<string, Operation>;

export const tagProperties = resourceProperties('tag', [], '', tagOperations);
