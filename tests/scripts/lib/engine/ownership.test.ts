import { assertOurs, notOursError, Teardown } from '../../../../scripts/lib/engine/ownership';
import { silentReporter } from '../../../../scripts/lib/engine/reporter';
import { stackTags } from '../../../../scripts/lib/builders/tags';

function teardownTold(told: string[] = []): Teardown {
  const log = { ...silentReporter, resourceOutcome: (...args: unknown[]) => void told.push(args.filter(Boolean).join(' | ')) };
  return new Teardown({ settings: { stack: 'demo' }, log });
}

describe('what belongs to the stack', () => {
  test('a destroy that deleted nothing is absent; what it left alone is named by kind', () => {
    const teardown = teardownTold();
    expect(teardown.ours('IAM role', 'demo-role', { owner: 'else' })).toBe(false);
    expect(teardown.result()).toEqual({ action: 'absent', deleted: [], kept: [], leftAlone: [{ kind: 'IAM role', name: 'demo-role' }] });
  });

  test('a destroy that deleted something is deleted, with each kind and name in the order deleted', () => {
    const teardown = teardownTold();
    expect(teardown.ours('Lambda function', 'demo-fn', stackTags('demo'))).toBe(true);
    teardown.removed('Lambda function', 'demo-fn');
    teardown.removed('Log group', '/aws/lambda/demo-fn');
    expect(teardown.result()).toEqual({
      action: 'deleted',
      deleted: [
        { kind: 'Lambda function', name: 'demo-fn' },
        { kind: 'Log group', name: '/aws/lambda/demo-fn' },
      ],
      kept: [],
      leftAlone: [],
    });
  });

  test('a destroy that only kept data (--keep-data) is kept', () => {
    const teardown = teardownTold();
    teardown.kept('DynamoDB table', 'demo-results');
    expect(teardown.result()).toMatchObject({ action: 'kept', kept: [{ kind: 'DynamoDB table', name: 'demo-results' }] });
  });

  test('each outcome is told to the reporter as it happens, left alone with the reason', () => {
    const told: string[] = [];
    const teardown = teardownTold(told);
    teardown.removed('SNS subscription', 'a@example.com');
    teardown.leftAlone('SNS topic', 'demo-notifications');
    teardown.kept('Upload bucket', 'demo-uploads');
    expect(told).toEqual([
      'deleted | SNS subscription | a@example.com',
      'left alone | SNS topic | demo-notifications | not tagged rekog-deploy:stack=demo',
      'kept | Upload bucket | demo-uploads',
    ]);
  });

  test('up refuses a same-named resource of another stack, and says how to go on', () => {
    expect(() => assertOurs('SNS topic', 'demo-notifications', stackTags('other'), 'demo')).toThrow(notOursError('SNS topic', 'demo-notifications', 'demo'));
    expect(notOursError('SNS topic', 'x', 'demo')).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining('--stack') });
    expect(() => assertOurs('SNS topic', 'demo-notifications', stackTags('demo'), 'demo')).not.toThrow();
  });
});
