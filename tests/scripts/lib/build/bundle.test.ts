import { bundleOptions, esbuildTarget } from '../../../../scripts/lib/build/bundle';

describe('esbuild options', () => {
  test('bundle for the Lambda runtime, CommonJS, with the AWS SDK left to the runtime', () => {
    const options = bundleOptions('functions/detect-labels.ts', 'nodejs22.x');
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['@aws-sdk/*'] });
    expect(esbuildTarget('nodejs20.x')).toBe('node20');
  });
});
