import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the engine's waits see it: real here, simulated in tests so that minutes pass at once. */
export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (milliseconds) => {
    await sleep(milliseconds);
  },
};
