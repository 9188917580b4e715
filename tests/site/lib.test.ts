// site/lib.js is a plain browser script that also exports itself as CommonJS.
const lib = require('../../site/lib.js');

const MIB = 1024 * 1024;

describe('readConfig', () => {
  test('explains how to get config.js when it is missing', () => {
    const result = lib.readConfig(undefined);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/config\.js is missing/);
    expect(result.message).toMatch(/rekog-deploy dev/);
  });

  test('rejects an apiUrl that is not an http(s) URL', () => {
    expect(lib.readConfig({ apiUrl: 'ftp://example.com' }).ok).toBe(false);
    expect(lib.readConfig({ apiUrl: 'not a url' }).message).toMatch(/no valid apiUrl/);
  });

  test('strips trailing slashes and defaults the size limit to 10 MiB', () => {
    const result = lib.readConfig({ apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/' });
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({ apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', maxUploadBytes: 10 * MIB }),
    });
  });
});

describe('validateFile', () => {
  const limit = 10 * MIB;

  test('accepts JPEG and PNG within the limit', () => {
    expect(lib.validateFile({ name: 'cat.jpg', type: 'image/jpeg', size: 1000 }, limit)).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(lib.validateFile({ name: 'cat.png', type: 'image/png', size: limit }, limit)).toEqual({ ok: true, contentType: 'image/png' });
  });

  test('falls back to the extension when the browser gives no type', () => {
    expect(lib.validateFile({ name: 'IMG_0001.JPEG', type: '', size: 10 }, limit)).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  test('rejects other types and names what was found', () => {
    expect(lib.validateFile({ name: 'anim.gif', type: 'image/gif', size: 10 }, limit).message).toBe(
      '“anim.gif” can’t be analysed: GIF images are not supported. Only JPEG and PNG images are accepted.',
    );
    expect(lib.validateFile({ name: 'logo.svg', type: 'image/svg+xml', size: 10 }, limit).message).toMatch(/SVG images are not/);
    expect(lib.validateFile({ name: 'notes.txt', type: 'text/plain', size: 10 }, limit).message).toMatch(/text files are not/);
    expect(lib.validateFile({ name: 'cv.pdf', type: 'application/pdf', size: 10 }, limit).message).toMatch(/PDF files are not/);
    expect(lib.validateFile({ name: 'photo.heic', type: '', size: 10 }, limit).message).toMatch(/its type is unknown/);
  });

  test('rejects files over the limit with both sizes', () => {
    const result = lib.validateFile({ name: 'big.jpg', type: 'image/jpeg', size: 12.4 * MIB }, limit);
    expect(result.ok).toBe(false);
    expect(result.message).toBe('“big.jpg” is 12.4 MB, more than the 10 MB limit. Choose a smaller image or resize it.');
  });

  test('does not claim "10 MB is more than 10 MB" for a file just over the limit', () => {
    expect(lib.validateFile({ name: 'edge.jpg', type: 'image/jpeg', size: limit + 1 }, limit).message).toMatch(
      /slightly larger than the 10 MB limit/,
    );
  });

  test('rejects empty files', () => {
    expect(lib.validateFile({ name: 'zero.png', type: 'image/png', size: 0 }, limit).message).toMatch(/is empty/);
  });
});

describe('formatting', () => {
  test('formatConfidence rounds down to one decimal and clamps', () => {
    expect(lib.formatConfidence(98.76)).toBe('98.7%');
    expect(lib.formatConfidence(99.96)).toBe('99.9%');
    expect(lib.formatConfidence(100)).toBe('100%');
    expect(lib.formatConfidence(120)).toBe('100%');
    expect(lib.formatConfidence(-3)).toBe('0.0%');
    expect(lib.formatConfidence(undefined)).toBe('–');
  });

  test('formatBytes', () => {
    expect(lib.formatBytes(1)).toBe('1 byte');
    expect(lib.formatBytes(512)).toBe('512 bytes');
    expect(lib.formatBytes(2048)).toBe('2 KB');
    expect(lib.formatBytes(10 * MIB)).toBe('10 MB');
    expect(lib.formatBytes(1.25 * MIB)).toBe('1.3 MB');
  });

  test('formatAge says how long ago, and gives up after a day', () => {
    const now = 1_700_000_000_000;
    expect(lib.formatAge(now - 5_000, now)).toBe('just now');
    expect(lib.formatAge(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(lib.formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(lib.formatAge(now - 2 * 86_400_000, now)).toBeNull();
  });

  test('sentence capitalises and ends with a full stop', () => {
    expect(lib.sentence('image too large')).toBe('Image too large.');
    expect(lib.sentence('Done!')).toBe('Done!');
    expect(lib.sentence(undefined)).toBe('');
  });
});

describe('polling schedule', () => {
  test('starts at 500 ms and grows to a 3 s cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => lib.pollDelay(attempt));
    expect(delays).toEqual([500, 750, 1125, 1688, 2531, 3000, 3000]);
  });

  test('never waits past the time limit and stops once it is reached', () => {
    expect(lib.nextPollDelay(10, 59_000)).toBe(1000);
    expect(lib.nextPollDelay(10, 60_000)).toBeNull();
    expect(lib.nextPollDelay(0, 0, { timeLimitMs: 200 })).toBe(200);
  });

  test('a full schedule fits in 60 s with about two dozen polls', () => {
    let elapsed = 0;
    let polls = 0;
    for (let delay = lib.nextPollDelay(0, 0); delay !== null; delay = lib.nextPollDelay(polls, elapsed)) {
      elapsed += delay;
      polls += 1;
    }
    expect(elapsed).toBe(60_000);
    expect(polls).toBeGreaterThan(15);
    expect(polls).toBeLessThan(30);
  });

  test('network errors, throttling and 5xx are worth polling again', () => {
    expect([0, 429, 500, 503].map(lib.isTransientStatus)).toEqual([true, true, true, true]);
    expect([400, 403, 404].map(lib.isTransientStatus)).toEqual([false, false, false]);
  });
});

describe('describeS3Error', () => {
  const xml = (code: string, message: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>1</RequestId></Error>`;

  test('too large', () => {
    expect(lib.describeS3Error(400, xml('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'))).toBe(
      'The upload bucket refused the file: it is larger than the upload link allows.',
    );
  });

  test('expired policy and failed policy condition share AccessDenied but read differently', () => {
    expect(lib.describeS3Error(403, xml('AccessDenied', 'Invalid according to Policy: Policy expired.'))).toMatch(
      /upload link expired.*Retry/,
    );
    expect(
      lib.describeS3Error(403, xml('AccessDenied', 'Invalid according to Policy: Policy Condition failed: [&quot;eq&quot;, &quot;$Content-Type&quot;, &quot;image/png&quot;]')),
    ).toMatch(/does not match what the upload link allows/);
    expect(lib.describeS3Error(403, xml('AccessDenied', 'Access Denied'))).toMatch(/access denied/);
  });

  test('an unknown code is quoted with its decoded message', () => {
    expect(lib.describeS3Error(400, xml('InvalidArgument', 'POST requires exactly one file upload &amp; no more'))).toBe(
      'The upload bucket refused the file (InvalidArgument: POST requires exactly one file upload & no more.)',
    );
  });

  test('no XML and no answer at all', () => {
    expect(lib.describeS3Error(502, '<html>Bad gateway</html>')).toMatch(/HTTP 502/);
    expect(lib.describeS3Error(0, '')).toMatch(/could not reach the upload bucket/);
  });
});

describe('describeApiFailure', () => {
  const apiUrl = 'https://abc.execute-api.us-east-1.amazonaws.com/prod';

  test('no answer names the API host and what to check', () => {
    expect(lib.describeApiFailure({ status: 0, apiUrl })).toMatch(/^Can’t reach the API at abc\.execute-api\.us-east-1\.amazonaws\.com\./);
  });

  test('passes on the server’s own message for refused input', () => {
    const body = { error: { code: 'FileTooLarge', message: 'the file is 12 MB; the limit is 10 MB' } };
    expect(lib.describeApiFailure({ status: 413, body, apiUrl })).toBe('The server says the file is too large. The file is 12 MB; the limit is 10 MB.');
    expect(lib.describeApiFailure({ status: 400, body: null, apiUrl })).toMatch(/refused this request/);
  });

  test('404 means an unknown image while checking, a wrong URL otherwise', () => {
    expect(lib.describeApiFailure({ status: 404, apiUrl, action: 'check' })).toMatch(/no record of this image/);
    expect(lib.describeApiFailure({ status: 404, apiUrl, action: 'prepare' })).toMatch(/wrong API URL/);
  });

  test('throttling and server errors', () => {
    expect(lib.describeApiFailure({ status: 429, apiUrl })).toMatch(/too many requests/);
    expect(lib.describeApiFailure({ status: 502, apiUrl })).toMatch(/internal problem \(HTTP 502\).*rekog-deploy logs/);
    const dailyLimit = { status: 429, apiUrl, body: { error: { code: 'DAILY_LIMIT_REACHED', message: "Today's limit of 500 uploads has been reached. Uploads open again at 00:00 UTC, in 3 h 2 min." } } };
    expect(lib.describeApiFailure(dailyLimit)).toBe("Today's limit of 500 uploads has been reached. Uploads open again at 00:00 UTC, in 3 h 2 min.");
    expect(lib.isDailyLimit(dailyLimit)).toBe(true);
    expect(lib.isDailyLimit({ status: 429, apiUrl })).toBe(false);
  });

  test('served by the local cloud, a server error points at the local logs command', () => {
    const message = lib.describeApiFailure({ status: 502, apiUrl, logsCommand: 'npx rekog-deploy logs <function> --local' });

    expect(message).toMatch(/read the function logs \(`npx rekog-deploy logs <function> --local`\)\.$/);
  });
});

describe('analysis failures and time limits', () => {
  test('uses the message, then the code', () => {
    expect(lib.describeAnalysisFailure({ code: 'InvalidImageFormat', message: 'the file is not a valid JPEG or PNG' })).toBe(
      'The image could not be analysed. The file is not a valid JPEG or PNG.',
    );
    expect(lib.describeAnalysisFailure({ code: 'ImageTooLarge' })).toBe('The image could not be analysed (ImageTooLarge).');
    expect(lib.describeAnalysisFailure(undefined)).toBe('The image could not be analysed.');
  });

  test('a timeout while still awaiting the upload points at the notification', () => {
    expect(lib.describeTimeout('awaiting-upload', 60_000)).toMatch(/did not start within 60 seconds/);
    expect(lib.describeTimeout('processing', 60_000)).toBe('The analysis is taking longer than 60 seconds. Retry to check again.');
  });
});

describe('labels and boxes', () => {
  const labels = [
    { name: 'Animal', confidence: 90, parents: [], instances: [] },
    {
      name: 'Cat',
      confidence: 97.5,
      parents: ['Animal', 'Pet'],
      instances: [
        { confidence: 96, boundingBox: { left: 0.1, top: 0.2, width: 0.5, height: 0.25 } },
        { confidence: 80, boundingBox: { left: 0.8, top: -0.1, width: 0.5, height: 0.5 } },
      ],
    },
  ];

  test('sortLabels orders by confidence without mutating', () => {
    expect(lib.sortLabels(labels).map((label: { name: string }) => label.name)).toEqual(['Cat', 'Animal']);
    expect(labels[0].name).toBe('Animal');
    expect(lib.sortLabels(undefined)).toEqual([]);
  });

  test('labelBoxes converts ratios to percent and clips overhanging boxes', () => {
    const [first, second] = lib.labelBoxes(labels);
    expect(first).toEqual({ label: 'Cat', confidence: 96, left: 10, top: 20, width: 50, height: 25 });
    expect(second.left).toBeCloseTo(80);
    expect(second.top).toBe(0);
    expect(second.width).toBeCloseTo(20);
    expect(second.height).toBeCloseTo(50);
  });

  test('fitWithin keeps the aspect ratio and never enlarges', () => {
    expect(lib.fitWithin(4000, 3000, 240)).toEqual({ width: 240, height: 180 });
    expect(lib.fitWithin(1000, 4000, 240)).toEqual({ width: 60, height: 240 });
    expect(lib.fitWithin(100, 50, 240)).toEqual({ width: 100, height: 50 });
  });

  test('compactLabels keeps the strongest few, without instances', () => {
    expect(lib.compactLabels(labels, 1)).toEqual([{ name: 'Cat', confidence: 97.5, parents: ['Animal', 'Pet'] }]);
  });
});

describe('history', () => {
  const entry = (key: string, time = 1) => ({ key, fileName: `${key}.jpg`, time, status: 'done', labels: [] });

  test('newest first, one entry per key, bounded', () => {
    let history: unknown[] = [];
    for (let i = 0; i < 25; i += 1) history = lib.addToHistory(history, entry(`k${i}`));
    expect(history).toHaveLength(lib.HISTORY_LIMIT);
    expect((history[0] as { key: string }).key).toBe('k24');

    history = lib.addToHistory(history, entry('k10', 2));
    expect(history).toHaveLength(lib.HISTORY_LIMIT);
    expect(history[0]).toEqual(entry('k10', 2));
    expect(history.filter((item) => (item as { key: string }).key === 'k10')).toHaveLength(1);
  });

  test('parseHistory survives corrupt storage and drops malformed entries', () => {
    expect(lib.parseHistory(null)).toEqual([]);
    expect(lib.parseHistory('{not json')).toEqual([]);
    expect(lib.parseHistory('{"key":"a"}')).toEqual([]);
    const stored = JSON.stringify([
      entry('a'),
      { key: 'b' },
      { ...entry('c'), thumbnail: 'javascript:alert(1)' },
      { ...entry('d'), thumbnail: 'data:image/jpeg;base64,AAAA' },
    ]);
    expect(lib.parseHistory(stored).map((item: { key: string }) => item.key)).toEqual(['a', 'd']);
  });
});
