import type { Operation } from '../operation';
import { resourceProperties } from '../shared/resourceOperations';

export const mapRunOperations = {} satisfies Record<string, Operation>;

export const mapRunProperties = resourceProperties('mapRun', [], '', mapRunOperations);
