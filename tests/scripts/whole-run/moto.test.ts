import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { GetDistributionConfigCommand, ListDistributionsCommand, ListOriginAccessControlsCommand } from '@aws-sdk/client-cloudfront';
import { GetBucketPolicyCommand, GetBucketWebsiteCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { PLAN } from '../../../scripts/plan';
import { SECURITY_HEADERS_POLICY_ID } from '../../../scripts/lib/builders/site-distribution';
import { createClients, destroyClients } from '../../../scripts/lib/engine/clients';
import { createContext } from '../../../scripts/lib/engine/context';
import { silentReporter } from '../../../scripts/lib/engine/reporter';
import { runUp } from '../../../scripts/lib/engine/runner';
import { callCounter } from '../../support/fake-aws';
import { testSettings } from '../../support/context';
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoForTheseTests } from '../../support/moto';
import { runCli, runCliProcess } from '../../support/cli';

jest.setTimeout(120_000);

describeWithMoto('the CLI against an AWS-API emulator (moto), as a user runs it against LocalStack', () => {
  const moto = motoForTheseTests();
  const userEnvironment = () => ({ ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto().endpoint, AWS_REGION: 'us-east-1', REKOG_STACK: 'motorun' });
  const cli = (...args: string[]) => runCli(args, userEnvironment());

  test('before any up, outputs and status say the stack is not deployed, exit 3', async () => {
    const notDeployed = /^error: Stack "motorun" is not deployed in us-east-1: none of its resources exist\. Deploy it with `rekog-deploy up`/;
    // This one through bin/rekog-deploy.js in a process of its own, as a user starts it; the others call main() in this process.
    const outputs = await runCliProcess(['outputs'], userEnvironment());
    expect(outputs).toMatchObject({ status: 3, stdout: '' });
    expect(outputs.stderr).toMatch(notDeployed);

    const status = await cli('status');
    expect(status.status).toBe(3);
    expect(status.stdout).toContain('missing');
    expect(status.stderr).toMatch(/Stack "motorun" is not deployed in us-east-1/);
    expect(JSON.parse((await cli('status', '--json')).stdout)).toMatchObject({ deployed: false });
  });

  test('up deploys the whole stack, a second up changes nothing, status sees it all, down --yes leaves nothing and lists it, a second down finds nothing', async () => {
    const first = await cli('up', '--json');
    expect(first).toMatchObject({ status: 0 });
    const deployed = JSON.parse(first.stdout);
    expect(deployed.steps.map((step: { action: string }) => step.action)).toEqual(Array(PLAN.length).fill('created'));
    expect(deployed.apiUrl).toContain(moto().endpoint);
    expect(deployed.siteUrl).toMatch(/^https:\/\/[a-z0-9]+\.cloudfront\.net\/$/);
    await expectThePrivateSiteBehindCloudFront(deployed.siteUrl);

    const second = await cli('up', '--json');
    expect(JSON.parse(second.stdout).steps.map((step: { action: string }) => step.action)).toEqual(Array(PLAN.length).fill('unchanged'));

    const status = JSON.parse((await cli('status', '--json')).stdout);
    expect(status.deployed).toBe(true);
    const states = status.steps.flatMap((step: { resources: { state: string }[] }) => step.resources.map((resource) => resource.state));
    expect(new Set(states)).toEqual(new Set(['present']));

    const outputs = JSON.parse((await cli('outputs', '--json')).stdout);
    expect(Object.keys(outputs).sort()).toEqual(['apiUrl', 'functions', 'region', 'siteBucket', 'siteUrl', 'stack', 'table', 'topicArn', 'uploadBucket']);
    expect(outputs.apiUrl).toBe(deployed.apiUrl);

    const down = await cli('down', '--yes', '--json');
    expect(down).toMatchObject({ status: 0 });
    const removed = JSON.parse(down.stdout);
    const deleted = removed.steps.flatMap((step: { deleted: unknown[] }) => step.deleted);
    expect(deleted).toHaveLength(30);
    expect(deleted).toEqual(
      expect.arrayContaining([
        { kind: 'Lambda function', name: 'motorun-process-image-upload' },
        { kind: 'Log group', name: '/aws/lambda/motorun-process-image-upload' },
        { kind: 'IAM role', name: 'motorun-process-image-upload-role' },
        { kind: 'Upload bucket', name: `motorun-uploads-${MOTO_ACCOUNT_ID}-us-east-1` },
        { kind: 'CloudFront distribution', name: expect.stringMatching(/^\w+ \(\w+\.cloudfront\.net\)$/) },
        { kind: 'Invoke permission', name: 'motorun-api → motorun-detect-labels' },
      ]),
    );
    expect(removed.steps.find((step: { step: string }) => step.step === 'create-function')).toMatchObject({ action: 'deleted', kept: [], leftAlone: [], notOurs: [] });
    const after = JSON.parse((await cli('status', '--json')).stdout);
    const left = after.steps.flatMap((step: { resources: { state: string; name: string }[] }) => step.resources.filter((r) => r.state !== 'missing'));
    expect(left).toEqual([]);

    expect(await cli('down', '--yes')).toMatchObject({
      status: 0,
      stdout: 'Removing stack "motorun" from us-east-1\nNothing to delete: stack "motorun" has no resources in us-east-1.\n',
    });
  });

  /** What `up` left in the emulator for the site: a distribution over HTTPS, its OAC, a bucket only it may read. */
  async function expectThePrivateSiteBehindCloudFront(siteUrl: string): Promise<void> {
    const clients = createClients({ region: 'us-east-1', env: process.env });
    try {
      const { DistributionList } = await clients.cloudfront.send(new ListDistributionsCommand({}));
      const summary = DistributionList?.Items?.find((item) => siteUrl.includes(item.DomainName ?? '?'));
      const { DistributionConfig: config } = await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: summary?.Id }));
      expect(config).toMatchObject({
        Enabled: true,
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', Compress: true, ResponseHeadersPolicyId: SECURITY_HEADERS_POLICY_ID },
      });
      const { OriginAccessControlList } = await clients.cloudfront.send(new ListOriginAccessControlsCommand({}));
      expect(OriginAccessControlList?.Items?.map((item) => item.Name)).toEqual(['motorun-site-us-east-1']);
      const Bucket = `motorun-site-${MOTO_ACCOUNT_ID}-us-east-1`;
      const { PublicAccessBlockConfiguration } = await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket }));
      expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      const policy = JSON.parse((await clients.s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '{}');
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${MOTO_ACCOUNT_ID}:distribution/${summary?.Id}` } } }),
      ]);
      await expect(clients.s3.send(new GetBucketWebsiteCommand({ Bucket }))).rejects.toMatchObject({ name: 'NoSuchWebsiteConfiguration' });
    } finally {
      destroyClients(clients);
    }
  }

  test('create-sns --email subscribes the address, as up --email does', async () => {
    await moto().reset();
    const result = await cli('create-sns', '--email', 'deployer@example.com', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ step: 'create-sns', changes: ['subscribed deployer@example.com'], outputs: { subscription: expect.stringContaining('deployer@example.com') } });
  });

  test('a step run alone names the step to run first when what it needs is missing', async () => {
    await moto().reset();
    const result = await cli('create-api');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('create-api needs create-function');
    expect(result.stderr).toContain('rekog-deploy create-function');
  });

  test('a step file runs directly, as its subcommand does', async () => {
    await moto().reset();
    const env = { ...process.env, ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto().endpoint, AWS_REGION: 'us-east-1' };
    const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
    const script = path.resolve(__dirname, '../../../scripts/04-create-table.ts');
    const { stdout } = await promisify(execFile)(tsx, [script, '--stack', 'direct', '--json'], { env });
    expect(JSON.parse(stdout)).toMatchObject({ step: 'create-table', action: 'created', outputs: { table: 'direct-results' } });
  });

  test('a second up makes zero write calls against the emulator', async () => {
    await moto().reset();
    const settings = testSettings({ stack: 'counted' });
    await runUp(await createContext({ settings, log: silentReporter }), PLAN);
    const counter = callCounter();
    await runUp(await createContext({ settings, log: silentReporter, hooks: [counter.hook] }), PLAN);
    expect(counter.writes()).toEqual([]);
    expect(counter.reads().length).toBeGreaterThan(20);
  });
});
