import type { SFNClient } from '@aws-sdk/client-sfn';

export interface TaskAnswer {
	action: 'SendTaskSuccess' | 'SendTaskFailure';
	at: number;
	output?: unknown;
	error?: string;
	cause?: string;
}
export interface Task {
	orderId: number;
	executionArn: string;
	taskToken: string;
}
export interface ActivityMachine {
	client: SFNClient;
	activityArn: string;
	stateMachineArn: string;
}
export interface CallResult {
	orderId: number;
	status: number | null;
	body: string;
	error?: string;
	ms: number;
}
export interface ServerView {
	status?: string;
	output?: unknown;
	error?: string;
	cause?: string;
}
export function recordTaskAnswers(): {
	answers: Map<string, TaskAnswer[]>;
	answeredCount(tokens: string[]): number;
	stop(): void;
};
export function createActivityMachine(endpoint: string): Promise<ActivityMachine>;
export function startTasks(machine: ActivityMachine, count: number, firstOrderId?: number): Promise<Task[]>;
export function decisionFor(orderId: number): 'approve' | 'reject';
export function expectedAnswer(orderId: number): Omit<TaskAnswer, 'at'>;
export function callWebhook(
	url: string,
	tasks: Task[],
	options?: { concurrency?: number; timeoutMs?: number; onResult?: (result: CallResult, index: number) => void },
): Promise<CallResult[]>;
export function serverView(client: SFNClient, executionArn: string): Promise<ServerView>;
export function serverViews(client: SFNClient, tasks: Task[]): Promise<ServerView[]>;
export function localCredential(reference: { id: string; name: string }, endpoint: string): object;
export function clientFor(endpoint: string): SFNClient;
