// @20minutes/s3rver (the maintained fork of s3rver) ships no types; this covers the part the local cloud uses.
declare module '@20minutes/s3rver' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    interface BucketConfig {
      name: string;
      /** CORSConfiguration or WebsiteConfiguration XML documents. */
      configs?: Array<string | Buffer>;
    }

    interface Options {
      address?: string;
      port?: number;
      silent?: boolean;
      directory?: string;
      resetOnClose?: boolean;
      allowMismatchedSignatures?: boolean;
      vhostBuckets?: boolean;
      serviceEndpoint?: string;
      configureBuckets?: BucketConfig[];
    }

    /** One record of s3rver's 'event', which differs from S3's (see scripts/local/s3/events.ts). */
    interface EventRecord {
      eventName: string;
      eventTime: string;
      requestParameters: { sourceIPAddress: string };
      s3: {
        bucket: { name: string };
        object: { key: string; size?: number; eTag?: string; sequencer: string };
      };
    }

    interface Event {
      Records: EventRecord[];
    }

    interface Store {
      /** Throws ENOENT for a missing object; `etag` is the quoted MD5. */
      getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
    }
  }

  /** A Koa application. */
  class S3rver extends EventEmitter {
    constructor(options?: S3rver.Options);
    readonly store: S3rver.Store;
    /** Koa's: trust X-Forwarded-For for the client's address. */
    proxy: boolean;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
    /** Creates the buckets of `configureBuckets`; run() does it before it listens. */
    configureBuckets(): Promise<void>;
    /** The request listener, for a server of one's own. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: 'event', listener: (event: S3rver.Event) => void): this;
    on(event: string | symbol, listener: (...args: unknown[]) => void): this;
  }

  export = S3rver;
}

declare module '@20minutes/s3rver/lib/models/account' {
  interface AwsAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  }
  export const DUMMY_ACCOUNT: AwsAccount;
}
