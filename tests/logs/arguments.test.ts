import { SettingsError } from '../../config/load';
import { buildNames } from '../../scripts/lib/builders/names';
import { resolveFunction } from '../../scripts/logs/function-choice';
import { parseSince } from '../../scripts/logs/since';

const names = buildNames('rekog', '123456789012', 'eu-west-1');

describe('resolveFunction', () => {
  test('short name, key and full name all name the function', () => {
    expect(resolveFunction('upload-url', names)).toBe('generate-upload-url');
    expect(resolveFunction('process', names)).toBe('process-image-upload');
    expect(resolveFunction('detect-labels', names)).toBe('detect-labels');
    expect(resolveFunction('process-image-upload', names)).toBe('process-image-upload');
    expect(resolveFunction('rekog-process-image-upload', names)).toBe('process-image-upload');
  });

  test('anything else is a settings error naming the choices', () => {
    expect(() => resolveFunction('resize', names)).toThrow(SettingsError);
    expect(() => resolveFunction('resize', names)).toThrow(
      'Unknown function "resize": use one of upload-url, process, detect-labels (or the full name, such as rekog-process-image-upload).',
    );
    expect(() => resolveFunction('other-stack-process-image-upload', names)).toThrow(SettingsError);
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');

  test('durations count back from now', () => {
    expect(parseSince('30s', now)).toBe(now - 30_000);
    expect(parseSince('15m', now)).toBe(now - 15 * 60_000);
    expect(parseSince('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseSince('1d', now)).toBe(now - 86_400_000);
  });

  test('an ISO timestamp is taken as it is', () => {
    expect(parseSince('2026-11-26T09:30:00Z', now)).toBe(Date.parse('2026-11-26T09:30:00Z'));
    expect(parseSince('2026-11-26T09:30:00.250+01:00', now)).toBe(Date.parse('2026-11-26T08:30:00.250Z'));
  });

  test.each(['15', '15 minutes', '-5m', '1w', 'yesterday', '2026-13-45T00:00:00Z', ''])('"%s" is a settings error that shows the accepted forms', (value) => {
    expect(() => parseSince(value, now)).toThrow(SettingsError);
    expect(() => parseSince(value, now)).toThrow(/use a duration such as 30s, 15m, 2h or 1d, or an ISO timestamp/);
  });
});
