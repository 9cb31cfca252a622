import { awsStepFunctionsApiTest } from './credentialTest';
import { searchActivities, searchStateMachines } from './listSearch';

export const credentialTest = { awsStepFunctionsApiTest };

export const listSearch = { searchStateMachines, searchActivities };
