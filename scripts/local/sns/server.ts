import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { parsePublishRequest, type PublishRequest } from './publish';
import { errorResponseXml, parseQueryParameters, publishResponseXml, SnsError } from './query-protocol';
import { listen } from '../serve';

export interface SnsServerOptions {
  port: number;
  host?: string;
  /** Where every published message is appended as one JSON line (.rekog/local/notifications.jsonl). */
  file: string;
  log: (line: string) => void;
  /** When given, Publish to any other topic fails with NotFound, as it would on AWS. */
  topicArns?: string[];
}

export interface SnsServer {
  url: string;
  close(): Promise<void>;
}

/** One line of notifications.jsonl. */
export interface NotificationRecord {
  time: string;
  messageId: string;
  topicArn: string;
  subject: string | null;
  message: string;
  messageAttributes?: PublishRequest['messageAttributes'];
}

// Well above SNS's 256 KB message limit, so an oversized message gets SNS's own error rather than a cut connection.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

/** A local SNS endpoint for Publish that an unmodified @aws-sdk/client-sns can call; messages go to a file and the log. */
export async function startSnsServer(options: SnsServerOptions): Promise<SnsServer> {
  await mkdir(dirname(options.file), { recursive: true });
  let writes = Promise.resolve();
  const record = (notification: NotificationRecord): Promise<void> => {
    // One write at a time keeps the lines whole and in the order the messages were accepted.
    const written = writes.then(() => appendFile(options.file, `${JSON.stringify(notification)}\n`));
    writes = written.catch(() => undefined);
    return written;
  };
  const server = createServer((request, response) => {
    void handleRequest(request, response, options, record);
  });
  return listen(server, options.port, options.host);
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: SnsServerOptions,
  record: (notification: NotificationRecord) => Promise<void>,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const url = new URL(request.url ?? '/', 'http://sns');
    const parameters = parseQueryParameters(await readBody(request), url.search);
    const action = parameters.get('Action');
    if (action !== 'Publish') {
      throw new SnsError('InvalidAction', `Could not find operation ${action ?? '(no Action)'} for version ${parameters.get('Version') ?? '2010-03-31'}`);
    }
    const publish = parsePublishRequest(parameters, options.topicArns);
    const notification: NotificationRecord = {
      time: new Date().toISOString(),
      messageId: randomUUID(),
      topicArn: publish.topicArn,
      subject: publish.subject,
      message: publish.message,
      ...(Object.keys(publish.messageAttributes).length > 0 && { messageAttributes: publish.messageAttributes }),
    };
    await record(notification);
    sendXml(response, 200, requestId, publishResponseXml(notification.messageId, requestId));
    for (const line of describeNotification(notification)) options.log(line);
  } catch (caught) {
    const error = caught instanceof SnsError ? caught : new SnsError('InternalError', 'The local SNS endpoint failed', 500, 'Receiver');
    sendXml(response, error.statusCode, requestId, errorResponseXml(error, requestId));
    const cause = caught instanceof SnsError ? '' : ` (${caught instanceof Error ? caught.stack : String(caught)})`;
    options.log(`sns ${error.statusCode} ${error.code}: ${error.message}${cause}`);
  }
}

/** How a message is shown on the console: what an e-mail subscriber would see. */
export function describeNotification(notification: NotificationRecord): string[] {
  const topic = notification.topicArn.split(':').pop();
  return [
    `sns Publish to ${topic} (message ${notification.messageId})`,
    ...(notification.subject === null ? [] : [`  Subject: ${notification.subject}`]),
    ...notification.message.split(/\r?\n/).map((line) => `  | ${line}`),
  ];
}

function sendXml(response: ServerResponse, statusCode: number, requestId: string, xml: string): void {
  response.writeHead(statusCode, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(xml) });
  response.end(xml);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) reject(new SnsError('RequestEntityTooLarge', 'Request body too large', 413));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
