import { S3Error } from './s3-error';

/**
 * One condition of a POST policy. `field` is lower-case without the `$` (condition names are
 * case-insensitive, values are not); `text` is the condition as S3 prints it when it fails.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
export type PolicyCondition =
  | { operator: 'eq' | 'starts-with'; field: string | undefined; value: string; text: string }
  | { operator: 'content-length-range'; min: number; max: number; text: string };

export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

const invalid = (reason: string) => new S3Error('InvalidPolicyDocument', `Invalid Policy: ${reason}`);

/** Decodes and validates the policy document; messages are S3's where they are known. */
export function parsePolicy(policyBase64: string): PostPolicy {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(policyBase64)) throw invalid('invalid Base64 encoding.');
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
  } catch {
    throw invalid('Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid('Invalid JSON.');
  const unexpected = Object.keys(document).find((name) => name !== 'expiration' && name !== 'conditions');
  if (unexpected !== undefined) throw invalid(`Unexpected: '${unexpected.toLowerCase()}'`);
  const { expiration, conditions } = document as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) throw invalid('Policy missing expiration.');
  if (conditions === undefined) throw invalid('Policy missing conditions.');
  // ISO 8601 in UTC, with or without milliseconds; S3 refuses offsets and a space for the T.
  if (typeof expiration !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(expiration) || Number.isNaN(Date.parse(expiration))) {
    throw invalid(`Invalid 'expiration' value: '${String(expiration)}'`);
  }
  if (!Array.isArray(conditions)) throw invalid("Invalid 'conditions' value: must be a List.");
  return { expiration: new Date(expiration), conditions: conditions.map(parseCondition) };
}

function parseCondition(condition: unknown): PolicyCondition {
  if (Array.isArray(condition)) return parseListCondition(condition);
  if (typeof condition !== 'object' || condition === null) throw invalid('Invalid condition test: must be a List or Object.');
  const entries = Object.entries(condition);
  if (entries.length !== 1) throw invalid('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
  const [name, value] = entries[0];
  if (typeof value !== 'string') throw invalid('Invalid Simple-Condition: value must be a string.');
  // S3 reports a failed simple condition as the equivalent `eq` list.
  return { operator: 'eq', field: name.toLowerCase(), value, text: printCondition(['eq', `$${name}`, value]) };
}

function parseListCondition(condition: unknown[]): PolicyCondition {
  const [operation, first, second] = condition;
  if (typeof operation !== 'string') throw invalid('Invalid Condition: missing operation identifier.');
  const operator = operation.toLowerCase();
  if (operator !== 'eq' && operator !== 'starts-with' && operator !== 'content-length-range') {
    throw invalid(`Invalid Condition: unknown operation '${operation}'.`);
  }
  if (condition.length !== 3) throw invalid(`Invalid ${operation}: wrong number of arguments.`);
  const text = printCondition(condition);
  if (operator === 'content-length-range') {
    const [min, max] = [bound(first), bound(second)];
    if (min < 0 || max < 0) throw invalid('Invalid content-length-range: the bounds must not be negative.');
    return { operator, min, max, text };
  }
  if (typeof first !== 'string' || typeof second !== 'string') throw invalid('Invalid JSON.');
  // A field written without its `$` names nothing, so the condition can never hold (observed on S3).
  const field = first.startsWith('$') ? first.slice(1).toLowerCase() : undefined;
  return { operator, field, value: second, text };
}

// S3 accepts bounds written as numeric strings; other text fails the condition (403, not 400), so
// it becomes NaN, which no size satisfies; a fractional number is "Invalid JSON." (observed).
function bound(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) : Number.NaN;
  throw invalid('Invalid JSON.');
}

function printCondition(items: unknown[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}
