import { actionOf, allSettled, combineActions, resourceState } from '../../../../scripts/lib/engine/step';

describe('step results', () => {
  test('a resource is missing, drifted with what differs, or present with its detail', () => {
    expect(resourceState('Alarm', 'a', false, ['ignored'])).toEqual({ kind: 'Alarm', name: 'a', state: 'missing' });
    expect(resourceState('DynamoDB table', 't', false, [], 'being deleted')).toEqual({ kind: 'DynamoDB table', name: 't', state: 'missing', detail: 'being deleted' });
    expect(resourceState('Alarm', 'a', true, ['definition'])).toEqual({ kind: 'Alarm', name: 'a', state: 'drifted', drift: ['definition'] });
    expect(resourceState('Alarm', 'a', true, [], 'state OK')).toEqual({ kind: 'Alarm', name: 'a', state: 'present', detail: 'state OK' });
  });

  test('created wins, then any change makes an update', () => {
    expect(actionOf(true, ['cors'])).toBe('created');
    expect(actionOf(false, ['cors'])).toBe('updated');
    expect(actionOf(false, [])).toBe('unchanged');
    expect(combineActions(['created', 'created'])).toBe('created');
    expect(combineActions(['created', 'unchanged'])).toBe('updated');
    expect(combineActions(['unchanged', 'unchanged'])).toBe('unchanged');
  });
});

describe('allSettled', () => {
  test('a failure is thrown only once every task has ended, so nothing is left running behind a failed step', async () => {
    const ended: string[] = [];
    const slow = new Promise<string>((resolve) => setTimeout(() => (ended.push('slow'), resolve('slow')), 20));
    const failing = Promise.reject(new Error('first'));
    await expect(allSettled([failing, slow])).rejects.toThrow('first');
    expect(ended).toEqual(['slow']);
    await expect(allSettled([Promise.resolve(1), Promise.resolve(2)])).resolves.toEqual([1, 2]);
  });
});
