import { randomBytes } from 'node:crypto';

// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
const STATUS_BY_CODE = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidPolicyDocument: 400,
  InvalidRequest: 400,
  InvalidURI: 400,
  MalformedPOSTRequest: 400,
  PreconditionFailed: 412,
  RequestHeaderSectionTooLarge: 400,
  RequestTimeout: 400,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
} as const;

export type S3ErrorCode = keyof typeof STATUS_BY_CODE;

/** Extra elements S3 puts in an error document after Message, in the order given. */
export type S3ErrorDetail = Record<string, string | number>;

/** An error the gate answers with S3's status and XML error document. */
export class S3Error extends Error {
  constructor(
    readonly code: S3ErrorCode,
    message: string,
    readonly detail: S3ErrorDetail = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** Escapes text content; S3 leaves quotes raw in it (its messages quote policy conditions verbatim). */
export function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[character] ?? character);
}

export function errorDocument(error: S3Error, requestId: string, hostId: string): string {
  const elements = { Code: error.code, Message: error.message, ...error.detail, RequestId: requestId, HostId: hostId };
  const body = Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${body}</Error>`;
}

/** Shaped like S3's x-amz-request-id: 16 upper-case hex digits. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** Shaped like S3's x-amz-id-2: an opaque base64 token. */
export function newHostId(): string {
  return randomBytes(48).toString('base64');
}
