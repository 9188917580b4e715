import path from 'node:path';
import { PROJECT_ROOT } from '../lib/context';

/** Everything the local cloud keeps between runs lives under .rekog/local (gitignored). */
export function localPaths(root = PROJECT_ROOT) {
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
