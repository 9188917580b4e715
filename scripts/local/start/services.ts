import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LOCAL_HOST, type LocalPaths } from '../local-paths';
import { startRekognitionServer } from '../rekognition/server';
import { startSnsServer } from '../sns/server';
import { startWithClosers } from './closers';

export interface Services {
  rekognitionUrl: string;
  snsUrl: string;
  /** Resolves with the model's load time once the Rekognition worker has it. */
  modelLoaded(): Promise<number>;
  close(): Promise<void>;
}

/** The services the handlers call besides storage: Rekognition's DetectLabels and SNS's Publish. */
export function startServices(options: { data: LocalPaths; s3: S3Client; topicArn: string; preloadModel?: boolean; log: (line: string) => void }): Promise<Services> {
  return startWithClosers(async (onClose) => {
    const rekognition = await startRekognitionServer({
      port: 0,
      host: LOCAL_HOST,
      log: options.log,
      preloadModel: options.preloadModel,
      readObject: async (Bucket, Key, VersionId) => {
        const object = await options.s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
        return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      },
    });
    onClose(() => rekognition.close());
    const sns = await startSnsServer({ port: 0, host: LOCAL_HOST, file: options.data.notifications, log: options.log, topicArns: [options.topicArn] });
    onClose(() => sns.close());
    return { rekognitionUrl: rekognition.url, snsUrl: sns.url, modelLoaded: rekognition.modelLoaded };
  });
}
