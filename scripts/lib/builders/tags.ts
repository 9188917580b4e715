export const STACK_TAG_KEY = 'rekog-deploy:stack';

export type TagMap = Record<string, string>;

export function stackTags(stack: string): TagMap {
  return { [STACK_TAG_KEY]: stack };
}

/** IAM, S3, SNS, DynamoDB and CloudWatch Logs (some of them) take tags as a list of pairs. */
export function tagList(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagMapFromList(list: { Key?: string; Value?: string }[] | undefined): TagMap {
  return Object.fromEntries((list ?? []).filter((tag) => tag.Key).map((tag) => [tag.Key as string, tag.Value ?? '']));
}

export function carriesStackTag(tags: TagMap | undefined, stack: string): boolean {
  return tags?.[STACK_TAG_KEY] === stack;
}
