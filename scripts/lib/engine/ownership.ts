import { carriesStackTag, STACK_TAG_KEY, type TagMap } from '../builders/tags';
import { DeployError } from './errors';
import type { DestroyResult } from './step';

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

/** What one `destroy` deleted and what it left alone, turned into its result at the end. */
export class Teardown {
  readonly deleted: string[] = [];
  readonly notOurs: string[] = [];

  constructor(private readonly stack: string) {}

  /** True when the resource carries this stack's tag; otherwise notes it as left alone. */
  ours(kind: string, name: string, tags: TagMap | undefined): boolean {
    if (carriesStackTag(tags, this.stack)) return true;
    this.leftAlone(kind, name);
    return false;
  }

  leftAlone(kind: string, name: string): void {
    this.notOurs.push(notOursNote(kind, name, this.stack));
  }

  removed(name: string): void {
    this.deleted.push(name);
  }

  result(): DestroyResult {
    return { action: this.deleted.length ? 'deleted' : 'absent', deleted: this.deleted, notOurs: this.notOurs };
  }
}
