import { SnsError } from './query-protocol';

export interface PublishRequest {
  topicArn: string;
  subject: string | null;
  message: string;
  messageAttributes: Record<string, { dataType: string; value: string }>;
}

// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
const MAX_MESSAGE_BYTES = 256 * 1024;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * Reads and checks Publish's parameters with SNS's own rules, so that what fails on AWS fails here too: a subject
 * built from a file name with a newline in it, or a message over 256 KB.
 */
export function parsePublishRequest(parameters: Map<string, string>, knownTopicArns?: string[]): PublishRequest {
  const topicArn = parameters.get('TopicArn') ?? parameters.get('TargetArn');
  if (!topicArn) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  if (!TOPIC_ARN.test(topicArn)) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn');
  if (knownTopicArns && !knownTopicArns.includes(topicArn)) throw new SnsError('NotFound', 'Topic does not exist', 404);

  const message = parameters.get('Message');
  if (message === undefined) {
    throw new SnsError('ValidationError', "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
  }
  if (message === '') throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');
  if (parameters.get('MessageStructure') === 'json' && !hasDefaultEntry(message)) {
    throw new SnsError('InvalidParameter', 'Invalid parameter: Message Structure - No default entry in JSON message body');
  }

  const subject = parameters.get('Subject') ?? null;
  // "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long."
  if (subject !== null && (subject.length === 0 || subject.length >= 100 || /[\u0000-\u001f\u007f]/.test(subject))) {
    throw new SnsError('InvalidParameter', 'Invalid parameter: Subject');
  }
  return { topicArn, subject, message, messageAttributes: parseMessageAttributes(parameters) };
}

/** `MessageAttributes.entry.1.Name=x&MessageAttributes.entry.1.Value.DataType=String&…Value.StringValue=y` */
function parseMessageAttributes(parameters: Map<string, string>): Record<string, { dataType: string; value: string }> {
  const attributes: Record<string, { dataType: string; value: string }> = {};
  for (let index = 1; parameters.has(`MessageAttributes.entry.${index}.Name`); index += 1) {
    const prefix = `MessageAttributes.entry.${index}`;
    attributes[parameters.get(`${prefix}.Name`) as string] = {
      dataType: parameters.get(`${prefix}.Value.DataType`) ?? 'String',
      value: parameters.get(`${prefix}.Value.StringValue`) ?? parameters.get(`${prefix}.Value.BinaryValue`) ?? '',
    };
  }
  return attributes;
}

function hasDefaultEntry(message: string): boolean {
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as Record<string, unknown>).default === 'string';
  } catch {
    return false;
  }
}
