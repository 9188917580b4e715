import { setImmediate } from 'node:timers/promises';
import type { Clock } from '../../scripts/lib/engine/clock';

/**
 * Time that passes only when someone sleeps on it (or the fake AWS spends it answering), so a test
 * can wait out minutes of AWS propagation at once. Sleeps still yield to the event loop.
 */
export class SimulatedClock implements Clock {
  constructor(private current = Date.parse('2026-11-30T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  async sleep(milliseconds: number): Promise<void> {
    this.current += Math.max(0, milliseconds);
    await setImmediate();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
