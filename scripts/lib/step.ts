import type { Context } from './context';
import type { FunctionKey } from './names';

export type Action = 'created' | 'updated' | 'unchanged';

export const STEP_NAMES = [
  'create-role',
  'create-bucket-with-cors',
  'create-table',
  'create-sns',
  'create-function',
  'create-s3-trigger',
  'create-api',
  'deploy-site',
  'create-alarms',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface DeployedFunction {
  name: string;
  arn: string;
  codeSha256: string;
}

/** What each step hands to the steps after it. All of it can be rediscovered from AWS by inspect. */
export interface StepOutputs {
  'create-role': { roleArns: Record<FunctionKey, string>; roleCreatedAt: Record<FunctionKey, string> };
  'create-bucket-with-cors': { uploadBucket: string; uploadBucketArn: string };
  'create-table': { table: string; tableArn: string };
  'create-sns': { topicArn: string; subscription?: string };
  'create-function': { functions: Record<FunctionKey, DeployedFunction> };
  'create-s3-trigger': { events: string[]; prefix: string };
  'create-api': { apiId: string; apiUrl: string };
  'deploy-site': { siteBucket: string; siteUrl: string };
  'create-alarms': { alarms: string[] };
}

export interface EnsureResult<O> {
  action: Action;
  outputs: O;
  /** What was created or changed, in a few words each, for --verbose. */
  changes?: string[];
}

export type ResourceStateName = 'present' | 'missing' | 'drifted';

export interface ResourceState {
  kind: string;
  name: string;
  state: ResourceStateName;
  /** For drifted resources: what differs from what `up` would make. */
  drift?: string[];
  /** What else is worth a glance, such as an alarm's state. */
  detail?: string;
}

export interface Inspection<O> {
  resources: ResourceState[];
  /** Present only when everything the step makes exists, so later steps can use it. */
  outputs?: O;
}

export interface DestroyOptions {
  /** Keep the upload bucket and the table (their data) on `down --keep-data`. */
  keepData: boolean;
}

export interface DestroyResult {
  action: 'deleted' | 'absent' | 'kept';
  /** Same-named resources left alone because they do not carry this stack's tag. */
  notOurs?: string[];
  deleted?: string[];
}

export interface Step<K extends StepName = StepName> {
  name: K;
  /** One line for --help. */
  description: string;
  dependsOn: readonly StepName[];
  ensure(ctx: Context): Promise<EnsureResult<StepOutputs[K]>>;
  destroy(ctx: Context, options: DestroyOptions): Promise<DestroyResult>;
  inspect(ctx: Context): Promise<Inspection<StepOutputs[K]>>;
}

/** The overall action of a step that ensured several resources. */
export function combineActions(actions: Action[]): Action {
  if (actions.length > 0 && actions.every((action) => action === 'created')) return 'created';
  if (actions.every((action) => action === 'unchanged')) return 'unchanged';
  return 'updated';
}
