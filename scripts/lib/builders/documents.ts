/**
 * Canonical form of a JSON document for comparison: keys sorted, and one-element arrays read as
 * their element, because IAM and S3 may hand back `"Action": "s3:GetObject"` for `["s3:GetObject"]`.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 1 ? items[0] : items;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

export function sameDocument(actual: unknown, desired: unknown): boolean {
  return JSON.stringify(canonical(actual)) === JSON.stringify(canonical(desired));
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function parsePolicyDocument(document: string | undefined): unknown {
  if (!document) return undefined;
  return JSON.parse(decodeURIComponent(document));
}

/** Keeps only what `desired` specifies, so fields AWS adds on its own do not count as drift. */
export function projectOnto(actual: unknown, desired: unknown): unknown {
  if (Array.isArray(desired)) {
    return Array.isArray(actual) ? actual.map((item, index) => projectOnto(item, desired[Math.min(index, desired.length - 1)])) : actual;
  }
  if (desired && typeof desired === 'object' && actual && typeof actual === 'object') {
    return Object.fromEntries(
      Object.keys(desired).map((key) => [key, projectOnto((actual as Record<string, unknown>)[key], (desired as Record<string, unknown>)[key])]),
    );
  }
  return actual;
}

export function matchesDesired(actual: unknown, desired: unknown): boolean {
  return sameDocument(projectOnto(actual, desired), desired);
}
