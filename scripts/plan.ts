import { functionRoles } from './01-create-role';
import { siteDistribution } from './02-create-distribution';
import { uploadBucket } from './03-create-bucket-with-cors';
import { resultsTable } from './04-create-table';
import { notificationTopic } from './05-create-sns';
import { failedUploadsQueue } from './06-create-queue';
import { lambdaFunctions } from './07-create-function';
import { uploadTrigger } from './08-create-s3-trigger';
import { restApi } from './09-create-api';
import { staticSite } from './10-deploy-site';
import { stackAlarms } from './11-create-alarms';
import type { AnyStep } from './lib/engine/step';

/** The whole deployment, in run order. `up` runs it as a dependency graph; `down` walks it backwards. */
export const PLAN: readonly AnyStep[] = [
  functionRoles,
  siteDistribution,
  uploadBucket,
  resultsTable,
  notificationTopic,
  failedUploadsQueue,
  lambdaFunctions,
  uploadTrigger,
  restApi,
  staticSite,
  stackAlarms,
];

