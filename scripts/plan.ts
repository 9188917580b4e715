import { createRole } from './01-create-role';
import { createBucketWithCors } from './02-create-bucket-with-cors';
import { createTable } from './03-create-table';
import { createSns } from './04-create-sns';
import { createFunctionStep } from './05-create-function';
import { createS3Trigger } from './06-create-s3-trigger';
import { createApi } from './07-create-api';
import { deploySite } from './08-deploy-site';
import { createAlarms } from './09-create-alarms';
import type { Step, StepName } from './lib/step';

/** The whole deployment, in run order. `up` runs it as a dependency graph; `down` walks it backwards. */
export const PLAN: readonly Step[] = [
  createRole,
  createBucketWithCors,
  createTable,
  createSns,
  createFunctionStep,
  createS3Trigger,
  createApi,
  deploySite,
  createAlarms,
] as Step[];

export function stepNamed(name: StepName): Step {
  const step = PLAN.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`No step named ${name}`);
  return step;
}
