import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { OPERATION_PERMISSIONS } from '../../scripts/lib/builders/iam-actions';
import type { PolicyDocument, PolicyStatement } from '../../scripts/lib/builders/policies';
import type { CallHook } from '../../scripts/lib/engine/clients';
import type { Moto } from './moto';

/**
 * moto's server enforces IAM policies once told to (POST /moto-api/reset-auth), but in a dialect of
 * its own (measured, see the README's "Least privilege"): it names an operation's action after the
 * operation (`apigateway:GetRestApis`, not `apigateway:GET`), signs CloudWatch as `monitoring`, maps
 * several S3 operations to other actions, checks most services' resources against "*" only, and
 * CreateRole against "*" as the role does not exist yet. This turns "the identity holds these
 * actions of the deployer policy" into the moto policy that lets exactly those operations through.
 */
const MOTO_S3: Record<string, string> = {
  HeadBucket: 's3:HeadBucket',
  GetPublicAccessBlock: 's3:ListBucket',
  PutPublicAccessBlock: 's3:CreateBucket',
  GetBucketEncryption: 's3:ListBucket',
  PutBucketEncryption: 's3:CreateBucket',
  GetBucketCors: 's3:GetBucketCORS',
  PutBucketCors: 's3:PutBucketCORS',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  GetBucketNotificationConfiguration: 's3:GetBucketNotification',
  PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  DeleteObjects: 's3:DeleteObject',
};

function motoActionOf(service: string, operation: string): string {
  if (service === 's3') return MOTO_S3[operation] ?? `s3:${operation}`;
  if (service === 'cloudwatch') return `monitoring:${operation}`;
  return `${service}:${operation}`;
}

/**
 * moto cannot check the signature of a CloudFront request that names an ARN in its query string
 * while it enforces IAM (it recomputes the signature from the decoded URL), so CloudFront's
 * ListTagsForResource always fails there, whoever asks. This answers it from the tags the session
 * gave at creation, as CloudFront would; its permission is the one moto cannot test.
 */
export const UNCHECKABLE_BY_MOTO = ['cloudfront:ListTagsForResource'];

export function cloudFrontTagsShim(): CallHook {
  const tags = new Map<string, unknown>();
  return async (call, next) => {
    if (call.service !== 'cloudfront') return next();
    if (call.operation === 'ListTagsForResource') {
      return { output: { Tags: tags.get(String(call.input.Resource)) ?? { Items: [] }, $metadata: { httpStatusCode: 200 } }, response: { statusCode: 200, headers: {} } };
    }
    const answer = (await next()) as { output?: { Distribution?: { ARN?: string } } };
    const created = answer.output?.Distribution?.ARN;
    if (call.operation === 'CreateDistributionWithTags' && created) {
      tags.set(created, (call.input.DistributionConfigWithTags as { Tags?: unknown } | undefined)?.Tags);
    }
    return answer;
  };
}

/** The operations an identity with these deployer actions may call, as moto words them. */
export function motoPolicy(granted: ReadonlySet<string>): PolicyDocument {
  const allowed = Object.entries(OPERATION_PERMISSIONS)
    .filter(([, needs]) => needs.every(([action]) => granted.has(action)))
    .map(([call]) => call.split(':') as [string, string]);
  const statement: PolicyStatement = { Effect: 'Allow', Action: [...new Set(allowed.map(([service, operation]) => motoActionOf(service, operation)))].sort(), Resource: ['*'] };
  return { Version: '2012-10-17', Statement: [statement] };
}

/**
 * The deployer actions whose removal moto can see: those that no operation still allowed would
 * grant under moto's own name for it (S3's PutPublicAccessBlock and CreateBucket share one, say).
 */
export function actionsMotoCanTellApart(all: ReadonlySet<string>): string[] {
  return [...all].filter((action) => !UNCHECKABLE_BY_MOTO.includes(action)).filter((action) => {
    const without = new Set([...all].filter((other) => other !== action));
    const lost = Object.entries(OPERATION_PERMISSIONS)
      .filter(([, needs]) => needs.some(([needed]) => needed === action))
      .map(([call]) => motoActionOf(...(call.split(':') as [string, string])));
    const kept = new Set(motoPolicy(without).Statement[0].Action);
    return lost.some((motoAction) => !kept.has(motoAction));
  });
}

async function resetAuth(moto: Moto, count: string): Promise<void> {
  const response = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: count });
  if (!response.ok) throw new Error(`moto reset-auth ${count} failed: HTTP ${response.status}`);
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

async function userWith(iam: IAMClient, UserName: string, policy: PolicyDocument): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName }));
  await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'rekog-deploy', PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
  return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
}

/**
 * Wipes moto, makes a deployer holding `policy` and an administrator (who may do anything, to
 * change what the deployer made behind its back), then turns enforcement on: from here on every
 * call must be signed by a user of moto's IAM and is authorised against that user's policy.
 */
export async function enforcedUsers(moto: Moto, policy: PolicyDocument): Promise<{ deployer: Credentials; admin: Credentials }> {
  await resetAuth(moto, 'inf');
  await moto.reset();
  const iam = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    const deployer = await userWith(iam, 'deployer', policy);
    const admin = await userWith(iam, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] });
    await resetAuth(moto, '0');
    return { deployer, admin };
  } finally {
    iam.destroy();
  }
}

export async function stopEnforcing(moto: Moto): Promise<void> {
  await resetAuth(moto, 'inf');
}
