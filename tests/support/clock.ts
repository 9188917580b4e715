import { setImmediate } from 'node:timers/promises';
import type { Clock } from '../../scripts/lib/engine/clock';

interface Sleeper {
  wakeAt: number;
  wake: () => void;
}

/**
 * Time that passes only when everyone who is waiting sleeps on it: once the tasks of the moment
 * have run, it jumps to the earliest wake-up. Tasks that sleep at the same time overlap, as on a
 * real clock, so minutes of AWS propagation are waited out at once and measured rightly.
 */
export class SimulatedClock implements Clock {
  private readonly sleepers: Sleeper[] = [];
  private ticking = false;

  constructor(private current = Date.parse('2026-11-30T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  sleep(milliseconds: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ wakeAt: this.current + Math.max(0, milliseconds), wake });
      if (!this.ticking) {
        this.ticking = true;
        void this.tick();
      }
    });
  }

  /** Moves the clock on by hand (a test that lets time pass between two calls). */
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  private async tick(): Promise<void> {
    // Let every task that is not asleep run first: what it does may add a sleeper waking sooner.
    await setImmediate();
    this.ticking = false;
    if (!this.sleepers.length) return;
    this.sleepers.sort((a, b) => a.wakeAt - b.wakeAt);
    const next = this.sleepers[0].wakeAt;
    this.current = Math.max(this.current, next);
    const due = this.sleepers.filter((sleeper) => sleeper.wakeAt <= this.current);
    this.sleepers.splice(0, due.length);
    for (const sleeper of due) sleeper.wake();
    if (this.sleepers.length && !this.ticking) {
      this.ticking = true;
      void this.tick();
    }
  }
}
