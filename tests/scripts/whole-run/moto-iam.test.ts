import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { AttachRolePolicyCommand, CreatePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketWebsiteCommand } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { deployerPolicy } from '../../../scripts/lib/builders/deployer-policy';
import { buildNames } from '../../../scripts/lib/builders/names';
import { createClients, destroyClients } from '../../../scripts/lib/engine/clients';
import { createContext, type Context } from '../../../scripts/lib/engine/context';
import { toDeployError, type DeployError } from '../../../scripts/lib/engine/errors';
import { silentReporter } from '../../../scripts/lib/engine/reporter';
import { runDown, runStatus, runUp } from '../../../scripts/lib/engine/runner';
import { functionActivity } from '../../../scripts/lib/resources/function-metrics';
import { runLogs } from '../../../scripts/logs/logs-command';
import { PLAN } from '../../../scripts/plan';
import { testSettings } from '../../support/context';
import { describeWithMoto, MOTO_ACCOUNT_ID, motoForTheseTests } from '../../support/moto';
import { copyOfProject } from './harness';
import { actionsMotoCanTellApart, cloudFrontTagsShim, enforcedUsers, motoPolicy, stopEnforcing, type Credentials } from '../../support/moto-iam';

jest.setTimeout(600_000);

// With an e-mail address, so that subscribing and unsubscribing are part of the run.
const settings = testSettings({ stack: 'iamrun', notificationEmail: 'deployer@example.com' });
const names = buildNames(settings.stack, MOTO_ACCOUNT_ID, settings.region);
const policy = deployerPolicy(names, { partition: 'aws', region: settings.region, accountId: MOTO_ACCOUNT_ID });
const ALL_ACTIONS = new Set(policy.Statement.flatMap((statement) => statement.Action));
const SILENT = { write: () => true };
const CHANGED_WITHOUT_ASKING = `arn:aws:iam::${MOTO_ACCOUNT_ID}:policy/attached-by-someone`;

/** One action of each service for every `npm test`; `npm run test:policy` (REKOG_POLICY_SWEEP=1, run by .ci/run) removes each in turn. */
const SAMPLE = [
  'iam:PutRolePolicy', 's3:PutBucketCORS', 'dynamodb:UpdateTimeToLive', 'sns:Unsubscribe', 'lambda:UpdateFunctionCode', 'logs:PutRetentionPolicy',
  'apigateway:PATCH', 'cloudwatch:PutMetricAlarm', 'cloudwatch:GetMetricData', 'logs:FilterLogEvents', 's3:DeleteObjectVersion', 'iam:DetachRolePolicy',
  'cloudfront:DeleteDistribution', 'sqs:CreateQueue', 'lambda:PutFunctionConcurrency',
];

const changedProject = copyOfProject();
appendFileSync(path.join(changedProject.functions, 'detect-labels.ts'), '\nexport const revision = "2";\n');
appendFileSync(path.join(changedProject.site, 'app.js'), '\n// revision 2\n');

type Command = 'up' | 'someone changes resources' | 'up with changes' | 'status' | 'logs' | 'down';
const SESSION: Command[] = ['up', 'someone changes resources', 'up with changes', 'status', 'logs', 'down'];

/** What an administrator changes between two runs: a role's trust policy and a managed policy attached to it, a website on the private site bucket, the queue's retention. */
async function changeARoleBehindItsBack(admin: Credentials): Promise<void> {
  const clients = createClients({ region: settings.region, credentials: admin });
  try {
    const RoleName = names.roles['detect-labels'];
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trust) }));
    const managed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] };
    await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'attached-by-someone', PolicyDocument: JSON.stringify(managed) }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: CHANGED_WITHOUT_ASKING }));
    await clients.s3.send(new PutBucketWebsiteCommand({ Bucket: names.siteBucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.failedUploadsQueue }));
    await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { MessageRetentionPeriod: '60' } }));
  } finally {
    destroyClients(clients);
  }
}

/** Runs the commands in turn as the deployer; the first refusal ends the session. */
async function session(users: { deployer: Credentials; admin: Credentials }): Promise<{ completed: Command[]; failure?: DeployError }> {
  const clients = createClients({ region: settings.region, credentials: users.deployer, hooks: [cloudFrontTagsShim()] });
  const completed: Command[] = [];
  try {
    const ctx = await createContext({ settings, log: silentReporter, clients });
    // A changed handler and page, another runtime and no reserved concurrency: new code, a new configuration, an invalidation.
    const later: Context = { ...ctx, settings: { ...settings, runtime: 'nodejs20.x', processConcurrency: 0 }, paths: changedProject };
    for (const command of SESSION) {
      if (command === 'up') await runUp(ctx, PLAN);
      if (command === 'someone changes resources') await changeARoleBehindItsBack(users.admin);
      if (command === 'up with changes') await runUp(later, PLAN);
      if (command === 'status') {
        const { failures } = await runStatus(later, PLAN);
        if (failures.length) throw failures[0].error;
        await functionActivity(later);
      }
      if (command === 'logs') {
        await runLogs({ fn: 'process', since: '5m', follow: false, json: true, verbose: false, out: SILENT, err: SILENT, source: { kind: 'aws', client: ctx.clients.logs, names: ctx.names } });
      }
      if (command === 'down') await runDown(later, PLAN, { keepData: false });
      completed.push(command);
    }
    return { completed };
  } catch (error) {
    return { completed, failure: toDeployError(error) };
  } finally {
    destroyClients(clients);
  }
}

describeWithMoto('a deployer holding exactly the `rekog-deploy policy` actions, against moto with IAM enforced', () => {
  const moto = motoForTheseTests(stopEnforcing);

  test('up, a second up that puts changed resources right and updates code, page and configuration, status, logs and down all succeed', async () => {
    const result = await session(await enforcedUsers(moto(), motoPolicy(ALL_ACTIONS)));
    expect(result.failure?.message).toBeUndefined();
    expect(result.completed).toEqual(SESSION);
  });

  test('an identity with no permission at all is refused at once, with the action named', async () => {
    const result = await session(await enforcedUsers(moto(), motoPolicy(new Set())));
    expect(result.failure).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringMatching(/Access denied for \w+:\w+/) });
    expect(result.completed).toEqual([]);
  });

  const sweep = process.env.REKOG_POLICY_SWEEP === '1' ? actionsMotoCanTellApart(ALL_ACTIONS) : SAMPLE;
  test.each(sweep)('without %s, the run fails with a message naming it', async (removed) => {
    const result = await session(await enforcedUsers(moto(), motoPolicy(new Set([...ALL_ACTIONS].filter((action) => action !== removed)))));
    expect(result.failure).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining(removed) });
  });
});
