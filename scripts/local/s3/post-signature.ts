import { createHmac, timingSafeEqual } from 'node:crypto';
import { fieldValue, type PostForm } from './post-form';
import { S3Error } from './s3-error';

/** Returns the secret access key for an access key id, or undefined if the id is unknown. */
export type SecretFor = (accessKeyId: string) => string | undefined;

const ALGORITHM = 'AWS4-HMAC-SHA256';
// The names S3 uses in its messages, in the order it asks for them.
const SIGNATURE_FIELDS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'Policy'] as const;
type SignatureField = (typeof SIGNATURE_FIELDS)[number];

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#derive-signing-key */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

/** A POST policy's signature is the hex HMAC of the base64 text itself, not of the decoded JSON. */
export function signPolicy(policyBase64: string, secretAccessKey: string, date: string, region: string): string {
  return createHmac('sha256', signingKey(secretAccessKey, date, region, 's3')).update(policyBase64, 'utf8').digest('hex');
}

/**
 * Checks the SigV4 fields of a POST and returns the policy text they sign.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
 */
export function verifyPostSignature(form: PostForm, secretFor: SecretFor, region: string): string {
  const fields = requireSignatureFields(form);
  const algorithm = fields['X-Amz-Algorithm'];
  if (algorithm !== ALGORITHM) {
    throw new S3Error('InvalidArgument', `X-Amz-Algorithm only supports "${ALGORITHM}"`, { ArgumentName: 'X-Amz-Algorithm', ArgumentValue: algorithm });
  }
  const date = fields['X-Amz-Date'];
  if (!/^\d{8}T\d{6}Z$/.test(date)) {
    throw new S3Error('InvalidArgument', 'X-Amz-Date must be formated via ISO8601 Long format', { ArgumentName: 'X-Amz-Date', ArgumentValue: date });
  }
  const scope = parseCredential(fields['X-Amz-Credential'], region);
  const secret = secretFor(scope.accessKeyId);
  if (secret === undefined) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: scope.accessKeyId });
  }
  const policy = fields.Policy;
  const signature = fields['X-Amz-Signature'];
  if (!sameText(signPolicy(policy, secret, scope.date, region), signature)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: scope.accessKeyId,
      StringToSign: policy,
      SignatureProvided: signature,
      StringToSignBytes: Buffer.from(policy, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 '),
    });
  }
  return policy;
}

function requireSignatureFields(form: PostForm): Record<SignatureField, string> {
  const values = new Map(SIGNATURE_FIELDS.map((name) => [name, fieldValue(form, name.toLowerCase())]));
  // With none of the signing fields the request is anonymous, and the upload bucket is private.
  if (SIGNATURE_FIELDS.every((name) => name === 'Policy' || values.get(name) === undefined)) {
    throw new S3Error('AccessDenied', 'Access Denied');
  }
  const missing = SIGNATURE_FIELDS.find((name) => values.get(name) === undefined);
  if (missing) {
    throw new S3Error('InvalidArgument', `Bucket POST must contain a field named '${missing}'.  If it is specified, please check the order of the fields.`, {
      ArgumentName: missing,
      ArgumentValue: '',
    });
  }
  return Object.fromEntries(values) as Record<SignatureField, string>;
}

interface CredentialScope {
  accessKeyId: string;
  date: string;
}

// The region and empty-key messages are S3's as captured; the others are modelled on them.
function parseCredential(credential: string, region: string): CredentialScope {
  const refuse = (message: string, extra: Record<string, string> = {}) =>
    new S3Error('InvalidArgument', message, { ArgumentName: 'X-Amz-Credential', ArgumentValue: credential, ...extra });
  const parts = credential.split('/');
  if (parts.length !== 5) throw refuse('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const [accessKeyId, date, credentialRegion, service, terminal] = parts;
  if (accessKeyId === '') throw refuse('a non-empty Access Key (AKID) must be provided in the credential.');
  if (!/^\d{8}$/.test(date)) throw refuse(`incorrect date format "${date}". This date in the credential must be in the format "yyyyMMdd".`);
  if (credentialRegion !== region) throw refuse(`the region '${credentialRegion}' is wrong; expecting '${region}'`, { Region: region });
  if (service !== 's3') throw refuse(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminal !== 'aws4_request') throw refuse(`incorrect terminal "${terminal}". This endpoint uses "aws4_request".`);
  return { accessKeyId, date };
}

function sameText(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
