import type { PostForm } from '../../scripts/local/s3/post-form';
import { postObjectReply, type StoredObject } from '../../scripts/local/s3/post-response';

const stored: StoredObject = {
  bucket: 'uploads-bucket',
  key: 'uploads/a b.jpg',
  eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
  location: 'http://127.0.0.1:4569/uploads-bucket/uploads%2Fa%20b.jpg',
};

function form(fields: Record<string, string>): PostForm {
  return { bucket: stored.bucket, fields: new Map(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), { name, value }])), file: new Blob([]) };
}

test('by default S3 answers 204 with the ETag and the object URL', () => {
  expect(postObjectReply(form({}), stored)).toEqual({ status: 204, headers: { ETag: stored.eTag, Location: stored.location }, body: '' });
});

test('success_action_status 200 is an empty 200, 201 a PostResponse, anything else 204', () => {
  expect(postObjectReply(form({ success_action_status: '200' }), stored)).toMatchObject({ status: 200, body: '' });
  expect(postObjectReply(form({ success_action_status: '404' }), stored)).toMatchObject({ status: 204 });
  expect(postObjectReply(form({ success_action_status: '201' }), stored)).toEqual({
    status: 201,
    headers: { ETag: stored.eTag, Location: stored.location, 'Content-Type': 'application/xml' },
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>http://127.0.0.1:4569/uploads-bucket/uploads%2Fa%20b.jpg</Location>' +
      '<Bucket>uploads-bucket</Bucket><Key>uploads/a b.jpg</Key><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag></PostResponse>',
  });
});

test('success_action_redirect is a 303 with bucket, key and etag appended form-encoded', () => {
  expect(postObjectReply(form({ success_action_redirect: 'https://site.example/done?from=upload' }), stored)).toEqual({
    status: 303,
    headers: { Location: 'https://site.example/done?from=upload&bucket=uploads-bucket&key=uploads%2Fa+b.jpg&etag=%22d41d8cd98f00b204e9800998ecf8427e%22' },
    body: '',
  });
});

test('a redirect that is not an absolute URL is ignored, as S3 does', () => {
  expect(postObjectReply(form({ success_action_redirect: '/done' }), stored)).toMatchObject({ status: 204 });
});
