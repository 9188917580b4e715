/** The page's upload flow over HTTP: ask the API for a presigned POST, post the form to S3, poll for labels. */

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

export interface PreparedUpload {
  key: string;
  upload: UploadForm;
  expiresIn: number;
  maxBytes: number;
}

export interface LabelsAnswer {
  key: string;
  status: 'awaiting-upload' | 'processing' | 'done' | 'failed';
  labels?: { name: string; confidence: number; instances?: unknown[] }[];
  error?: { code: string; message: string };
}

export interface ImageFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export function contentTypeOf(fileName: string): string {
  return /\.png$/i.test(fileName) ? 'image/png' : 'image/jpeg';
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

export async function requestUpload(apiUrl: string, file: { fileName: string; contentType: string; size: number }): Promise<PreparedUpload> {
  const answer = await postJson(`${apiUrl}/generate-upload-url`, file);
  if (answer.status !== 200) throw new Error(`generate-upload-url answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as PreparedUpload;
}

/** Posts the form as a browser does: every policy field first, the file last. */
export async function postForm(upload: UploadForm, file: ImageFile): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, body: await response.text() };
}

export async function readLabels(apiUrl: string, key: string): Promise<{ status: number; body: LabelsAnswer }> {
  const answer = await postJson(`${apiUrl}/detect-labels`, { key });
  return { status: answer.status, body: answer.body as LabelsAnswer };
}

/** Polls detect-labels every `intervalMs` until the image is done or failed. */
export async function waitForLabels(apiUrl: string, key: string, options: { intervalMs?: number; timeoutMs?: number } = {}): Promise<LabelsAnswer> {
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const answer = await readLabels(apiUrl, key);
    if (answer.status === 200 && (answer.body.status === 'done' || answer.body.status === 'failed')) return answer.body;
    if (answer.status !== 202) throw new Error(`detect-labels answered ${answer.status} for ${key}: ${JSON.stringify(answer.body)}`);
    if (Date.now() > deadline) throw new Error(`${key} still ${answer.body.status} after ${options.timeoutMs ?? 60_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Upload → labels, as the page does it; resolves with the answer once the image is done or failed. */
export async function analyse(apiUrl: string, file: ImageFile, pollIntervalMs = 100): Promise<LabelsAnswer> {
  const prepared = await requestUpload(apiUrl, { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length });
  const posted = await postForm(prepared.upload, file);
  if (posted.status < 200 || posted.status >= 300) throw new Error(`S3 refused ${file.fileName} with ${posted.status}: ${posted.body}`);
  return waitForLabels(apiUrl, prepared.key, { intervalMs: pollIntervalMs });
}
