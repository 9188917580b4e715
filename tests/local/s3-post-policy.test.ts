import { checkPostUpload } from '../../scripts/local/s3/check-post-upload';
import type { PostForm } from '../../scripts/local/s3/post-form';
import { signPolicy } from '../../scripts/local/s3/post-signature';
import { S3Error } from '../../scripts/local/s3/s3-error';

const BUCKET = 'uploads-bucket';
const REGION = 'us-east-1';
const SECRET = 'local-secret';
const DATE = '20260115';
const NOW = new Date('2026-01-15T12:00:00Z');
const secretFor = (accessKeyId: string) => (accessKeyId === 'local' ? SECRET : undefined);

interface FormOptions {
  conditions?: unknown[];
  fields?: Record<string, string | undefined>;
  expiration?: string;
  fileSize?: number;
  document?: unknown;
  /** The policy text as sent, when it is not JSON at all. */
  policyText?: string;
}

/** A form as a browser would send it from a presigned POST, signed for `local` in us-east-1. */
function signedForm(options: FormOptions = {}): PostForm {
  const credential = `local/${DATE}/${REGION}/s3/aws4_request`;
  const signingFields = { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': credential, 'X-Amz-Date': `${DATE}T120000Z` };
  const document = options.document ?? {
    expiration: options.expiration ?? '2026-01-15T12:05:00Z',
    conditions: [{ bucket: BUCKET }, { key: 'uploads/a.jpg' }, ...Object.entries(signingFields).map(([name, value]) => ({ [name]: value })), ...(options.conditions ?? [])],
  };
  const policy = Buffer.from(options.policyText ?? JSON.stringify(document)).toString('base64');
  const fields = { key: 'uploads/a.jpg', ...signingFields, Policy: policy, 'X-Amz-Signature': signPolicy(policy, SECRET, DATE, REGION), ...options.fields };
  return {
    bucket: BUCKET,
    fields: new Map(Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [] : [[name.toLowerCase(), { name, value }]]))),
    file: new Blob([new Uint8Array(options.fileSize ?? 10)]),
  };
}

function refusal(form: PostForm): { code: string; status: number; message: string; detail: Record<string, unknown> } | undefined {
  try {
    checkPostUpload(form, { secretFor, region: REGION, now: NOW });
    return undefined;
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    return { code: error.code, status: error.status, message: error.message, detail: error.detail };
  }
}

describe('the policy signature', () => {
  test('matches the SigV4 POST example in the S3 documentation', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
    const policy =
      'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';

    const signature = signPolicy(policy, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20151229', 'us-east-1');

    expect(signature).toBe('8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e');
  });

  test('a form without any signing field is anonymous, and refused on a private bucket', () => {
    const form = signedForm({ fields: { 'X-Amz-Algorithm': undefined, 'X-Amz-Credential': undefined, 'X-Amz-Date': undefined, 'X-Amz-Signature': undefined } });

    expect(refusal(form)).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
  });

  test('a missing signature field is named in S3 spelling', () => {
    expect(refusal(signedForm({ fields: { 'X-Amz-Signature': undefined } }))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      message: "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
      detail: { ArgumentName: 'X-Amz-Signature' },
    });
  });

  test('an unknown access key is InvalidAccessKeyId', () => {
    const form = signedForm({ fields: { 'X-Amz-Credential': `someone/${DATE}/${REGION}/s3/aws4_request` } });

    expect(refusal(form)).toMatchObject({ status: 403, code: 'InvalidAccessKeyId', detail: { AWSAccessKeyId: 'someone' } });
  });

  test('a credential scoped to another region is refused with the expected region', () => {
    const form = signedForm({ fields: { 'X-Amz-Credential': `local/${DATE}/eu-west-1/s3/aws4_request` } });

    expect(refusal(form)).toMatchObject({ status: 400, code: 'InvalidArgument', message: "the region 'eu-west-1' is wrong; expecting 'us-east-1'", detail: { Region: REGION } });
  });

  test('a policy changed after signing is SignatureDoesNotMatch, with the policy as StringToSign', () => {
    const form = signedForm();
    const policy = form.fields.get('policy')!;
    form.fields.set('policy', { ...policy, value: Buffer.from('{"expiration":"2030-01-01T00:00:00Z","conditions":[]}').toString('base64') });

    expect(refusal(form)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', detail: { StringToSign: form.fields.get('policy')!.value } });
  });
});

