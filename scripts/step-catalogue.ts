/**
 * The steps at a glance, in run order: what `--help` and the single-step commands show. Kept apart
 * from the steps themselves (and PLAN), which load the AWS SDK: `rekog-deploy --help` must not.
 * tests/scripts/plan.test.ts checks that PLAN agrees with it.
 */
export const STEP_CATALOGUE = {
  'create-role': { description: 'one IAM role per function, each allowed only what that function touches', needs: [] },
  'create-distribution': { description: 'CloudFront distribution serving the private site bucket over HTTPS (origin access control, security headers)', needs: [] },
  'create-bucket-with-cors': { description: 'private, encrypted upload bucket: TLS only, CORS for the site, uploads expire', needs: ['create-distribution'] },
  'create-table': { description: 'on-demand DynamoDB table of results, items expire through TTL', needs: [] },
  'create-sns': { description: 'SNS topic for a summary of every image; e-mail subscription when --email is given', needs: [] },
  'create-queue': { description: 'SQS queue that keeps, for inspection, the event of every upload whose analysis failed every attempt', needs: [] },
  'create-function': { description: 'the three Lambda functions (bundled with esbuild) and their log groups', needs: ['create-role', 'create-distribution', 'create-bucket-with-cors', 'create-table', 'create-sns', 'create-queue'] },
  'create-s3-trigger': { description: 'S3 invokes process-image-upload for every object created under uploads/', needs: ['create-bucket-with-cors', 'create-function'] },
  'create-api': { description: 'REST API with POST routes to the functions, CORS for the site, stage "prod" throttled', needs: ['create-function', 'create-distribution'] },
  'deploy-site': { description: 'private site bucket read only by the distribution; uploads changed files (config.js, the CSP) and has CloudFront fetch them again', needs: ['create-distribution', 'create-api'] },
  'create-alarms': { description: 'CloudWatch alarms on function errors and throttles and API 5xx, notifying the topic', needs: ['create-sns', 'create-queue', 'create-function', 'create-api'] },
} as const satisfies Record<string, { description: string; needs: readonly string[] }>;

export type StepName = keyof typeof STEP_CATALOGUE;

export const STEP_NAMES = Object.keys(STEP_CATALOGUE) as StepName[];

/** A step's name and description, for its defineStep(). */
export function catalogued<Name extends StepName>(name: Name): { name: Name; description: string } {
  return { name, description: STEP_CATALOGUE[name].description };
}
