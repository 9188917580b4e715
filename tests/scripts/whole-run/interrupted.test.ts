import { failingAt, newFake, run } from './harness';

jest.mock('../../../scripts/lib/build/function-code', () => require('../../support/memoised-function-code').memoisedFunctionCode());

jest.setTimeout(120_000);

describe('an up interrupted at any AWS call', () => {
  let callsInColdUp = 0;
  let cleanSnapshot: unknown;

  beforeAll(async () => {
    const fake = newFake();
    const cold = await run(fake, 'up');
    callsInColdUp = cold.reads.length + cold.writes.length;
    cleanSnapshot = fake.snapshot();
  });

  test('a cold up makes a known, bounded number of calls and leaves state to compare', () => {
    expect(callsInColdUp).toBeGreaterThan(50);
    expect(JSON.stringify(cleanSnapshot)).not.toBe(JSON.stringify(newFake().snapshot()));
  });

  for (const when of ['before', 'after'] as const) {
    test(`for every k, failing the k-th call (${when} AWS acts) and re-running ends as a clean up does`, async () => {
      const diverged: string[] = [];
      let interrupted = 0;
      for (let k = 1; k <= callsInColdUp; k += 1) {
        const fake = newFake();
        // Not every fault stops a run: a waiter retries its read, and a read that failed anyway is not lost.
        if (await failingAt(fake, 'up', k, when)) interrupted += 1;
        await run(fake, 'up');
        if (JSON.stringify(fake.snapshot()) !== JSON.stringify(cleanSnapshot)) diverged.push(`k=${k}`);
        const settled = await run(fake, 'up');
        if (settled.writes.length) diverged.push(`k=${k}: third up wrote ${settled.writes.join(', ')}`);
      }
      expect(diverged).toEqual([]);
      // Not every call stops a run when it fails: a waiter's poll is polled again, a propagation retry tried again.
      expect(interrupted).toBeGreaterThan(callsInColdUp / 3);
    });

    test(`for every k, down after an up that failed at the k-th call (${when}) leaves nothing`, async () => {
      const left: string[] = [];
      for (let k = 1; k <= callsInColdUp; k += 1) {
        const fake = newFake();
        await failingAt(fake, 'up', k, when);
        await run(fake, 'down');
        if (fake.resourceCount()) left.push(`k=${k}: ${fake.resources().join(', ')}`);
      }
      expect(left).toEqual([]);
    });
  }
});

describe('a down interrupted at any AWS call', () => {
  let callsInDown = 0;

  beforeAll(async () => {
    const fake = newFake();
    await run(fake, 'up');
    const down = await run(fake, 'down');
    callsInDown = down.reads.length + down.writes.length;
  });

  for (const when of ['before', 'after'] as const) {
    test(`for every k, failing the k-th call (${when} AWS acts) and running down again leaves nothing`, async () => {
      const left: string[] = [];
      let interrupted = 0;
      for (let k = 1; k <= callsInDown; k += 1) {
        const fake = newFake();
        await run(fake, 'up');
        if (await failingAt(fake, 'down', k, when)) interrupted += 1;
        await run(fake, 'down');
        if (fake.resourceCount()) left.push(`k=${k}: ${fake.resources().join(', ')}`);
      }
      expect(left).toEqual([]);
      expect(interrupted).toBeGreaterThan(callsInDown / 3);
    });
  }
});
