import { functionRoles } from './01-create-role';
import { uploadBucket } from './02-create-bucket-with-cors';
import { resultsTable } from './03-create-table';
import { notificationTopic } from './04-create-sns';
import { lambdaFunctions } from './05-create-function';
import { uploadTrigger } from './06-create-s3-trigger';
import { restApi } from './07-create-api';
import { staticSite } from './08-deploy-site';
import { stackAlarms } from './09-create-alarms';
import type { AnyStep } from './lib/engine/step';

/** The whole deployment, in run order. `up` runs it as a dependency graph; `down` walks it backwards. */
export const PLAN: readonly AnyStep[] = [functionRoles, uploadBucket, resultsTable, notificationTopic, lambdaFunctions, uploadTrigger, restApi, staticSite, stackAlarms];

export const STEP_NAMES: readonly string[] = PLAN.map((step) => step.name);
