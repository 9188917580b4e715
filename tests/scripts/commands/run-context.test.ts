import { reportFailure } from '../../../scripts/commands/run-context';
import { DeployError } from '../../../scripts/lib/engine/errors';
import { RunFailed } from '../../../scripts/lib/engine/runner';

function captured(run: () => number): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const status = run();
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const twoFailed = new RunFailed(
  [{ step: 'create-queue', action: 'deleted', milliseconds: 12, deleted: [{ kind: 'SQS queue', name: 'demo-failed-uploads' }], kept: [], leftAlone: [] }],
  [
    { step: 'create-table', error: new DeployError('ACCESS_DENIED', 'Access denied for dynamodb:DeleteTable (DeleteTable).') },
    { step: 'create-sns', error: new DeployError('AWS_ERROR', 'sns:DeleteTopic failed: InternalError: try again', { cause: new Error('boom') }) },
  ],
  ['create-role'],
);

describe('what a user reads when a run fails', () => {
  test('one line per failed step with its reason, then the steps that never ran; exit 1', () => {
    const { status, stdout, stderr } = captured(() => reportFailure(twoFailed, {}));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'error: create-table: Access denied for dynamodb:DeleteTable (DeleteTable).',
      'error: create-sns: sns:DeleteTopic failed: InternalError: try again',
      'not run: create-role (each needs a step that failed)',
      '(run with --verbose for the cause)',
    ]);
  });

  test('with --json, one document on stdout carries every failure', () => {
    const { stdout } = captured(() => reportFailure(twoFailed, { json: true }));
    expect(JSON.parse(stdout)).toMatchObject({
      failures: [
        { step: 'create-table', code: 'ACCESS_DENIED', message: 'Access denied for dynamodb:DeleteTable (DeleteTable).' },
        { step: 'create-sns', code: 'AWS_ERROR' },
      ],
      skipped: ['create-role'],
      steps: [{ step: 'create-queue', action: 'deleted', deleted: [{ kind: 'SQS queue', name: 'demo-failed-uploads' }] }],
    });
  });
});
