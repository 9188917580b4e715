import type { Reporter } from '../../../../scripts/lib/engine/reporter';
import { capturedReporter } from '../../../support/reporter';

function tellDown(log: Reporter): void {
  log.resourceOutcome('deleted', 'Lambda function', 'rekog-process-image-upload');
  log.resourceOutcome('deleted', 'CloudFront distribution', 'E2QWRUHAPOMQZL (d111111abcdef8.cloudfront.net)');
  log.resourceOutcome('kept', 'Upload bucket', 'rekog-uploads-123456789012-us-east-1');
  log.resourceOutcome('left alone', 'SNS topic', 'rekog-notifications', 'not tagged rekog-deploy:stack=rekog');
}

describe('the reporter', () => {
  test('down names each resource by outcome, kind and name, in columns, with no colour off a terminal', () => {
    const { log, lines } = capturedReporter({ isTTY: false });
    tellDown(log);
    expect(lines()).toEqual([
      '  deleted     Lambda function          rekog-process-image-upload',
      '  deleted     CloudFront distribution  E2QWRUHAPOMQZL (d111111abcdef8.cloudfront.net)',
      '  kept        Upload bucket            rekog-uploads-123456789012-us-east-1',
      '  left alone  SNS topic                rekog-notifications  (not tagged rekog-deploy:stack=rekog)',
    ]);
  });

  test('on a terminal the outcome is coloured and the reason dimmed, in the same columns', () => {
    const { log, lines } = capturedReporter({ isTTY: true });
    tellDown(log);
    expect(lines()[0]).toBe('  \u001b[31mdeleted   \u001b[0m  Lambda function          rekog-process-image-upload');
    expect(lines()[2]).toContain('\u001b[36mkept      \u001b[0m');
    expect(lines()[3]).toBe('  \u001b[33mleft alone\u001b[0m  SNS topic                rekog-notifications  \u001b[2m(not tagged rekog-deploy:stack=rekog)\u001b[0m');
  });

  test('NO_COLOR turns colour off on a terminal too', () => {
    const { log, lines } = capturedReporter({ isTTY: true, env: { NO_COLOR: '1' } });
    tellDown(log);
    expect(lines().join('\n')).not.toContain('\u001b[');
  });

  test('with --json nothing but the JSON document goes to stdout', () => {
    const { log, lines } = capturedReporter({ json: true });
    tellDown(log);
    log.info('Done.');
    expect(lines()).toEqual([]);
  });
});
