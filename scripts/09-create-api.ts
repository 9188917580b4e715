import { catalogued } from './step-catalogue';
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteRestApiCommand,
  GetDeploymentCommand,
  GetStageCommand,
  PutRestApiCommand,
  UpdateStageCommand,
  type PatchOperation,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { siteDistribution } from './02-create-distribution';
import { lambdaFunctions, type DeployedFunction } from './07-create-function';
import { runStepDirectly } from './commands/step';
import { apiDefinition, API_ROUTES, definitionHash, DEPLOYMENT_PREFIX } from './lib/builders/api-definition';
import { arns } from './lib/builders/arns';
import { perFunction, STAGE_NAME, type FunctionKey } from './lib/builders/names';
import { stackTags } from './lib/builders/tags';
import type { Context } from './lib/engine/context';
import { earlyWork } from './lib/engine/early-work';
import { unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { actionOf, defineStep, resourceState } from './lib/engine/step';
import { ensureInvokePermission, INVOKE_PERMISSION_KIND, permissionDrift, removeInvokePermission, type InvokePermission } from './lib/resources/lambda-permission';
import { apiUrl, findApi } from './lib/resources/rest-api';

const KIND = 'REST API';
const STATEMENT_ID = 'apigateway-invoke';

export interface ApiOutputs {
  apiId: string;
  apiUrl: string;
}

function invokePermission(ctx: Context, apiId: string, route: { path: string; function: FunctionKey }): InvokePermission {
  return {
    functionName: ctx.names.functions[route.function],
    statementId: STATEMENT_ID,
    principal: 'apigateway.amazonaws.com',
    sourceArn: arns.apiExecute(ctx.scope, apiId, `*/POST${route.path}`),
  };
}

function apiDescription(ctx: Context): string {
  return `rekog-deploy ${ctx.settings.stack}: image recognition API`;
}

function definitionFor(ctx: Context, functions: Record<FunctionKey, DeployedFunction>, siteOrigin: string) {
  return apiDefinition({
    title: ctx.names.api,
    description: apiDescription(ctx),
    region: ctx.settings.region,
    partition: ctx.scope.partition,
    siteOrigin,
    functionArns: perFunction((key) => functions[key].arn),
    emulator: Boolean(ctx.emulator),
  });
}

async function deployedHash(ctx: Context, apiId: string, stage: Stage | undefined): Promise<string | undefined> {
  if (!stage?.deploymentId) return undefined;
  const deployment = await unlessNotFound(() => ctx.clients.apigateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: stage.deploymentId })));
  return deployment?.description?.startsWith(DEPLOYMENT_PREFIX) ? deployment.description.slice(DEPLOYMENT_PREFIX.length) : undefined;
}

async function readStage(ctx: Context, apiId: string): Promise<Stage | undefined> {
  return unlessNotFound(() => ctx.clients.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: STAGE_NAME })));
}

interface Throttling {
  rateLimit?: number;
  burstLimit?: number;
}

/** The stage's throttling; only the limits that differ are written. */
function throttlingSetting(ctx: Context, restApiId: string, stage: Stage | undefined): Setting<Throttling> {
  const current: Throttling = { rateLimit: stage?.methodSettings?.['*/*']?.throttlingRateLimit, burstLimit: stage?.methodSettings?.['*/*']?.throttlingBurstLimit };
  const desired = { rateLimit: ctx.settings.apiRateLimit, burstLimit: ctx.settings.apiBurstLimit };
  const patches: PatchOperation[] = (['rateLimit', 'burstLimit'] as const)
    .filter((limit) => current[limit] !== desired[limit])
    .map((limit) => ({ op: 'replace', path: `/*/*/throttling/${limit}`, value: String(desired[limit]) }));
  return {
    label: 'throttling',
    read: async () => current,
    desired,
    write: () => ctx.clients.apigateway.send(new UpdateStageCommand({ restApiId, stageName: STAGE_NAME, patchOperations: patches })),
  };
}

/**
 * The definition the stage serves, compared by its hash (kept in the deployment's description):
 * imported (PutRestApi overwrite), deployed, and the stage pointed at the new deployment.
 */
