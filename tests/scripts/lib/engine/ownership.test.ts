import { assertOurs, notOursError, Teardown } from '../../../../scripts/lib/engine/ownership';
import { stackTags } from '../../../../scripts/lib/builders/tags';

describe('what belongs to the stack', () => {
  test('a destroy that deleted nothing is absent; what it left alone is named', () => {
    const teardown = new Teardown('demo');
    expect(teardown.ours('IAM role', 'demo-role', { owner: 'else' })).toBe(false);
    expect(teardown.result()).toEqual({ action: 'absent', deleted: [], notOurs: ['IAM role "demo-role" left alone: it does not carry rekog-deploy:stack=demo'] });
  });

  test('a destroy that deleted something is deleted, with the names', () => {
    const teardown = new Teardown('demo');
    expect(teardown.ours('IAM role', 'demo-role', stackTags('demo'))).toBe(true);
    teardown.removed('demo-role');
    expect(teardown.result()).toEqual({ action: 'deleted', deleted: ['demo-role'], notOurs: [] });
  });

  test('up refuses a same-named resource of another stack, and says how to go on', () => {
    expect(() => assertOurs('SNS topic', 'demo-notifications', stackTags('other'), 'demo')).toThrow(notOursError('SNS topic', 'demo-notifications', 'demo'));
    expect(notOursError('SNS topic', 'x', 'demo')).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining('--stack') });
    expect(() => assertOurs('SNS topic', 'demo-notifications', stackTags('demo'), 'demo')).not.toThrow();
  });
});
