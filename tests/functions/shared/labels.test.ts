import { formatConfidence } from '../../../functions/shared/labels';

// site/lib.js is a plain browser script that also exports itself as CommonJS.
const page = require('../../../site/lib.js') as { formatConfidence(confidence: number): string };

describe('one rounding rule for confidence: the e-mail (and the local terminal, which prints it) and the page', () => {
  test.each([61.38, 61.35, 61.3, 99.96, 100, 0, 45.99, 70.05])('%s%% reads the same everywhere', (confidence) => {
    expect(formatConfidence(confidence)).toBe(page.formatConfidence(confidence));
  });

  test('rounded down to one decimal, never up to a certain 100%', () => {
    expect(formatConfidence(61.38)).toBe('61.3%');
    expect(formatConfidence(99.96)).toBe('99.9%');
    expect(formatConfidence(100)).toBe('100%');
  });
});
