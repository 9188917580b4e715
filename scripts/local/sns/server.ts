import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { parsePublishRequest, type PublishRequest } from './publish';
import { errorResponseXml, parseQueryParameters, publishResponseXml, SnsError } from './query-protocol';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { startHttpService, type Problem, type Reply } from '../http/start-server';

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
  return startHttpService({
    name: 'sns',
    port: options.port,
    host: options.host ?? '127.0.0.1',
    log: options.log,
    reply: (problem) => errorReply(PROBLEM_ERRORS[problem]()),
    handle: (request, response) => handleRequest(request, response, options, record),
  });
}

const PROBLEM_ERRORS: Record<Problem, () => SnsError> = {
  'bad-request': () => new SnsError('MalformedQueryString', 'The request could not be read'),
  'unknown-host': () => new SnsError('AccessDenied', 'Access Denied', 403),
  timeout: () => new SnsError('RequestTimeout', 'The request was not received in time', 408),
  'headers-too-large': () => new SnsError('MalformedQueryString', 'The request headers are too large', 431),
  'internal-error': () => new SnsError('InternalError', 'The local SNS endpoint failed', 500, 'Receiver'),
};

function errorReply(error: SnsError): Reply {
  return { status: error.statusCode, headers: { 'Content-Type': 'text/xml' }, body: errorResponseXml(error, randomUUID()) };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: SnsServerOptions,
  record: (notification: NotificationRecord) => Promise<void>,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const search = (request.url ?? '').split('?')[1] ?? '';
    const parameters = parseQueryParameters((await readRequest(request)).toString('utf8'), search);
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

async function readRequest(request: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(request, MAX_REQUEST_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new SnsError('RequestEntityTooLarge', 'Request body too large', 413);
    throw error;
  }
}
