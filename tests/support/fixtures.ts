import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The sample photos (licences in LICENSES.md beside them), inside the repository so a clone on its own passes. */
export const FIXTURE_IMAGES = path.resolve(__dirname, '../fixtures/images');

export const FIXTURE_NAMES = ['astronaut.jpg', 'coffee.jpg', 'coffee.png', 'chelsea.jpg'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixturePath(name: FixtureName | 'LICENSES.md' | (string & {})): string {
  return path.join(FIXTURE_IMAGES, name);
}

export function readFixture(name: Parameters<typeof fixturePath>[0]): Buffer {
  return readFileSync(fixturePath(name));
}
