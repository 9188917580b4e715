import { earlyWork } from '../../../../scripts/lib/engine/early-work';
import { runUp } from '../../../../scripts/lib/engine/runner';
import { defineStep, type AnyStep } from '../../../../scripts/lib/engine/step';
import { testContext } from '../../../support/context';

describe('early work', () => {
  test('up starts every step’s early work before any step runs, and each step takes its own result', async () => {
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstDone = new Promise<void>((resolve) => (releaseFirst = resolve));
    const reading = earlyWork(async () => (order.push('second read early'), 'as read'));
    const first = defineStep({
      name: 'first',
      description: 'slow',
      dependsOn: [],
      ensure: async () => {
        order.push('first started');
        await firstDone;
        return { action: 'unchanged' as const, outputs: {}, changes: [] };
      },
      destroy: async () => ({ action: 'absent' as const, deleted: [], kept: [], leftAlone: [] }),
      inspect: async () => ({ resources: [] }),
    });
    const second = defineStep({
      name: 'second',
      description: 'waits for first',
      dependsOn: [first],
      prepare: (ctx) => reading.start(ctx),
      ensure: async (ctx) => ({ action: 'unchanged' as const, outputs: { found: await reading.take(ctx) }, changes: [] }),
      destroy: async () => ({ action: 'absent' as const, deleted: [], kept: [], leftAlone: [] }),
      inspect: async () => ({ resources: [] }),
    });
    const run = runUp(testContext(), [first, second] as AnyStep[]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['second read early', 'first started']);
    releaseFirst();
    expect((await run).outputs.get('second')).toEqual({ found: 'as read' });
  });

  test('a result is taken once: another ensure with the same context works afresh', async () => {
    let reads = 0;
    const reading = earlyWork(async () => (reads += 1));
    const ctx = testContext();
    reading.start(ctx);
    reading.start(ctx);
    expect(await reading.take(ctx)).toBe(1);
    expect(await reading.take(ctx)).toBe(2);
    expect(await reading.take(testContext())).toBe(3);
  });

  test('a failure reaches the step that takes it, and one never taken is no unhandled rejection', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const failing = earlyWork(async () => {
        throw new Error('AccessDenied');
      });
      const taken = testContext();
      failing.start(taken);
      failing.start(testContext());
      await expect(failing.take(taken)).rejects.toThrow('AccessDenied');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
