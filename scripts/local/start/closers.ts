export type Close = () => unknown;

/**
 * Runs a starter, which registers how to stop each thing it starts with `onClose`. The result's
 * close() stops them in reverse order; if the starter throws, what it had started is stopped first.
 */
export async function startWithClosers<T extends object>(start: (onClose: (close: Close) => void) => Promise<T>): Promise<T & { close(): Promise<void> }> {
  const closers: Close[] = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    return { ...(await start((closeOne) => closers.push(closeOne))), close };
  } catch (error) {
    await close();
    throw error;
  }
}
