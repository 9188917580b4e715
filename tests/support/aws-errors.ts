import { S3ServiceException } from '@aws-sdk/client-s3';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, $fault: 'client' as const });

/** An S3 error that the SDK has no class for (it throws S3ServiceException with that name). */
export function s3Error(name: string, httpStatusCode = 404): S3ServiceException {
  return new S3ServiceException({ name, message: name, ...metadata(httpStatusCode) });
}

/** Builds one of the SDK's modelled exceptions as the SDK would throw it. */
export function awsError<T>(Exception: new (options: { message: string; $metadata: object }) => T, httpStatusCode = 400): T {
  return new Exception({ message: 'from test', $metadata: { httpStatusCode } });
}

/** The commands a mocked client was sent that are not reads (Get, List, Describe, Head): `up` of an unchanged stack sends none. */
export function writeCommands(...stubs: { calls(): { args: unknown[] }[] }[]): string[] {
  return stubs
    .flatMap((stub) => stub.calls().map((call) => (call.args[0] as object).constructor.name))
    .filter((name) => !/^(Get|List|Describe|Head)/.test(name));
}
