import { buildNames } from '../../../../scripts/lib/builders/names';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

describe('names', () => {
  test('every name starts with the stack; bucket names carry account and region and fit S3 limits', () => {
    const long = buildNames('a'.repeat(20), '111122223333', 'ap-southeast-2');
    expect(long.uploadBucket.length).toBeLessThanOrEqual(63);
    expect(long.siteBucket).toMatch(/^[a-z0-9.-]{3,63}$/);
    expect(names.uploadBucket).toBe('demo-uploads-111122223333-eu-west-1');
    expect(names.functions['process-image-upload']).toBe('demo-process-image-upload');
    expect(names.logGroups['detect-labels']).toBe('/aws/lambda/demo-detect-labels');
    for (const role of Object.values(long.roles)) expect(role.length).toBeLessThanOrEqual(64);
  });
});
