/**
 * The AWS Query protocol as SNS speaks it: form-encoded parameters in, XML out. The installed
 * @aws-sdk/client-sns still uses it (AwsQueryProtocol, not AWS JSON), so this is what arrives.
 * https://docs.aws.amazon.com/sns/latest/api/CommonParameters.html
 */
export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** An error in SNS's shape; `code` is what the SDK turns into an exception class (InvalidParameter → InvalidParameterException). */
export class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'SnsError';
  }
}

export function parseQueryParameters(body: string, search = ''): Map<string, string> {
  return new Map([...new URLSearchParams(search), ...new URLSearchParams(body)]);
}

export function publishResponseXml(messageId: string, requestId: string): string {
  return [
    '<?xml version="1.0"?>',
    `<PublishResponse xmlns="${SNS_XML_NAMESPACE}">`,
    `  <PublishResult>`,
    `    <MessageId>${escapeXml(messageId)}</MessageId>`,
    `  </PublishResult>`,
    `  <ResponseMetadata>`,
    `    <RequestId>${escapeXml(requestId)}</RequestId>`,
    `  </ResponseMetadata>`,
    `</PublishResponse>`,
  ].join('\n');
}

export function errorResponseXml(error: SnsError, requestId: string): string {
  return [
    '<?xml version="1.0"?>',
    `<ErrorResponse xmlns="${SNS_XML_NAMESPACE}">`,
    `  <Error>`,
    `    <Type>${error.type}</Type>`,
    `    <Code>${escapeXml(error.code)}</Code>`,
    `    <Message>${escapeXml(error.message)}</Message>`,
    `  </Error>`,
    `  <RequestId>${escapeXml(requestId)}</RequestId>`,
    `</ErrorResponse>`,
  ].join('\n');
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
