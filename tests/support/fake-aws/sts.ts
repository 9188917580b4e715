import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { FakeContext, Operations, Out } from './context';

export function stsOperations(ctx: FakeContext): Operations {
  return {
    GetCallerIdentity: (): Out<GetCallerIdentityCommandOutput> => ({
      UserId: 'AIDAFAKEAWSUSER00000',
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:user/fake-aws`,
    }),
  };
}
