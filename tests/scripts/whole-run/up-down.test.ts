import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { capturedReporter } from '../../support/reporter';
import { copyOfProject, newFake, run } from './harness';

jest.mock('../../../scripts/lib/build/function-code', () => require('../../support/memoised-function-code').memoisedFunctionCode());

const DESIGN = [
  'apigateway:rest-api:rekog-api',
  'cloudfront:distribution:rekog-deploy rekog in us-east-1: the site',
  'cloudfront:origin-access-control:rekog-site-us-east-1',
  'cloudwatch:alarm:rekog-api-5xx',
  'cloudwatch:alarm:rekog-daily-uploads',
  'cloudwatch:alarm:rekog-detect-labels-errors',
  'cloudwatch:alarm:rekog-detect-labels-throttles',
  'cloudwatch:alarm:rekog-failed-uploads-waiting',
  'cloudwatch:alarm:rekog-generate-upload-url-errors',
  'cloudwatch:alarm:rekog-generate-upload-url-throttles',
  'cloudwatch:alarm:rekog-process-image-upload-errors',
  'cloudwatch:alarm:rekog-process-image-upload-throttles',
  'dynamodb:table:rekog-results',
  'iam:role:rekog-detect-labels-role',
  'iam:role:rekog-generate-upload-url-role',
  'iam:role:rekog-process-image-upload-role',
  'lambda:function:rekog-detect-labels',
  'lambda:function:rekog-generate-upload-url',
  'lambda:function:rekog-process-image-upload',
  'logs:log-group:/aws/lambda/rekog-detect-labels',
  'logs:log-group:/aws/lambda/rekog-generate-upload-url',
  'logs:log-group:/aws/lambda/rekog-process-image-upload',
  's3:bucket:rekog-site-123456789012-us-east-1',
  's3:bucket:rekog-uploads-123456789012-us-east-1',
  'sns:topic:rekog-notifications',
  'sqs:queue:rekog-failed-uploads',
];

/** What `down` says of the whole design, one line a resource, as a user reads it off a terminal. */
const DOWN_LINES = [
  '  deleted     REST API                 rekog-api (',
  '  deleted     Invoke permission        rekog-api → rekog-detect-labels',
  '  deleted     Invoke permission        rekog-api → rekog-generate-upload-url',
  '  deleted     CloudFront distribution  ',
  '  deleted     Origin access control    rekog-site-us-east-1',
  ...['api-5xx', 'daily-uploads', 'failed-uploads-waiting', 'detect-labels-errors', 'detect-labels-throttles', 'generate-upload-url-errors', 'generate-upload-url-throttles', 'process-image-upload-errors', 'process-image-upload-throttles'].map(
    (alarm) => `  deleted     Alarm                    rekog-${alarm}`,
  ),
  '  deleted     DynamoDB table           rekog-results',
  ...['detect-labels', 'generate-upload-url', 'process-image-upload'].flatMap((fn) => [
    `  deleted     IAM role                 rekog-${fn}-role`,
    `  deleted     Lambda function          rekog-${fn}`,
    `  deleted     Log group                /aws/lambda/rekog-${fn}`,
  ]),
  '  deleted     Site bucket              rekog-site-123456789012-us-east-1',
  '  deleted     Upload bucket            rekog-uploads-123456789012-us-east-1',
  '  deleted     S3 trigger               rekog-uploads-123456789012-us-east-1 → rekog-process-image-upload',
  '  deleted     Invoke permission        rekog-uploads-123456789012-us-east-1 → rekog-process-image-upload',
  '  deleted     SNS topic                rekog-notifications',
  '  deleted     SQS queue                rekog-failed-uploads',
];

/** One line of the output for each of `starts`, in any order, and no other line. */
function expectLinesStartingWith(lines: string[], starts: string[]): void {
  expect(starts.filter((start) => !lines.some((line) => line.startsWith(start)))).toEqual([]);
  expect(lines).toHaveLength(starts.length);
}

