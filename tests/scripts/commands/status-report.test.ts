import { formatStatus } from '../../../scripts/commands/status-report';

describe('status report', () => {
  test('a person reads each resource, the alarm states, what differs and what to do', () => {
    const lines = formatStatus(
      'rekog',
      'us-east-1',
      [
        { step: 'create-table', resources: [{ kind: 'DynamoDB table', name: 'rekog-results', state: 'drifted', drift: ['time to live'] }] },
        { step: 'create-alarms', resources: [{ kind: 'Alarm', name: 'rekog-api-5xx', state: 'present', detail: 'state ALARM' }] },
      ],
      [{ function: 'rekog-process-image-upload', invocations: 15, errors: 2 }],
    );
    expect(lines).toEqual([
      'Stack "rekog" in us-east-1',
      '  drifted  DynamoDB table: rekog-results  (differs: time to live)',
      '  present  Alarm: rekog-api-5xx  state ALARM',
      'Last hour',
      '  rekog-process-image-upload           15 invocations     2 errors',
      '1 resource(s) missing or drifted: `rekog-deploy up` puts them right.',
    ]);
  });
});
