import { updateExpression } from '../../../functions/shared/results-table';

describe('updateExpression', () => {
  test('routes every attribute through a placeholder and declares only the names it uses', () => {
    const built = updateExpression({
      set: { status: 'done', size: 12, labelModelVersion: undefined },
      setIfAbsent: { createdAt: 'now' },
      remove: ['claimId'],
      condition: '#status = :processing',
      values: { ':processing': 'processing' },
    });

    expect(built).toEqual({
      UpdateExpression: 'SET #status = :status, #size = :size, #createdAt = if_not_exists(#createdAt, :createdAt) REMOVE #claimId',
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status', '#size': 'size', '#createdAt': 'createdAt', '#claimId': 'claimId' },
      ExpressionAttributeValues: { ':status': 'done', ':size': 12, ':createdAt': 'now', ':processing': 'processing' },
    });
  });

  test('leaves out the values map when there are none', () => {
    expect(updateExpression({ remove: ['notifiedAt'], condition: 'attribute_exists(#notifiedAt)' })).not.toHaveProperty('ExpressionAttributeValues');
  });
});
