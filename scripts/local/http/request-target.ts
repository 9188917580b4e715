/**
 * The request target as a URL: a path (`/a`, even `//a`) or an absolute URL; undefined when it
 * cannot be one (`http://[`, a bare `*`).
 */
export function parseTarget(target: string | undefined): URL | undefined {
  const text = target ?? '/';
  try {
    return new URL(text.startsWith('/') ? `http://local.invalid${text}` : text);
  } catch {
    return undefined;
  }
}

/** decodeURIComponent, or undefined for a bad escape such as `%E0`. */
export function decodePath(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
