export const UPLOAD_PREFIX = 'uploads/';

/** The formats Rekognition reads, and the extension each gets in its key. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];
const IMAGE_EXTENSIONS: Record<ImageContentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

/** The shape of every key generate-upload-url issues: nothing else can name an image. */
const ISSUED_KEY = /^uploads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png)$/;

export function uploadKey(id: string, contentType: ImageContentType): string {
  return `${UPLOAD_PREFIX}${id}.${IMAGE_EXTENSIONS[contentType]}`;
}

export function isIssuedKeyShape(key: string): boolean {
  return ISSUED_KEY.test(key);
}

export function isUnderUploads(key: string): boolean {
  return key.startsWith(UPLOAD_PREFIX);
}

/**
 * S3 event keys are URL-encoded with `+` for spaces:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * Returns undefined for a key that is not valid percent-encoding.
 */
export function decodeEventKey(encodedKey: string): string | undefined {
  try {
    return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `image/JPEG; charset=x` → `image/jpeg`; undefined when it is not a format Rekognition reads. */
export function imageContentType(contentType: string | undefined): ImageContentType | undefined {
  const essence = contentType?.split(';')[0].trim().toLowerCase();
  return IMAGE_CONTENT_TYPES.find((type) => type === essence);
}