describe('whole runs against the in-memory AWS', () => {
  test('a cold up creates every resource of the design, each step reporting created', async () => {
    const fake = newFake();
    const cold = await run(fake, 'up');
    expect(fake.resources().sort()).toEqual(DESIGN);
    expect(cold.reports.map((r) => r.action)).toEqual(Array(11).fill('created'));
  });

  test('a second up makes zero write calls and reports every step unchanged', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const again = await run(fake, 'up');
    expect(again.writes).toEqual([]);
    expect(again.reports.map((r) => r.action)).toEqual(Array(11).fill('unchanged'));
  });

  test("changing one handler's source updates that function's code only", async () => {
    const fake = newFake();
    const paths = copyOfProject();
    await run(fake, 'up', { paths });
    appendFileSync(path.join(paths.functions, 'detect-labels.ts'), '\nexport const revision = "2";\n');
    const changed = await run(fake, 'up', { paths });
    expect(changed.writes).toEqual(['lambda:UpdateFunctionCode']);
    const step = changed.reports.find((r) => r.step === 'create-function');
    expect(step).toMatchObject({ action: 'updated', changes: ['detect-labels: code'] });
  });

  test('a changed setting reaches only what uses it', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const changed = await run(fake, 'up', { settings: { maxLabels: 5 } });
    expect(changed.writes).toEqual(['lambda:UpdateFunctionConfiguration']);
  });

  test('down leaves nothing, no alarm either, and a second down succeeds without a write', async () => {
    const fake = newFake();
    await run(fake, 'up');
    expect(fake.resources().filter((resource) => resource.startsWith('cloudwatch:alarm:'))).toHaveLength(9);
    await run(fake, 'down');
    expect(fake.resources()).toEqual([]);
    const again = await run(fake, 'down');
    expect(again.writes).toEqual([]);
    expect(again.reports.every((r) => r.action === 'absent')).toBe(true);
  });

  test('down names every resource it deletes, by kind and name, each as it goes: a function before its role', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const output = capturedReporter();
    const down = await run(fake, 'down', { log: output.log });
    const lines = output.lines();
    expectLinesStartingWith(lines, DOWN_LINES);
    expect(lines.findIndex((line) => line.endsWith('Lambda function          rekog-detect-labels'))).toBeLessThan(lines.findIndex((line) => line.endsWith('rekog-detect-labels-role')));
    expect(down.reports.flatMap((report) => report.deleted ?? [])).toContainEqual({ kind: 'Log group', name: '/aws/lambda/rekog-detect-labels' });

    const again = capturedReporter();
    await run(fake, 'down', { log: again.log });
    expect(again.lines()).toEqual([]);
  });

  test('down --keep-data keeps the upload bucket and the table, and nothing else, and names the two kept', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const output = capturedReporter();
    await run(fake, 'down', { keepData: true, log: output.log });
    expect(fake.resources().sort()).toEqual(['dynamodb:table:rekog-results', 's3:bucket:rekog-uploads-123456789012-us-east-1']);
    const kept = output.lines().filter((line) => !line.startsWith('  deleted'));
    expect(kept.sort()).toEqual(['  kept        DynamoDB table           rekog-results', '  kept        Upload bucket            rekog-uploads-123456789012-us-east-1']);
  });

  test("down leaves same-named resources without the stack's tag alone and says so", async () => {
    const fake = newFake();
    await fake.seed.role('rekog-detect-labels-role');
    await fake.seed.table('rekog-results');
    await fake.seed.topic('rekog-notifications');
    await fake.seed.restApi('rekog-api');
    await fake.seed.logGroup('/aws/lambda/rekog-process-image-upload');
    await fake.seed.bucket('rekog-site-123456789012-us-east-1', { tags: { owner: 'someone-else' }, objects: { 'index.html': '<p>theirs</p>' } });
    await fake.seed.alarm('rekog-api-5xx');
    const before = fake.resources().sort();
    const output = capturedReporter();
    const down = await run(fake, 'down', { log: output.log });
    expect(fake.resources().sort()).toEqual(before);
    expect(down.notOurs).toHaveLength(7);
    for (const name of ['rekog-api-5xx', 'rekog-detect-labels-role', 'rekog-results', 'rekog-notifications', 'rekog-api', '/aws/lambda/rekog-process-image-upload', 'rekog-site-']) {
      expect(down.notOurs.some((note) => note.includes(name))).toBe(true);
    }
    const reason = '  (not tagged rekog-deploy:stack=rekog)';
    expectLinesStartingWith(output.lines(), [
      `  left alone  Alarm                    rekog-api-5xx${reason}`,
      `  left alone  IAM role                 rekog-detect-labels-role${reason}`,
      `  left alone  DynamoDB table           rekog-results${reason}`,
      `  left alone  SNS topic                rekog-notifications${reason}`,
      '  left alone  REST API                 rekog-api (',
      `  left alone  Log group                /aws/lambda/rekog-process-image-upload${reason}`,
      `  left alone  Site bucket              rekog-site-123456789012-us-east-1${reason}`,
    ]);
  });

  test("up refuses to take over a same-named resource that is not the stack's", async () => {
    const fake = newFake();
    await fake.seed.table('rekog-results');
    await expect(run(fake, 'up')).rejects.toMatchObject({ code: 'NOT_OURS' });
  });

  test('a bucket name owned by another account is a clear error that suggests another stack', async () => {
    const fake = newFake();
    fake.seed.foreignBucket('rekog-uploads-123456789012-us-east-1');
    await expect(run(fake, 'up')).rejects.toMatchObject({ code: 'BUCKET_NAME_TAKEN', message: expect.stringContaining('--stack') });
  });

  test('status after up reads only and finds every resource present', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const status = await run(fake, 'status');
    expect(status.writes).toEqual([]);
  });
});
