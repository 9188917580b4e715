import type { ExecutionEnvironment } from './execution-environment';

interface Waiter {
  resolve: (environment: ExecutionEnvironment) => void;
  reject: (error: Error) => void;
}

/**
 * Lambda's concurrency for one function: an invocation takes a warm, idle environment, or starts a new one while
 * fewer than `maxSize` exist, or waits for one to come free. Dead environments (timed out, crashed) are dropped.
 */
export class EnvironmentPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  private idle: ExecutionEnvironment[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(
    private readonly createEnvironment: () => ExecutionEnvironment,
    private readonly maxSize: number,
  ) {}

  /** Starts one environment ahead of the first invocation, so a broken bundle shows up in the log at once. */
  warm(): void {
    if (this.environments.size === 0) this.idle.push(this.start());
  }

  acquire(): Promise<ExecutionEnvironment> {
    if (this.closed) return Promise.reject(new Error('The function has been stopped'));
    this.dropDead();
    // The most recently used environment first, as Lambda reuses the warmest one.
    const environment = this.idle.pop() ?? (this.environments.size < this.maxSize ? this.start() : undefined);
    if (environment) return Promise.resolve(environment);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  release(environment: ExecutionEnvironment): void {
    if (!environment.isAlive) this.environments.delete(environment);
    const waiter = this.waiting.shift();
    if (!waiter) {
      if (environment.isAlive) this.idle.push(environment);
      return;
    }
    waiter.resolve(environment.isAlive ? environment : this.start());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The function has been stopped'));
    const environments = [...this.environments];
    this.environments.clear();
    this.idle = [];
    await Promise.all(environments.map((environment) => environment.terminate()));
  }

  private start(): ExecutionEnvironment {
    const environment = this.createEnvironment();
    this.environments.add(environment);
    return environment;
  }

  private dropDead(): void {
    for (const environment of this.environments) if (!environment.isAlive) this.environments.delete(environment);
    this.idle = this.idle.filter((environment) => environment.isAlive);
  }
}
