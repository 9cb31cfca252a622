export interface StepFunctionsLocal {
	endpoint: string;
	port: number;
	stop(): Promise<void>;
}
export function startStepFunctionsLocal(): Promise<StepFunctionsLocal>;
