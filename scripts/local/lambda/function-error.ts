/** The error object the Lambda runtime returns for a failed invocation. */
export interface LambdaErrorObject {
  errorType: string;
  errorMessage: string;
  stack?: string;
}

/**
 * A failed invocation, seen from the caller: `errorType` is the handler's error name or one of the runtime's
 * (`Sandbox.Timedout`, `Runtime.ImportModuleError`, `Runtime.ExitError`…); `stack` is the handler's own stack.
 */
export class FunctionError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;

  constructor(
    readonly functionName: string,
    readonly requestId: string,
    error: LambdaErrorObject,
  ) {
    super(error.errorMessage);
    this.name = 'FunctionError';
    this.errorType = error.errorType;
    this.errorMessage = error.errorMessage;
    this.stack = error.stack ?? `${error.errorType}: ${error.errorMessage}`;
  }

  toJSON(): LambdaErrorObject {
    return { errorType: this.errorType, errorMessage: this.errorMessage, stack: this.stack };
  }
}

export function timeoutError(requestId: string, timeoutSeconds: number): LambdaErrorObject {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` };
}

export function exitError(requestId: string, exitCode: number): LambdaErrorObject {
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${exitCode}` };
}

/** Serialises whatever a worker reported (an Error cloned across threads, or anything thrown) into the runtime's shape. */
export function toErrorObject(error: unknown): LambdaErrorObject {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message, stack: error.stack };
  return { errorType: typeof error, errorMessage: String(error) };
}
