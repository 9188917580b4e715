import { fieldValue, type PostForm } from './post-form';
import { parsePolicy, type PolicyCondition } from './post-policy';
import { verifyPostSignature, type SecretFor } from './post-signature';
import { S3Error } from './s3-error';

export interface PostUploadRules {
  secretFor: SecretFor;
  region: string;
  now: Date;
}

// Form fields no condition needs to name. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
const UNCONDITIONED_FIELDS = new Set(['policy', 'x-amz-signature', 'file']);

const refused = (reason: string) => new S3Error('AccessDenied', `Invalid according to Policy: ${reason}`);

/**
 * Accepts a browser-form upload only as S3 would: key present, signature valid, policy unexpired,
 * every condition met, no field outside the policy, and the file within content-length-range.
 * The order follows what S3 is seen to report first.
 */
export function checkPostUpload(form: PostForm, rules: PostUploadRules): void {
  const key = fieldValue(form, 'key');
  if (key === undefined) {
    throw new S3Error('InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", {
      ArgumentName: 'key',
      ArgumentValue: '',
    });
  }
  if (key === '') {
    throw new S3Error('InvalidArgument', 'User key must have a length greater than 0.', { ArgumentName: 'key', ArgumentValue: '' });
  }
  const policy = parsePolicy(verifyPostSignature(form, rules.secretFor, rules.region));
  if (rules.now.getTime() > policy.expiration.getTime()) throw refused('Policy expired.');
  for (const condition of policy.conditions) {
    if (condition.operator !== 'content-length-range' && !holds(condition, form)) throw refused(`Policy Condition failed: ${condition.text}`);
  }
  const extraFields = [...form.fields]
    .filter(([name]) => !UNCONDITIONED_FIELDS.has(name) && !name.startsWith('x-ignore-'))
    .filter(([name]) => !policy.conditions.some((condition) => 'field' in condition && condition.field === name))
    .map(([, field]) => field.name);
  if (extraFields.length > 0) throw refused(`Extra input fields: ${extraFields.join(', ')}`);
  for (const condition of policy.conditions) {
    if (condition.operator === 'content-length-range') checkSize(condition, form.file.size);
  }
}

function holds(condition: Extract<PolicyCondition, { field: string | undefined }>, form: PostForm): boolean {
  if (condition.field === undefined) return false;
  const value = condition.field === 'bucket' ? form.bucket : fieldValue(form, condition.field);
  // A condition on a field the form lacks fails, even `starts-with ""` (observed on S3).
  if (value === undefined) return false;
  if (condition.operator === 'eq') return value === condition.value;
  // "Content-Types values for a starts-with condition that include commas are interpreted as lists."
  const values = condition.field === 'content-type' ? value.split(',').map((part) => part.trim()) : [value];
  return values.every((part) => part.startsWith(condition.value));
}

function checkSize(condition: Extract<PolicyCondition, { operator: 'content-length-range' }>, size: number): void {
  if (Number.isNaN(condition.min) || Number.isNaN(condition.max)) throw refused(`Policy Condition failed: ${condition.text}`);
  if (size > condition.max) {
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: size, MaxSizeAllowed: condition.max });
  }
  if (size < condition.min) {
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { ProposedSize: size, MinSizeAllowed: condition.min });
  }
}
