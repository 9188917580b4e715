import { Teardown } from '../../../../scripts/lib/engine/ownership';
import { silentReporter } from '../../../../scripts/lib/engine/reporter';
import { runDown, runSingleStep, runUp } from '../../../../scripts/lib/engine/runner';
import { defineStep, type AnyStep, type DestroyResult } from '../../../../scripts/lib/engine/step';
import { testContext } from '../../../support/context';

const ABSENT: DestroyResult = { action: 'absent', deleted: [], kept: [], leftAlone: [] };

function recordingSteps(order: string[]) {
  const first = defineStep({
    name: 'first',
    description: 'makes an id',
    dependsOn: [],
    ensure: async () => (order.push('ensure first'), { action: 'created' as const, outputs: { id: 'first-id' }, changes: [] }),
    destroy: async () => (order.push('destroy first'), ABSENT),
    inspect: async () => ({ resources: [], outputs: { id: 'inspected-id' } }),
  });
  const second = defineStep({
    name: 'second',
    description: 'uses the id',
    dependsOn: [first],
    ensure: async (_ctx, inputs) => (order.push(`ensure second with ${inputs.first.id}`), { action: 'created' as const, outputs: { used: inputs.first.id }, changes: [] }),
    destroy: async () => (order.push('destroy second'), ABSENT),
    inspect: async () => ({ resources: [] }),
  });
  return { first, second };
}

describe('the runner', () => {
  test('up hands each step the outputs of the steps it names; down removes dependants first', async () => {
    const order: string[] = [];
    const { first, second } = recordingSteps(order);
    const ctx = testContext();
    const { outputs } = await runUp(ctx, [second, first] as AnyStep[]);
    expect(outputs.get('second')).toEqual({ used: 'first-id' });
    await runDown(ctx, [first, second] as AnyStep[], { keepData: false });
    expect(order).toEqual(['ensure first', 'ensure second with first-id', 'destroy second', 'destroy first']);
  });

  test('down reports what each step deleted, kept and left alone by kind and name, and no line per step', async () => {
    const log = { ...silentReporter, stepFinished: jest.fn() };
    const ctx = testContext({ log });
    const step = defineStep({
      name: 'create-table',
      description: 'a table',
      dependsOn: [],
      ensure: async () => ({ action: 'created' as const, outputs: {}, changes: [] }),
      destroy: async (stepCtx, options) => {
        const teardown = new Teardown(stepCtx);
        teardown.leftAlone('SNS topic', 'rekog-notifications');
        if (options.keepData) teardown.kept('DynamoDB table', 'rekog-results');
        else teardown.removed('DynamoDB table', 'rekog-results');
        return teardown.result();
      },
      inspect: async () => ({ resources: [] }),
    });

    const [report] = await runDown(ctx, [step] as AnyStep[], { keepData: false });

    expect(report).toMatchObject({
      step: 'create-table',
      action: 'deleted',
      deleted: [{ kind: 'DynamoDB table', name: 'rekog-results' }],
      kept: [],
      leftAlone: [{ kind: 'SNS topic', name: 'rekog-notifications' }],
      notOurs: ['SNS topic "rekog-notifications" left alone: it does not carry rekog-deploy:stack=rekog'],
    });
    expect((await runDown(ctx, [step] as AnyStep[], { keepData: true }))[0]).toMatchObject({ action: 'kept', deleted: [], kept: [{ kind: 'DynamoDB table', name: 'rekog-results' }] });
    expect(log.stepFinished).not.toHaveBeenCalled();
  });

  test('a step run alone reads what it needs from its dependencies', async () => {
    const order: string[] = [];
    const { second } = recordingSteps(order);
    const { outputs } = await runSingleStep(testContext(), second as AnyStep);
    expect(outputs).toEqual({ used: 'inspected-id' });
  });

  test('a step run alone names the step to run first when a dependency is not there', async () => {
    const order: string[] = [];
    const { first, second } = recordingSteps(order);
    const missing = { ...first, inspect: async () => ({ resources: [] }) };
    const alone = { ...second, dependsOn: [missing] } as AnyStep;
    await expect(runSingleStep(testContext(), alone)).rejects.toMatchObject({ code: 'MISSING_DEPENDENCY', message: expect.stringContaining('rekog-deploy first') });
    expect(order).toEqual([]);
  });
});
