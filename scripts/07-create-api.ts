import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteRestApiCommand,
  GetDeploymentCommand,
  GetRestApisCommand,
  GetStageCommand,
  PutRestApiCommand,
  UpdateStageCommand,
  type PatchOperation,
  type RestApi,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { apiDefinition, API_ROUTES, definitionHash, DEPLOYMENT_PREFIX } from './lib/api-definition';
import { arns } from './lib/arns';
import { need, type Context } from './lib/context';
import { unlessNotFound } from './lib/errors';
import { ensureInvokePermission, permissionDrift, removeInvokePermission, type InvokePermission } from './lib/lambda-permission';
import { STAGE_NAME, type FunctionKey } from './lib/names';
import { assertOurs, notOursNote } from './lib/ownership';
import { runStepDirectly } from './lib/run-directly';
import type { Action, Step } from './lib/step';
import { carriesStackTag, stackTags } from './lib/tags';

const STATEMENT_ID = 'apigateway-invoke';

async function findApis(ctx: Context): Promise<RestApi[]> {
  const found: RestApi[] = [];
  let position: string | undefined;
  do {
    const page = await ctx.clients.apigateway.send(new GetRestApisCommand({ limit: 500, position }));
    found.push(...(page.items ?? []).filter((api) => api.name === ctx.names.api));
    position = page.position;
  } while (position);
  return found;
}

/** The stack's API, and any same-named API that is not ours (names are not unique in API Gateway). */
async function findApi(ctx: Context): Promise<{ api?: RestApi; notOurs: RestApi[] }> {
  const apis = await findApis(ctx);
  const ours = apis.filter((api) => carriesStackTag(api.tags, ctx.settings.stack));
  return { api: ours[0], notOurs: apis.filter((api) => !ours.includes(api)) };
}

