import { GetRestApisCommand, type RestApi } from '@aws-sdk/client-api-gateway';
import { STAGE_NAME } from '../builders/names';
import { carriesStackTag } from '../builders/tags';
import type { Context } from '../engine/context';

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
export async function findApi(ctx: Context): Promise<{ api?: RestApi; notOurs: RestApi[] }> {
  const apis = await findApis(ctx);
  const ours = apis.filter((api) => carriesStackTag(api.tags, ctx.settings.stack));
  return { api: ours[0], notOurs: apis.filter((api) => !ours.includes(api)) };
}

export function apiUrl(ctx: Pick<Context, 'emulator' | 'scope' | 'settings'>, apiId: string): string {
  // LocalStack serves REST APIs at this path on its own endpoint.
  if (ctx.emulator) return `${new URL(ctx.emulator).origin}/restapis/${apiId}/${STAGE_NAME}/_user_request_`;
  const suffix = ctx.scope.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${apiId}.execute-api.${ctx.settings.region}.${suffix}/${STAGE_NAME}`;
}

/** The deployed API's invoke URL, if the stack has one (for `outputs`). */
export async function deployedApiUrl(ctx: Context): Promise<string | undefined> {
  const { api } = await findApi(ctx);
  return api?.id ? apiUrl(ctx, api.id) : undefined;
}
