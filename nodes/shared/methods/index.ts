import { awsStepFunctionsApiTest } from './credentialTest';
import {
	searchActivities,
	searchAliases,
	searchMapRuns,
	searchStateMachines,
	searchVersions,
	searchVersionsAndAliases,
} from './listSearch';

export const credentialTest = { awsStepFunctionsApiTest };

export const listSearch = { searchStateMachines, searchActivities, searchVersions, searchAliases, searchMapRuns, searchVersionsAndAliases };
