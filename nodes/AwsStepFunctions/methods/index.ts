import { awsStepFunctionsApiTest } from './credentialTest';

export const credentialTest = { awsStepFunctionsApiTest };
