import { parsePostForm, type PostForm } from '../../scripts/local/s3/post-form';
import { S3Error } from '../../scripts/local/s3/s3-error';

/** Encodes a form with undici's FormData, the same multipart a browser sends. */
async function encode(parts: Array<[string, string | Blob, string?]>): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const form = new FormData();
  for (const [name, value, fileName] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, fileName);
  }
  const request = new Request('http://form.invalid/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

async function parse(parts: Array<[string, string | Blob, string?]>): Promise<PostForm> {
  const { body, contentType } = await encode(parts);
  return parsePostForm(body, contentType, 'uploads-bucket');
}

const values = (form: PostForm) => Object.fromEntries([...form.fields].map(([name, field]) => [name, field.value]));

test('fields are looked up by lower-case name and keep the name they were sent with', async () => {
  const form = await parse([['Content-Type', 'image/jpeg'], ['file', new Blob(['abc']), 'a.jpg']]);

  expect(form.fields.get('content-type')).toEqual({ name: 'Content-Type', value: 'image/jpeg' });
  expect(form.file.size).toBe(3);
  expect(form.fileName).toBe('a.jpg');
});

test('everything after the file part is ignored', async () => {
  const form = await parse([['key', 'uploads/a.jpg'], ['file', new Blob(['abc']), 'a.jpg'], ['submit', 'Upload']]);

  expect(values(form)).toEqual({ key: 'uploads/a.jpg' });
});

test('repeated fields are joined with commas', async () => {
  const form = await parse([['x-amz-meta-tag', 'Ninja'], ['X-Amz-Meta-Tag', 'Stallman'], ['file', new Blob(['abc']), 'a.jpg']]);

  expect(form.fields.get('x-amz-meta-tag')).toEqual({ name: 'x-amz-meta-tag', value: 'Ninja,Stallman' });
});

test('${filename} is replaced by the base name of the file in every field', async () => {
  const form = await parse([['key', 'uploads/${filename}'], ['x-amz-meta-original', '${filename}'], ['file', new Blob(['abc']), 'C:\\photos\\cat.jpg']]);

  expect(values(form)).toEqual({ key: 'uploads/cat.jpg', 'x-amz-meta-original': 'cat.jpg' });
});

test('a file sent as a plain field keeps ${filename} as it is', async () => {
  const form = await parse([['key', 'uploads/${filename}'], ['file', 'text content']]);

  expect(values(form)).toEqual({ key: 'uploads/${filename}' });
  expect(await form.file.text()).toBe('text content');
});

test('a form without a file part is InvalidArgument', async () => {
  await expect(parse([['key', 'uploads/a.jpg']])).rejects.toMatchObject({
    code: 'InvalidArgument',
    message: 'POST requires exactly one file upload per request.',
    detail: { ArgumentName: 'file', ArgumentValue: 0 },
  });
});

test('a body that is not multipart is MalformedPOSTRequest', async () => {
  const parsing = parsePostForm(new Uint8Array(Buffer.from('key=a')), 'multipart/form-data; boundary=nothing-here', 'uploads-bucket');

  await expect(parsing).rejects.toBeInstanceOf(S3Error);
  await expect(parsing).rejects.toMatchObject({ code: 'MalformedPOSTRequest', status: 400 });
});