function deploymentSetting(ctx: Context, restApiId: string, stage: Stage | undefined, definition: unknown): Setting<string> {
  const { apigateway } = ctx.clients;
  const hash = definitionHash(definition);
  return {
    label: 'deployment',
    read: () => deployedHash(ctx, restApiId, stage),
    desired: hash,
    write: async () => {
      // Warnings (a part of the document API Gateway ignores) are shown, not fatal: the import's errors still are.
      const imported = await apigateway.send(new PutRestApiCommand({ restApiId, mode: 'overwrite', failOnWarnings: false, body: Buffer.from(JSON.stringify(definition)) }));
      for (const warning of imported.warnings ?? []) ctx.log.warn(`API Gateway: ${warning}`);
      const { id: deploymentId } = await apigateway.send(new CreateDeploymentCommand({ restApiId, description: `${DEPLOYMENT_PREFIX}${hash}` }));
      if (stage) {
        await apigateway.send(new UpdateStageCommand({ restApiId, stageName: STAGE_NAME, patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }] }));
      } else {
        await apigateway.send(new CreateStageCommand({ restApiId, stageName: STAGE_NAME, deploymentId, tags: stackTags(ctx.settings.stack) }));
      }
    },
  };
}

/** Only this step writes the API, so `up` finds it (and its stage) while the functions are being made. */
const apiFound = earlyWork(async (ctx) => {
  const found = await findApi(ctx);
  return { found, stage: found.api?.id ? await readStage(ctx, found.api.id) : undefined };
});

export const restApi = defineStep({
  ...catalogued('create-api'),
  dependsOn: [lambdaFunctions, siteDistribution],

  prepare(ctx) {
    apiFound.start(ctx);
  },

  async ensure(ctx, inputs) {
    const { found, stage: stageFound } = await apiFound.take(ctx);
    const { api: existing, notOurs } = found;
    if (!existing && notOurs.length) assertOurs(KIND, ctx.names.api, notOurs[0].tags, ctx.settings.stack);
    const api =
      existing ??
      (await ctx.clients.apigateway.send(
        new CreateRestApiCommand({
          name: ctx.names.api,
          description: apiDescription(ctx),
          endpointConfiguration: { types: ['REGIONAL'] },
          tags: stackTags(ctx.settings.stack),
        }),
      ));
    const restApiId = api.id as string;
    const stage = existing ? stageFound : await readStage(ctx, restApiId);
    const definition = definitionFor(ctx, inputs['create-function'].functions, inputs['create-distribution'].siteOrigin);
    // Each route invokes a different function, so their resource policies are written independently.
    const [changes, permissions] = await Promise.all([
      applySettings([deploymentSetting(ctx, restApiId, stage, definition), throttlingSetting(ctx, restApiId, stage)]),
      Promise.all(API_ROUTES.map((route) => ensureInvokePermission(ctx, invokePermission(ctx, restApiId, route)))),
    ]);
    if (permissions.some((action) => action !== 'unchanged')) changes.push('invoke permissions');
    return { action: actionOf(!existing, changes), outputs: { apiId: restApiId, apiUrl: apiUrl(ctx, restApiId) }, changes };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    const { api, notOurs } = await findApi(ctx);
    for (const route of API_ROUTES) {
      if (await removeInvokePermission(ctx, { functionName: ctx.names.functions[route.function], statementId: STATEMENT_ID })) {
        teardown.removed(INVOKE_PERMISSION_KIND, `${ctx.names.api} → ${ctx.names.functions[route.function]}`);
      }
    }
    if (api?.id) {
      await unlessNotFound(() => ctx.clients.apigateway.send(new DeleteRestApiCommand({ restApiId: api.id })));
      teardown.removed(KIND, `${ctx.names.api} (${api.id})`);
    }
    for (const other of notOurs) teardown.leftAlone(KIND, `${ctx.names.api} (${other.id})`);
    return teardown.result();
  },

  async inspect(ctx, inputs) {
    const { api } = await findApi(ctx);
    if (!api?.id) return { resources: [resourceState(KIND, ctx.names.api, false)] };
    const stage = await readStage(ctx, api.id);
    const functions = inputs['create-function']?.functions;
    const siteOrigin = inputs['create-distribution']?.siteOrigin;
    const settings = [
      ...(stage && functions && siteOrigin ? [deploymentSetting(ctx, api.id, stage, definitionFor(ctx, functions, siteOrigin))] : []),
      ...(stage ? [throttlingSetting(ctx, api.id, stage)] : []),
    ];
    const drift = [...(stage ? [] : [`no stage ${STAGE_NAME}`]), ...(await driftOf(settings))];
    for (const route of API_ROUTES) {
      const state = await permissionDrift(ctx, invokePermission(ctx, api.id, route));
      if (state !== 'present') drift.push(`invoke permission of ${route.function} ${state}`);
    }
    return {
      resources: [resourceState(KIND, `${ctx.names.api} (${api.id})`, true, drift)],
      outputs: stage ? { apiId: api.id, apiUrl: apiUrl(ctx, api.id) } : undefined,
    };
  },
});

if (require.main === module) void runStepDirectly(restApi);
