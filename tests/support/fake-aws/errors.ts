import { APIGatewayServiceException } from '@aws-sdk/client-api-gateway';
import { CloudFrontServiceException } from '@aws-sdk/client-cloudfront';
import { CloudWatchServiceException } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsServiceException } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { IAMServiceException } from '@aws-sdk/client-iam';
import { LambdaServiceException } from '@aws-sdk/client-lambda';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { SNSServiceException } from '@aws-sdk/client-sns';
import { SQSServiceException } from '@aws-sdk/client-sqs';
import { STSServiceException } from '@aws-sdk/client-sts';
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '../../../scripts/lib/engine/clients';

interface ErrorMetadata {
  httpStatusCode: number;
  requestId: string;
  attempts: number;
  totalRetryDelay: number;
}

/** The constructor every modelled SDK exception shares: `new NoSuchEntityException({ message, $metadata })`. */
type ModelledException = new (options: { message: string; $metadata: ErrorMetadata }) => Error;

const BASE_EXCEPTIONS = {
  apigateway: APIGatewayServiceException,
  cloudfront: CloudFrontServiceException,
  cloudwatch: CloudWatchServiceException,
  logs: CloudWatchLogsServiceException,
  dynamodb: DynamoDBServiceException,
  iam: IAMServiceException,
  lambda: LambdaServiceException,
  s3: S3ServiceException,
  sns: SNSServiceException,
  sqs: SQSServiceException,
  sts: STSServiceException,
} satisfies Record<ServiceName, unknown>;

function metadata(httpStatusCode: number): ErrorMetadata {
  return { httpStatusCode, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 };
}

/** The SDK's own exception class, as its deserialiser would build it from the service's answer. */
export function awsError(Exception: ModelledException, httpStatusCode: number, message: string): Error {
  return new Exception({ message, $metadata: metadata(httpStatusCode) });
}

/**
 * An error the service model does not declare (S3's NoSuchBucketPolicy, IAM's 503s): the SDK
 * throws the service's base exception carrying the error code as `name`, and so does the fake.
 */
export function unmodelledError(service: ServiceName, name: string, httpStatusCode: number, message: string): Error {
  return new BASE_EXCEPTIONS[service]({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: metadata(httpStatusCode),
    message,
  });
}

/** A gap in the fake, not an AWS error: the message names the call so the gap is easy to fill. */
export class UnimplementedOperationError extends Error {
  constructor(readonly action: string) {
    super(`fake-aws does not implement ${action}: add it under tests/support/fake-aws/`);
    this.name = 'UnimplementedOperationError';
  }
}
