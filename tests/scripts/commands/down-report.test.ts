import { downSummary } from '../../../scripts/commands/down-report';
import type { StepReport } from '../../../scripts/lib/engine/runner';

const TABLE = { kind: 'DynamoDB table', name: 'demo-results' };
const TOPIC = { kind: 'SNS topic', name: 'demo-notifications' };

function report(overrides: Partial<StepReport>): StepReport {
  return { step: 'create-table', action: 'absent', milliseconds: 1, deleted: [], kept: [], leftAlone: [], notOurs: [], ...overrides };
}

describe('the line that ends down', () => {
  test('a stack with nothing there says so', () => {
    expect(downSummary('demo', 'eu-west-1', [report({}), report({ step: 'create-sns' })])).toBe('Nothing to delete: stack "demo" has no resources in eu-west-1.');
  });

  test('counts what was deleted, kept and left alone', () => {
    const reports = [report({ action: 'deleted', deleted: [TABLE, TOPIC] }), report({ action: 'kept', kept: [TABLE] }), report({ leftAlone: [TOPIC] })];
    expect(downSummary('demo', 'eu-west-1', reports)).toBe('Done: deleted 2 resources, kept 1, left 1 alone.');
    expect(downSummary('demo', 'eu-west-1', [report({ action: 'deleted', deleted: [TABLE] })])).toBe('Done: deleted 1 resource.');
  });

  test('only resources left alone: nothing deleted, and it says what was left', () => {
    expect(downSummary('demo', 'eu-west-1', [report({ leftAlone: [TOPIC] })])).toBe('Done: deleted nothing, left 1 alone.');
  });
});
