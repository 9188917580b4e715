import { DeployError } from './errors';
import { carriesStackTag, STACK_TAG_KEY, type TagMap } from './tags';

/**
 * A same-named resource that does not carry this stack's tag was not made by rekog-deploy for this
 * stack: `up` refuses to change it and `down` leaves it alone.
 */
export function assertOurs(kind: string, name: string, tags: TagMap | undefined, stack: string): void {
  if (carriesStackTag(tags, stack)) return;
  throw new DeployError(
    'NOT_OURS',
    `${kind} "${name}" already exists without the tag ${STACK_TAG_KEY}=${stack}, so rekog-deploy will not change it. Delete it, or choose another --stack.`,
  );
}

export function notOursNote(kind: string, name: string, stack: string): string {
  return `${kind} "${name}" left alone: it does not carry ${STACK_TAG_KEY}=${stack}`;
}
