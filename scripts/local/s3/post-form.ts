import { S3Error } from './s3-error';

/** One form field as S3 sees it: looked up by its lower-case name, reported by the name it was sent with. */
export interface PostField {
  name: string;
  value: string;
}

/** A browser-form POST upload: the fields before the file part, and the file. */
export interface PostForm {
  bucket: string;
  /** Keyed by lower-case name: "post parameters are case insensitive". */
  fields: Map<string, PostField>;
  file: Blob;
  /** The file part's filename parameter, if it had one. */
  fileName?: string;
}

export function fieldValue(form: PostForm, lowerCaseName: string): string | undefined {
  return form.fields.get(lowerCaseName)?.value;
}

export function isMultipartFormData(contentType: string | undefined): contentType is string {
  return /^multipart\/form-data\s*;/i.test(contentType ?? '');
}

/**
 * Parses the body as S3 does: the part named `file` is the file and every part after it is ignored;
 * repeated fields are joined with commas; `${filename}` is expanded in every field before the policy
 * is checked. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTForms.html
 */
export async function parsePostForm(body: Uint8Array<ArrayBuffer>, contentType: string, bucket: string): Promise<PostForm> {
  let formData: FormData;
  try {
    // undici's multipart parser, built into Node's Request.
    formData = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch (caught) {
    throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', {}, { cause: caught });
  }
  const entries: Array<[string, FormDataEntryValue]> = [];
  formData.forEach((value, name) => entries.push([name, value]));
  const fileIndex = entries.findIndex(([name]) => name.toLowerCase() === 'file');
  if (fileIndex < 0) {
    throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', { ArgumentName: 'file', ArgumentValue: 0 });
  }
  const fileEntry = entries[fileIndex][1];
  const fileName = typeof fileEntry === 'string' ? undefined : fileEntry.name;
  const fields = new Map<string, PostField>();
  for (const [name, entry] of entries.slice(0, fileIndex)) {
    const value = expandFileName(typeof entry === 'string' ? entry : await entry.text(), fileName);
    const existing = fields.get(name.toLowerCase());
    fields.set(name.toLowerCase(), existing ? { name: existing.name, value: `${existing.value},${value}` } : { name, value });
  }
  const file = typeof fileEntry === 'string' ? new Blob([fileEntry]) : fileEntry;
  return { bucket, fields, file, fileName };
}

// A part without a filename parameter leaves `${filename}` as it is (observed on S3).
function expandFileName(value: string, fileName: string | undefined): string {
  if (fileName === undefined) return value;
  const baseName = fileName.split(/[\\/]/).pop() ?? '';
  return value.split('${filename}').join(baseName);
}
