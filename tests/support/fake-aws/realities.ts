/**
 * How real AWS lags behind what it was just told, each as a window of simulated time. An emulator
 * answers as if every window were 0; AWS does not. Whole runs switch these on to show that `up` and
 * `down` succeed in one go all the same.
 */
export interface Realities {
  /**
   * A role created or given a new trust policy less than this ago cannot be assumed by Lambda yet:
   * CreateFunction and UpdateFunctionConfiguration naming it answer InvalidParameterValueException
   * (hashicorp/terraform-provider-aws#44517: usually seconds, minutes documented).
   */
  rolePropagationMs: number;
  /** Right after BlockPublicPolicy is turned off, a public PutBucketPolicy is still refused (AccessDenied). */
  publicAccessBlockPropagationMs: number;
  /** CreateBucket of a name deleted less than this ago answers 409 OperationAborted (aws/aws-cli#2593). */
  bucketNameReleaseMs: number;
  /** DeleteTable leaves the table DELETING this long; CreateTable of its name answers ResourceInUseException. */
  tableDeletionMs: number;
  /** CreateTable leaves it CREATING this long; DeleteTable and UpdateTimeToLive answer ResourceInUseException. */
  tableCreationMs: number;
  /** S3 cannot validate a Lambda destination this soon after AddPermission (InvalidArgument). */
  permissionPropagationMs: number;
  /** A new or changed CloudFront distribution is InProgress this long (minutes on AWS), and cannot be deleted meanwhile. */
  distributionDeployMs: number;
  /** CreateQueue of a name deleted less than this ago answers QueueDeletedRecently (60 seconds, SQS's CreateQueue). */
  queueNameReleaseMs: number;
  /** Simulated time every call takes, so that time passes between calls (a round trip). */
  callLatencyMs: number;
  /**
   * Simulated time a read takes when it finds a resource still changing (a distribution InProgress,
   * a table CREATING or DELETING): that is what a waiter polls, and it waits between two polls
   * (1 to 10 s with the engine's waiter bounds).
   */
  pollIntervalMs: number;
}

export const NO_DELAYS: Realities = {
  rolePropagationMs: 0,
  publicAccessBlockPropagationMs: 0,
  bucketNameReleaseMs: 0,
  tableDeletionMs: 0,
  tableCreationMs: 0,
  permissionPropagationMs: 0,
  distributionDeployMs: 0,
  queueNameReleaseMs: 0,
  callLatencyMs: 0,
  pollIntervalMs: 0,
};

/** Windows in the range AWS shows (and the issues above report), all at once. */
export const AWS_REALITIES: Realities = {
  rolePropagationMs: 60_000,
  publicAccessBlockPropagationMs: 5_000,
  bucketNameReleaseMs: 45_000,
  tableDeletionMs: 20_000,
  tableCreationMs: 5_000,
  permissionPropagationMs: 4_000,
  distributionDeployMs: 90_000,
  queueNameReleaseMs: 60_000,
  callLatencyMs: 1_000,
  pollIntervalMs: 10_000,
};

/** True while `since` + `windowMs` has not passed yet. */
export function stillWithin(now: Date, since: number | undefined, windowMs: number): boolean {
  return since !== undefined && now.getTime() < since + windowMs;
}
