import { carriesStackTag, STACK_TAG_KEY, type TagMap } from '../builders/tags';
import { DeployError } from './errors';
import type { Reporter } from './reporter';
import type { DestroyResult, NamedResource, TeardownOutcome } from './step';

/**
 * A same-named resource that does not carry this stack's tag was not made by rekog-deploy for this
 * stack: `up` refuses to change it and `down` leaves it alone.
 */
export function notOursError(kind: string, name: string, stack: string): DeployError {
  return new DeployError(
    'NOT_OURS',
    `${kind} "${name}" already exists without the tag ${STACK_TAG_KEY}=${stack}, so rekog-deploy will not change it. Delete it, or choose another --stack.`,
  );
}

export function assertOurs(kind: string, name: string, tags: TagMap | undefined, stack: string): void {
  if (!carriesStackTag(tags, stack)) throw notOursError(kind, name, stack);
}

export function notOursNote(kind: string, name: string, stack: string): string {
  return `${kind} "${name}" left alone: it does not carry ${STACK_TAG_KEY}=${stack}`;
}

/** What one `destroy` did with each resource it found, told to the reporter as it happens, then its result. */
export class Teardown {
  private readonly outcomes: (NamedResource & { outcome: TeardownOutcome })[] = [];

  constructor(private readonly ctx: { settings: { stack: string }; log: Reporter }) {}

  /** True when the resource carries this stack's tag; otherwise notes it as left alone. */
  ours(kind: string, name: string, tags: TagMap | undefined): boolean {
    if (carriesStackTag(tags, this.ctx.settings.stack)) return true;
    this.leftAlone(kind, name);
    return false;
  }

  leftAlone(kind: string, name: string): void {
    this.record('left alone', kind, name, `not tagged ${STACK_TAG_KEY}=${this.ctx.settings.stack}`);
  }

  removed(kind: string, name: string): void {
    this.record('deleted', kind, name);
  }

  /** Found, ours, and kept by `--keep-data`. */
  kept(kind: string, name: string): void {
    this.record('kept', kind, name);
  }

  result(): DestroyResult {
    const named = (outcome: TeardownOutcome) => this.outcomes.filter((entry) => entry.outcome === outcome).map(({ kind, name }) => ({ kind, name }));
    const [deleted, kept, leftAlone] = [named('deleted'), named('kept'), named('left alone')];
    return { action: deleted.length ? 'deleted' : kept.length ? 'kept' : 'absent', deleted, kept, leftAlone };
  }

  private record(outcome: TeardownOutcome, kind: string, name: string, detail?: string): void {
    this.outcomes.push({ outcome, kind, name });
    this.ctx.log.resourceOutcome(outcome, kind, name, detail);
  }
}
