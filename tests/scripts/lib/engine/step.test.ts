import { actionOf, combineActions, resourceState } from '../../../../scripts/lib/engine/step';

describe('step results', () => {
  test('a resource is missing, drifted with what differs, or present with its detail', () => {
    expect(resourceState('Alarm', 'a', false, ['ignored'], 'state OK')).toEqual({ kind: 'Alarm', name: 'a', state: 'missing' });
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
