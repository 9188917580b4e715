import path from 'node:path';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_HOST = '127.0.0.1';
// Not a secret: the local endpoints accept these and nothing else, so an upload form signed
// with other keys is refused by the upload gate as S3 would refuse it.
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Everything the local cloud keeps between runs lives under .rekog/local (gitignored) of the folder
 * it is run in, as `.env` is read from there: the repository for `npm start`, any folder for `npx`.
 */
export function localPaths(root = process.cwd()) {
  const dir = path.join(root, '.rekog', 'local');
  return {
    dir,
    s3: path.join(dir, 's3'),
    dynamodb: path.join(dir, 'dynamodb'),
    notifications: path.join(dir, 'notifications.jsonl'),
    logs: path.join(dir, 'logs'),
    outputs: path.join(dir, 'outputs.json'),
  };
}

export type LocalPaths = ReturnType<typeof localPaths>;
