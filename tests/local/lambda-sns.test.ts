import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFunction, type LocalFunction } from '../../scripts/local/lambda/run-handler';
import { startSnsServer, type SnsServer } from '../../scripts/local/sns/server';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rekog-notifications';

// The handler finds the SDK by absolute path because the temporary folder has no node_modules; on Lambda the runtime provides it.
const publishingHandler = `
  const { SNSClient, PublishCommand } = require(${JSON.stringify(require.resolve('@aws-sdk/client-sns'))});
  const client = new SNSClient({});
  exports.handler = async (event) => {
    const { MessageId } = await client.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Subject: 'Labels', Message: event.message }));
    return { messageId: MessageId, region: await client.config.region() };
  };`;

describe('a local function using the SDK', () => {
  let directory: string;
  let sns: SnsServer;
  let fn: LocalFunction | undefined;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lambda-sns-'));
    await writeFile(join(directory, 'index.js'), publishingHandler);
    sns = await startSnsServer({ port: 0, file: join(directory, 'notifications.jsonl'), log: () => undefined });
  });

  afterEach(async () => {
    await fn?.close();
    await sns.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('reaches the endpoint its own environment names, with no credentials from the shell', async () => {
    fn = startFunction({
      name: 'process-image-upload',
      bundlePath: join(directory, 'index.js'),
      env: { TOPIC_ARN, AWS_ENDPOINT_URL_SNS: sns.url },
      timeoutSeconds: 10,
      region: 'eu-central-1',
      onLog: () => undefined,
    });

    const result = (await fn.invoke({ message: 'Cat 98%' })) as { messageId: string; region: string };

    expect(result.region).toBe('eu-central-1');
    const record = JSON.parse((await readFile(join(directory, 'notifications.jsonl'), 'utf8')).trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ messageId: result.messageId, topicArn: TOPIC_ARN, subject: 'Labels', message: 'Cat 98%' });
  });
});
