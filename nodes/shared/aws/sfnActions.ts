import type * as Sfn from '@aws-sdk/client-sfn';

/**
 * Every Step Functions action with the request and answer the AWS SDK's types describe (type-only: nothing
 * of the SDK is loaded or shipped). The client sends `input` as JSON and reads the answer into `output`.
 */
export interface SfnActions {
	CreateActivity: { input: Sfn.CreateActivityInput; output: Sfn.CreateActivityOutput };
	CreateStateMachine: { input: Sfn.CreateStateMachineInput; output: Sfn.CreateStateMachineOutput };
	CreateStateMachineAlias: { input: Sfn.CreateStateMachineAliasInput; output: Sfn.CreateStateMachineAliasOutput };
	DeleteActivity: { input: Sfn.DeleteActivityInput; output: Sfn.DeleteActivityOutput };
	DeleteStateMachine: { input: Sfn.DeleteStateMachineInput; output: Sfn.DeleteStateMachineOutput };
	DeleteStateMachineAlias: { input: Sfn.DeleteStateMachineAliasInput; output: Sfn.DeleteStateMachineAliasOutput };
	DeleteStateMachineVersion: { input: Sfn.DeleteStateMachineVersionInput; output: Sfn.DeleteStateMachineVersionOutput };
	DescribeActivity: { input: Sfn.DescribeActivityInput; output: Sfn.DescribeActivityOutput };
	DescribeExecution: { input: Sfn.DescribeExecutionInput; output: Sfn.DescribeExecutionOutput };
	DescribeMapRun: { input: Sfn.DescribeMapRunInput; output: Sfn.DescribeMapRunOutput };
	DescribeStateMachine: { input: Sfn.DescribeStateMachineInput; output: Sfn.DescribeStateMachineOutput };
	DescribeStateMachineAlias: { input: Sfn.DescribeStateMachineAliasInput; output: Sfn.DescribeStateMachineAliasOutput };
	DescribeStateMachineForExecution: { input: Sfn.DescribeStateMachineForExecutionInput; output: Sfn.DescribeStateMachineForExecutionOutput };
	GetActivityTask: { input: Sfn.GetActivityTaskInput; output: Sfn.GetActivityTaskOutput };
	GetExecutionHistory: { input: Sfn.GetExecutionHistoryInput; output: Sfn.GetExecutionHistoryOutput };
	ListActivities: { input: Sfn.ListActivitiesInput; output: Sfn.ListActivitiesOutput };
	ListExecutions: { input: Sfn.ListExecutionsInput; output: Sfn.ListExecutionsOutput };
	ListMapRuns: { input: Sfn.ListMapRunsInput; output: Sfn.ListMapRunsOutput };
	ListStateMachineAliases: { input: Sfn.ListStateMachineAliasesInput; output: Sfn.ListStateMachineAliasesOutput };
	ListStateMachineVersions: { input: Sfn.ListStateMachineVersionsInput; output: Sfn.ListStateMachineVersionsOutput };
	ListStateMachines: { input: Sfn.ListStateMachinesInput; output: Sfn.ListStateMachinesOutput };
	ListTagsForResource: { input: Sfn.ListTagsForResourceInput; output: Sfn.ListTagsForResourceOutput };
	PublishStateMachineVersion: { input: Sfn.PublishStateMachineVersionInput; output: Sfn.PublishStateMachineVersionOutput };
	RedriveExecution: { input: Sfn.RedriveExecutionInput; output: Sfn.RedriveExecutionOutput };
	SendTaskFailure: { input: Sfn.SendTaskFailureInput; output: Sfn.SendTaskFailureOutput };
	SendTaskHeartbeat: { input: Sfn.SendTaskHeartbeatInput; output: Sfn.SendTaskHeartbeatOutput };
	SendTaskSuccess: { input: Sfn.SendTaskSuccessInput; output: Sfn.SendTaskSuccessOutput };
	StartExecution: { input: Sfn.StartExecutionInput; output: Sfn.StartExecutionOutput };
	StartSyncExecution: { input: Sfn.StartSyncExecutionInput; output: Sfn.StartSyncExecutionOutput };
	StopExecution: { input: Sfn.StopExecutionInput; output: Sfn.StopExecutionOutput };
	TagResource: { input: Sfn.TagResourceInput; output: Sfn.TagResourceOutput };
	TestState: { input: Sfn.TestStateInput; output: Sfn.TestStateOutput };
	UntagResource: { input: Sfn.UntagResourceInput; output: Sfn.UntagResourceOutput };
	UpdateMapRun: { input: Sfn.UpdateMapRunInput; output: Sfn.UpdateMapRunOutput };
	UpdateStateMachine: { input: Sfn.UpdateStateMachineInput; output: Sfn.UpdateStateMachineOutput };
	UpdateStateMachineAlias: { input: Sfn.UpdateStateMachineAliasInput; output: Sfn.UpdateStateMachineAliasOutput };
	ValidateStateMachineDefinition: { input: Sfn.ValidateStateMachineDefinitionInput; output: Sfn.ValidateStateMachineDefinitionOutput };
}

export type SfnAction = keyof SfnActions;
export type SfnInput<A extends SfnAction> = SfnActions[A]['input'];
/** The answer as the SDK types it, without the SDK's own $metadata. */
export type SfnOutput<A extends SfnAction> = Omit<SfnActions[A]['output'], '$metadata'>;
