import { fieldValue, type PostForm } from './post-form';
import { escapeXml } from './s3-error';

export interface StoredObject {
  bucket: string;
  key: string;
  /** Quoted, as in the ETag header. */
  eTag: string;
  /** The object's URL, with the key percent-encoded as S3 does in Location (`/` as %2F). */
  location: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * S3's answer to a stored POST upload: a 303 to success_action_redirect (or the deprecated redirect)
 * when it is an absolute URL, else success_action_status 200 or 201 (with a PostResponse), else 204.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
 */
export function postObjectReply(form: PostForm, stored: StoredObject): Reply {
  const redirect = fieldValue(form, 'success_action_redirect') ?? fieldValue(form, 'redirect');
  if (redirect !== undefined && /^https?:\/\/[^/]/i.test(redirect) && URL.canParse(redirect)) {
    // S3 appends to the URL as given, query included, with the values form-encoded.
    const query = new URLSearchParams({ bucket: stored.bucket, key: stored.key, etag: stored.eTag }).toString();
    return { status: 303, headers: { Location: `${redirect}${redirect.includes('?') ? '&' : '?'}${query}` }, body: '' };
  }
  const headers = { ETag: stored.eTag, Location: stored.location };
  switch (fieldValue(form, 'success_action_status')) {
    case '200':
      return { status: 200, headers, body: '' };
    case '201':
      return { status: 201, headers: { ...headers, 'Content-Type': 'application/xml' }, body: postResponseDocument(stored) };
    case '204':
    case undefined:
    default:
      return { status: 204, headers, body: '' };
  }
}

function postResponseDocument(stored: StoredObject): string {
  const elements = { Location: stored.location, Bucket: stored.bucket, Key: stored.key, ETag: stored.eTag };
  const body = Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>${body}</PostResponse>`;
}
