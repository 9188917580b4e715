import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionError } from '../../scripts/local/lambda/function-error';
import { startFunction, type FunctionOptions, type LocalFunction } from '../../scripts/local/lambda/run-handler';

const HANDLERS: Record<string, string> = {
  'echo.js': `
    exports.handler = async (event, context) => {
      console.log('got event', JSON.stringify(event));
      return {
        someVar: process.env.SOME_VAR ?? null,
        shellVar: process.env.FROM_THE_SHELL ?? null,
        lambdaName: process.env.AWS_LAMBDA_FUNCTION_NAME,
        event,
        context: {
          awsRequestId: context.awsRequestId,
          functionName: context.functionName,
          functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          logGroupName: context.logGroupName,
          logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis(),
          callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
        },
      };
    };`,
  'throws.js': `
    exports.handler = async () => {
      throw new TypeError('bad input');
    };`,
  'slow.js': `
    let invocations = 0;
    exports.handler = async (event) => {
      invocations += 1;
      await new Promise((resolve) => setTimeout(resolve, event.waitMs));
      return { invocations };
    };`,
  'logs.js': `
    exports.handler = async () => {
      console.error('first line\\nsecond line');
      console.warn('careful');
      process.stdout.write('raw write\\n');
      return 'done';
    };`,
  'callback.js': `
    exports.handler = (event, context, callback) => {
      setTimeout(() => callback(null, { viaCallback: true }), 5);
    };`,
  'no-handler.js': `
    exports.somethingElse = () => 1;`,
};

describe('local Lambda runner', () => {
  let directory: string;
  let started: LocalFunction[];
  let logged: Array<{ functionName: string; line: string }>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lambda-'));
    for (const [name, source] of Object.entries(HANDLERS)) await writeFile(join(directory, name), source);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  beforeEach(() => {
    started = [];
    logged = [];
  });

  afterEach(async () => {
    await Promise.all(started.map((fn) => fn.close()));
  });

  function start(name: string, bundle: string, options: Partial<FunctionOptions> = {}): LocalFunction {
    const fn = startFunction({
      name,
      bundlePath: join(directory, bundle),
      env: {},
      timeoutSeconds: 5,
      onLog: (functionName, line) => logged.push({ functionName, line }),
      ...options,
    });
    started.push(fn);
    return fn;
  }

  it('gives each function its own environment variables, side by side in one process', async () => {
    process.env.FROM_THE_SHELL = 'shell';
    try {
      const alpha = start('alpha', 'echo.js', { env: { SOME_VAR: 'alpha-value' } });
      const beta = start('beta', 'echo.js', { env: { SOME_VAR: 'beta-value' } });

      const [fromAlpha, fromBeta] = await Promise.all([alpha.invoke({ n: 1 }), beta.invoke({ n: 2 })]);

      expect(fromAlpha).toMatchObject({ someVar: 'alpha-value', lambdaName: 'alpha', event: { n: 1 }, shellVar: null });
      expect(fromBeta).toMatchObject({ someVar: 'beta-value', lambdaName: 'beta', event: { n: 2 }, shellVar: null });
      expect(process.env.SOME_VAR).toBeUndefined();
    } finally {
      delete process.env.FROM_THE_SHELL;
    }
  });

  it('passes a Lambda-like context', async () => {
    const fn = start('rekog-detect-labels', 'echo.js', { timeoutSeconds: 3, memorySizeMb: 256, region: 'eu-west-1', accountId: '123456789012' });

    const result = (await fn.invoke({})) as { context: Record<string, unknown> };

    expect(result.context).toEqual({
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      functionName: 'rekog-detect-labels',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rekog-detect-labels',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/rekog-detect-labels',
      logStreamName: expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/),
      remaining: expect.any(Number),
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(result.context.remaining).toBeGreaterThan(2000);
    expect(result.context.remaining).toBeLessThanOrEqual(3000);
  });

  it('rejects with the error object of a throwing handler and logs it', async () => {
    const fn = start('thrower', 'throws.js');

    const failure = await fn.invoke({}).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FunctionError);
    expect(failure).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input', functionName: 'thrower' });
    expect((failure as FunctionError).stack).toContain(join(directory, 'throws.js'));
    expect(logged.some(({ line }) => /\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"bad input"/.test(line))).toBe(true);
  });

  it('fails an invocation that outlasts the timeout, then starts a fresh environment', async () => {
    const fn = start('sleeper', 'slow.js', { timeoutSeconds: 0.3 });

    const failure = await fn.invoke({ waitMs: 5000 }).catch((error: unknown) => error);
    const after = await fn.invoke({ waitMs: 0 });

    expect(failure).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 0\.30 seconds$/) });
    expect(logged.some(({ line }) => line.endsWith('Task timed out after 0.30 seconds'))).toBe(true);
    // A new environment: the module-level counter starts again.
    expect(after).toEqual({ invocations: 1 });
  });

  it('keeps a warm environment between invocations', async () => {
    const fn = start('warm', 'slow.js');

    await fn.invoke({ waitMs: 0 });
    const second = await fn.invoke({ waitMs: 0 });

    expect(second).toEqual({ invocations: 2 });
  });

  it('runs concurrent invocations in separate environments, up to maxConcurrency', async () => {
    const fn = start('parallel', 'echo.js', { maxConcurrency: 2 });
    const serial = start('serial', 'echo.js', { maxConcurrency: 1 });

    const parallelStreams = await Promise.all([fn.invoke({}), fn.invoke({})]);
    const serialStreams = await Promise.all([serial.invoke({}), serial.invoke({})]);

    const streamsOf = (results: unknown[]) => new Set(results.map((result) => (result as { context: { logStreamName: string } }).context.logStreamName));
    expect(streamsOf(parallelStreams).size).toBe(2);
    expect(streamsOf(serialStreams).size).toBe(1);
  });

  it('forwards console output line by line, with a timestamp, the request id and the level', async () => {
    const fn = start('chatty', 'logs.js');

    await fn.invoke({});
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = logged.filter(({ functionName }) => functionName === 'chatty').map(({ line }) => line);
    const requestId = lines.find((line) => line.includes('START RequestId:'))?.match(/RequestId: (\S+)/)?.[1];
    const timestamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${timestamp}\\t${requestId}\\tERROR\\tfirst line$`)),
        expect.stringMatching(new RegExp(`^${timestamp}\\t${requestId}\\tERROR\\tsecond line$`)),
        expect.stringMatching(new RegExp(`^${timestamp}\\t${requestId}\\tWARN\\tcareful$`)),
        expect.stringMatching(new RegExp(`^${timestamp}\\traw write$`)),
        expect.stringMatching(new RegExp(`^${timestamp}\\tEND RequestId: ${requestId}$`)),
        expect.stringMatching(new RegExp(`^${timestamp}\\tREPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB`)),
      ]),
    );
  });

  it('supports callback-style handlers', async () => {
    const fn = start('callback', 'callback.js');

    await expect(fn.invoke({})).resolves.toEqual({ viaCallback: true });
  });

  it('fails with Runtime.HandlerNotFound when the bundle does not export the handler', async () => {
    const fn = start('broken', 'no-handler.js');

    await expect(fn.invoke({})).rejects.toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'no-handler.handler is undefined or not exported' });
  });

  it('refuses to start without a bundle, saying what to do', () => {
    expect(() => start('missing', 'nope.js')).toThrow(/build the functions first/);
  });
});