describe('the policy document', () => {
  test('text that is not JSON is InvalidPolicyDocument', () => {
    expect(refusal(signedForm({ policyText: '{"expiration": ' }))).toMatchObject({ status: 400, code: 'InvalidPolicyDocument', message: 'Invalid Policy: Invalid JSON.' });
  });

  test.each([
    ['without expiration', { conditions: [] }, 'Invalid Policy: Policy missing expiration.'],
    ['without conditions', { expiration: '2026-01-15T12:05:00Z' }, 'Invalid Policy: Policy missing conditions.'],
    ['with an offset expiration', { expiration: '2026-01-15T12:05:00+02:00', conditions: [] }, "Invalid Policy: Invalid 'expiration' value: '2026-01-15T12:05:00+02:00'"],
    ['with a two-property simple condition', { expiration: '2026-01-15T12:05:00Z', conditions: [{ bucket: BUCKET, key: 'a' }] }, 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.'],
    ['with an unknown operation', { expiration: '2026-01-15T12:05:00Z', conditions: [['ends-with', '$key', '.jpg']] }, "Invalid Policy: Invalid Condition: unknown operation 'ends-with'."],
  ])('a policy %s is InvalidPolicyDocument', (_name, document, message) => {
    expect(refusal(signedForm({ document }))).toMatchObject({ status: 400, code: 'InvalidPolicyDocument', message });
  });

  test('an expiration in the past is "Policy expired."', () => {
    expect(refusal(signedForm({ expiration: '2026-01-15T11:59:59.000Z' }))).toMatchObject({ status: 403, message: 'Invalid according to Policy: Policy expired.' });
  });
});

describe('the conditions', () => {
  test('the signed form of a presigned POST passes', () => {
    expect(refusal(signedForm())).toBeUndefined();
  });

  test('names match whatever their case, values only exactly', () => {
    const conditions = [['EQ', '$CONTENT-TYPE', 'image/jpeg']];

    expect(refusal(signedForm({ conditions, fields: { 'content-type': 'image/jpeg' } }))).toBeUndefined();
    expect(refusal(signedForm({ conditions, fields: { 'content-type': 'IMAGE/JPEG' } }))).toMatchObject({
      status: 403,
      message: 'Invalid according to Policy: Policy Condition failed: ["EQ", "$CONTENT-TYPE", "image/jpeg"]',
    });
  });

  test('starts-with checks each value of a Content-Type list', () => {
    const conditions = [['starts-with', '$Content-Type', 'image/']];

    expect(refusal(signedForm({ conditions, fields: { 'Content-Type': 'image/jpeg,image/png' } }))).toBeUndefined();
    expect(refusal(signedForm({ conditions, fields: { 'Content-Type': 'image/jpeg,text/plain' } }))).toMatchObject({ code: 'AccessDenied' });
  });

  test('a condition on a field the form lacks fails, even starts-with ""', () => {
    expect(refusal(signedForm({ conditions: [['starts-with', '$x-amz-meta-tag', '']] }))).toMatchObject({
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-meta-tag", ""]',
    });
  });

  test('the bucket condition is held against the bucket posted to', () => {
    const form = { ...signedForm(), bucket: 'another-bucket' };

    expect(refusal(form)).toMatchObject({ message: `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${BUCKET}"]` });
  });

  test('fields with the x-ignore- prefix need no condition; others are extra input fields', () => {
    expect(refusal(signedForm({ fields: { 'x-ignore-submit': 'Upload' } }))).toBeUndefined();
    expect(refusal(signedForm({ fields: { acl: 'public-read', success_action_status: '201' } }))).toMatchObject({
      status: 403,
      message: 'Invalid according to Policy: Extra input fields: acl, success_action_status',
    });
  });

  test('content-length-range bounds are inclusive and may be written as strings', () => {
    const conditions = [['content-length-range', '5', '10']];

    expect(refusal(signedForm({ conditions, fileSize: 5 }))).toBeUndefined();
    expect(refusal(signedForm({ conditions, fileSize: 10 }))).toBeUndefined();
    expect(refusal(signedForm({ conditions, fileSize: 4 }))).toMatchObject({
      status: 400,
      code: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed size',
      detail: { ProposedSize: 4, MinSizeAllowed: 5 },
    });
    expect(refusal(signedForm({ conditions, fileSize: 11 }))).toMatchObject({ status: 400, code: 'EntityTooLarge', detail: { ProposedSize: 11, MaxSizeAllowed: 10 } });
  });

  test('a form without a key is refused before anything else', () => {
    expect(refusal(signedForm({ fields: { key: undefined, 'X-Amz-Signature': 'wrong' } }))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      detail: { ArgumentName: 'key' },
    });
  });
});