function apiUrl(ctx: Context, apiId: string): string {
  // LocalStack serves REST APIs at this path on its own endpoint.
  if (ctx.emulator) return `${new URL(ctx.emulator).origin}/restapis/${apiId}/${STAGE_NAME}/_user_request_`;
  const suffix = ctx.scope.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${apiId}.execute-api.${ctx.settings.region}.${suffix}/${STAGE_NAME}`;
}

function invokePermission(ctx: Context, apiId: string, route: { path: string; function: FunctionKey }): InvokePermission {
  return {
    functionName: ctx.names.functions[route.function],
    statementId: STATEMENT_ID,
    principal: 'apigateway.amazonaws.com',
    sourceArn: arns.apiExecute(ctx.scope, apiId, `*/POST${route.path}`),
  };
}

function definitionFor(ctx: Context, functionArns: Record<FunctionKey, string>) {
  return apiDefinition({ title: ctx.names.api, region: ctx.settings.region, partition: ctx.scope.partition, siteOrigin: ctx.site.origin, functionArns, emulator: Boolean(ctx.emulator) });
}

async function deployedHash(ctx: Context, apiId: string, stage: Stage | undefined): Promise<string | undefined> {
  if (!stage?.deploymentId) return undefined;
  const deployment = await unlessNotFound(() =>
    ctx.clients.apigateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: stage.deploymentId })),
  );
  return deployment?.description?.startsWith(DEPLOYMENT_PREFIX) ? deployment.description.slice(DEPLOYMENT_PREFIX.length) : undefined;
}

function throttlingPatches(ctx: Context, stage: Stage | undefined): PatchOperation[] {
  const current = stage?.methodSettings?.['*/*'];
  const patches: PatchOperation[] = [];
  if (current?.throttlingRateLimit !== ctx.settings.apiRateLimit) {
    patches.push({ op: 'replace', path: '/*/*/throttling/rateLimit', value: String(ctx.settings.apiRateLimit) });
  }
  if (current?.throttlingBurstLimit !== ctx.settings.apiBurstLimit) {
    patches.push({ op: 'replace', path: '/*/*/throttling/burstLimit', value: String(ctx.settings.apiBurstLimit) });
  }
  return patches;
}

async function readStage(ctx: Context, apiId: string): Promise<Stage | undefined> {
  return unlessNotFound(() => ctx.clients.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: STAGE_NAME })));
}

export const createApi: Step<'create-api'> = {
  name: 'create-api',
  description: `REST API with POST routes to the functions, CORS for the site, stage "${STAGE_NAME}" throttled`,
  dependsOn: ['create-function'],

  async ensure(ctx) {
    const { apigateway } = ctx.clients;
    const deployed = need(ctx, 'create-function').functions;
    const functionArns = Object.fromEntries(Object.entries(deployed).map(([key, fn]) => [key, fn.arn])) as Record<FunctionKey, string>;
    const { api: existing, notOurs } = await findApi(ctx);
    if (!existing && notOurs.length) assertOurs('REST API', ctx.names.api, notOurs[0].tags, ctx.settings.stack);
    const api =
      existing ??
      (await apigateway.send(
        new CreateRestApiCommand({
          name: ctx.names.api,
          description: `rekog-deploy ${ctx.settings.stack}: image recognition API`,
          endpointConfiguration: { types: ['REGIONAL'] },
          tags: stackTags(ctx.settings.stack),
        }),
      ));
    const restApiId = api.id as string;
    const changes: string[] = [];

    const definition = definitionFor(ctx, functionArns);
    const hash = definitionHash(definition);
    let stage = await readStage(ctx, restApiId);
    if ((await deployedHash(ctx, restApiId, stage)) !== hash) {
      // Warnings (a part of the document API Gateway ignores) are shown, not fatal: the import's errors still are.
      const imported = await apigateway.send(new PutRestApiCommand({ restApiId, mode: 'overwrite', failOnWarnings: false, body: Buffer.from(JSON.stringify(definition)) }));
      for (const warning of imported.warnings ?? []) ctx.log.warn(`API Gateway: ${warning}`);
      const { id: deploymentId } = await apigateway.send(new CreateDeploymentCommand({ restApiId, description: `${DEPLOYMENT_PREFIX}${hash}` }));
      if (stage) {
        await apigateway.send(new UpdateStageCommand({ restApiId, stageName: STAGE_NAME, patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }] }));
      } else {
        stage = await apigateway.send(new CreateStageCommand({ restApiId, stageName: STAGE_NAME, deploymentId, tags: stackTags(ctx.settings.stack) }));
      }
      changes.push('deployment');
    }
    const patches = throttlingPatches(ctx, stage);
    if (patches.length) {
      await apigateway.send(new UpdateStageCommand({ restApiId, stageName: STAGE_NAME, patchOperations: patches }));
      changes.push('throttling');
    }
    const permissions: Action[] = [];
    for (const route of API_ROUTES) permissions.push(await ensureInvokePermission(ctx, invokePermission(ctx, restApiId, route)));
    if (permissions.some((action) => action !== 'unchanged')) changes.push('invoke permissions');

    return {
      action: !existing ? 'created' : changes.length ? 'updated' : 'unchanged',
      outputs: { apiId: restApiId, apiUrl: apiUrl(ctx, restApiId) },
      changes,
    };
  },

  async destroy(ctx) {
    const { api, notOurs } = await findApi(ctx);
    const deleted: string[] = [];
    for (const route of API_ROUTES) {
      if (await removeInvokePermission(ctx, { functionName: ctx.names.functions[route.function], statementId: STATEMENT_ID })) {
        deleted.push(`invoke permission of ${route.function}`);
      }
    }
    if (api?.id) {
      await unlessNotFound(() => ctx.clients.apigateway.send(new DeleteRestApiCommand({ restApiId: api.id })));
      deleted.push(ctx.names.api);
    }
    return {
      action: deleted.length ? 'deleted' : 'absent',
      deleted,
      notOurs: notOurs.map((other) => notOursNote('REST API', `${ctx.names.api} (${other.id})`, ctx.settings.stack)),
    };
  },

  async inspect(ctx) {
    const { api } = await findApi(ctx);
    if (!api?.id) return { resources: [{ kind: 'REST API', name: ctx.names.api, state: 'missing' }] };
    const stage = await readStage(ctx, api.id);
    const drift: string[] = [];
    const functions = ctx.outputs['create-function']?.functions;
    if (!stage) drift.push(`no stage ${STAGE_NAME}`);
    else if (functions) {
      const functionArns = Object.fromEntries(Object.entries(functions).map(([key, fn]) => [key, fn.arn])) as Record<FunctionKey, string>;
      if ((await deployedHash(ctx, api.id, stage)) !== definitionHash(definitionFor(ctx, functionArns))) drift.push('deployed definition');
    }
    if (stage && throttlingPatches(ctx, stage).length) drift.push('throttling');
    for (const route of API_ROUTES) {
      const state = await permissionDrift(ctx, invokePermission(ctx, api.id, route));
      if (state !== 'present') drift.push(`invoke permission of ${route.function} ${state}`);
    }
    return {
      resources: [{ kind: 'REST API', name: `${ctx.names.api} (${api.id})`, state: drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined }],
      outputs: stage ? { apiId: api.id, apiUrl: apiUrl(ctx, api.id) } : undefined,
    };
  },
};


/** The deployed API's invoke URL, if the stack has one (for `outputs`). */
export async function deployedApiUrl(ctx: Context): Promise<string | undefined> {
  const { api } = await findApi(ctx);
  return api?.id ? apiUrl(ctx, api.id) : undefined;
}

if (require.main === module) runStepDirectly(createApi);
