/** The Rekognition error codes this endpoint can answer with; each is a modelled exception class in the SDK. */
export type RekognitionErrorType =
  | 'InvalidImageFormatException'
  | 'ImageTooLargeException'
  | 'InvalidS3ObjectException'
  | 'InvalidParameterException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'AccessDeniedException'
  | 'InternalServerError';

/** An error the endpoint returns to the caller in the AWS JSON 1.1 error shape. */
export class RekognitionError extends Error {
  constructor(
    readonly type: RekognitionErrorType,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
  }

  get statusCode(): number {
    if (this.type === 'InternalServerError') return 500;
    return this.type === 'AccessDeniedException' ? 403 : 400;
  }
}
