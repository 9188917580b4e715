import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { startSnsServer, type SnsServer } from '../../scripts/local/sns/server';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rekog-notifications';

describe('local SNS', () => {
  let directory: string;
  let file: string;
  let server: SnsServer;
  let client: SNSClient;
  let logged: string[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sns-'));
    file = join(directory, 'local', 'notifications.jsonl');
    logged = [];
    server = await startSnsServer({ port: 0, file, log: (line) => logged.push(line) });
    client = new SNSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('answers Publish from the real SDK client and appends the message to the file', async () => {
    const output = await client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: 'Labels for cat.jpg', Message: 'Cat 98.1%\nAnimal 98.1%' }));

    expect(output.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.$metadata.httpStatusCode).toBe(200);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messageId: output.MessageId,
      topicArn: TOPIC_ARN,
      subject: 'Labels for cat.jpg',
      message: 'Cat 98.1%\nAnimal 98.1%',
    });
    expect(logged).toEqual([
      `sns Publish to rekog-notifications (message ${output.MessageId})`,
      '  Subject: Labels for cat.jpg',
      '  | Cat 98.1%',
      '  | Animal 98.1%',
    ]);
  });

  it('appends one line per message, in order', async () => {
    await client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'first' }));
    await client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'second' }));

    const records = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { message: string; subject: unknown });
    expect(records.map((record) => record.message)).toEqual(['first', 'second']);
    expect(records[0].subject).toBeNull();
  });

  it('rejects a subject SNS would reject, with the SDK exception SNS would cause', async () => {
    const publish = client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: 'two\nlines', Message: 'hello' }));

    await expect(publish).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Subject', $metadata: { httpStatusCode: 400 } });
  });

  it('answers an unknown action with the SNS error shape and 400', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateTopic&Name=x&Version=2010-03-31',
    });

    expect(response.status).toBe(400);
    const xml = await response.text();
    expect(xml).toContain('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    expect(xml).toContain('<Code>InvalidAction</Code>');
    expect(xml).toContain('<Type>Sender</Type>');
  });

  it('fails Publish to a topic it was not told about with NotFound', async () => {
    const strict = await startSnsServer({ port: 0, file, log: () => undefined, topicArns: [TOPIC_ARN] });
    const strictClient = new SNSClient({ endpoint: strict.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const publish = strictClient.send(new PublishCommand({ TopicArn: `${TOPIC_ARN}-other`, Message: 'hello' }));

      await expect(publish).rejects.toMatchObject({ name: 'NotFoundException' });
    } finally {
      strictClient.destroy();
      await strict.close();
    }
  });
});
