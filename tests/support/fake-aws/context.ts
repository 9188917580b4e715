import type { ApiGatewayState } from './apigateway';
import type { CloudFrontState } from './cloudfront';
import type { CloudWatchState } from './cloudwatch';
import type { DynamoDbState } from './dynamodb';
import type { IamState } from './iam';
import type { LambdaState } from './lambda';
import type { LogsState } from './logs';
import type { S3State } from './s3';
import type { SnsState } from './sns';
import type { SqsState } from './sqs';
import type { Clock } from '../../../scripts/lib/engine/clock';
import type { Realities } from './realities';

export interface FakeState {
  iam: IamState;
  s3: S3State;
  dynamodb: DynamoDbState;
  sns: SnsState;
  lambda: LambdaState;
  logs: LogsState;
  apigateway: ApiGatewayState;
  cloudwatch: CloudWatchState;
  cloudfront: CloudFrontState;
  sqs: SqsState;
}

export interface FakeAwsOptions {
  accountId?: string;
  region?: string;
  /** Shared with the engine's context in whole runs, so that its waits and the fake's windows agree. */
  clock?: Clock;
  /** Which of AWS's delays to show, in simulated time (none by default, as an emulator). */
  realities?: Partial<Realities>;
  /** Functions that Lambda fails to create, by name: they end in state Failed with this reason. */
  failingFunctions?: Record<string, { reasonCode: string; reason: string }>;
}

export interface FakeContext {
  accountId: string;
  region: string;
  now(): Date;
  realities: Realities;
  ids: IdRegistry;
  state: FakeState;
  options: FakeAwsOptions;
}

/** A handler takes the command's input and returns its output without `$metadata`. */
export type Operation = (input: never) => unknown;
export type Operations = Record<string, Operation>;

/** The output type of a command, as a handler returns it. */
export type Out<T> = Omit<T, '$metadata'>;

/**
 * Ids that AWS generates at random (API ids, role ids, subscription ids) differ between two runs
 * that did the same thing. Each is registered with a placeholder named after what it identifies,
 * so snapshots of two deployments compare equal, including where an id is embedded in an ARN.
 */
export class IdRegistry {
  readonly placeholders = new Map<string, string>();
  private readonly used = new Set<string>();

  register(id: string, placeholder: string): string {
    let unique = placeholder;
    for (let n = 2; this.used.has(unique); n += 1) unique = `${placeholder}#${n}`;
    this.used.add(unique);
    this.placeholders.set(id, `<${unique}>`);
    return id;
  }

  normalise(text: string): string {
    const ids = [...this.placeholders.keys()].sort((a, b) => b.length - a.length);
    return ids.reduce((result, id) => result.split(id).join(this.placeholders.get(id) as string), text);
  }
}
