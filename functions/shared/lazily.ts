/**
 * An object whose properties are built on first read and kept afterwards. Lambda reuses them
 * across invocations, and importing a handler (as tests do) builds nothing.
 */
export function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const name of Object.keys(factories) as (keyof T)[]) {
    let built = false;
    let value: T[keyof T];
    Object.defineProperty(target, name, {
      enumerable: true,
      get() {
        if (!built) {
          value = factories[name]();
          built = true;
        }
        return value;
      },
    });
  }
  return target;
}
