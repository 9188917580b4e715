import type { Context } from './context';

export type Action = 'created' | 'updated' | 'unchanged';

export interface EnsureResult<Outputs> {
  action: Action;
  outputs: Outputs;
  /** What was created or changed, a few words each; shown for an update. */
  changes: string[];
}

export type ResourceStateName = 'present' | 'missing' | 'drifted';

/**
 * A resource as the user reads it: its kind in the words `status` and the NOT_OURS messages use
 * (`IAM role`, `Upload bucket`), and its name.
 */
export interface NamedResource {
  kind: string;
  name: string;
}

export interface ResourceState extends NamedResource {
  state: ResourceStateName;
  /** For drifted resources: what differs from what `up` would make. */
  drift?: string[];
  /** What else is worth a glance, such as an alarm's state. */
  detail?: string;
}

export interface Inspection<Outputs> {
  resources: ResourceState[];
  /** Present only when everything the step makes exists, so later steps can use it. */
  outputs?: Outputs;
}

export interface DestroyOptions {
  /** Keep the upload bucket and the table (their data) on `down --keep-data`. */
  keepData: boolean;
}

/** What `down` did with one resource it found. */
export type TeardownOutcome = 'deleted' | 'kept' | 'left alone';

export interface DestroyResult {
  action: 'deleted' | 'absent' | 'kept';
  /** In the order they were deleted. */
  deleted: NamedResource[];
  /** Kept by `--keep-data`. */
  kept: NamedResource[];
  /** Same-named resources left alone because they do not carry this stack's tag. */
  leftAlone: NamedResource[];
}

/**
 * One step of the deployment. `dependsOn` names the steps whose outputs it takes; the runner hands
 * those outputs to `ensure` (all of them) and to `inspect` (those it could read), keyed by step name.
 * Methods, not function properties, so a step with specific inputs still fits `AnyStep`.
 */
export interface Step<Name extends string = string, Outputs = unknown, Inputs = unknown> {
  name: Name;
  /** One line for --help. */
  description: string;
  dependsOn: readonly AnyStep[];
  /** Starts what `ensure` can do before the steps it waits for are done (see early-work.ts); `up` calls it first. */
  prepare?(ctx: Context): void;
  ensure(ctx: Context, inputs: Inputs): Promise<EnsureResult<Outputs>>;
  destroy(ctx: Context, options: DestroyOptions): Promise<DestroyResult>;
  inspect(ctx: Context, inputs: Partial<Inputs>): Promise<Inspection<Outputs>>;
}

export type AnyStep = Step<string, unknown, unknown>;

export type OutputsOf<S> = S extends Step<string, infer Outputs, never> ? Outputs : never;

/** `{ 'create-role': <its outputs>, ... }` for the steps a step depends on. */
export type InputsOf<Dependencies extends readonly AnyStep[]> = {
  [S in Dependencies[number] as S['name']]: OutputsOf<S>;
};

/** Declares a step; its inputs are typed from the steps it names in `dependsOn`. */
export function defineStep<Name extends string, Outputs, const Dependencies extends readonly AnyStep[]>(
  step: Omit<Step<Name, Outputs, InputsOf<Dependencies>>, 'dependsOn'> & { dependsOn: Dependencies },
): Step<Name, Outputs, InputsOf<Dependencies>> {
  return step;
}

/** The overall action of a step that ensured several resources. */
export function combineActions(actions: Action[]): Action {
  if (actions.length > 0 && actions.every((action) => action === 'created')) return 'created';
  if (actions.every((action) => action === 'unchanged')) return 'unchanged';
  return 'updated';
}

/** `created` when the resource is new, else `updated` when anything changed. */
export function actionOf(created: boolean, changes: readonly string[]): Action {
  if (created) return 'created';
  return changes.length ? 'updated' : 'unchanged';
}

/** What `status` says of one resource: missing when not found, drifted when anything differs. */
export function resourceState(kind: string, name: string, found: boolean, drift: readonly string[] = [], detail?: string): ResourceState {
  if (!found) return { kind, name, state: 'missing', ...(detail ? { detail } : {}) };
  return { kind, name, state: drift.length ? 'drifted' : 'present', ...(drift.length ? { drift: [...drift] } : {}), ...(detail ? { detail } : {}) };
}

/**
 * Like Promise.all, but waits for every task to end before it rejects: a step that works on three
 * functions at once must not leave two of them still being created after it has failed.
 */
export async function allSettled<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
