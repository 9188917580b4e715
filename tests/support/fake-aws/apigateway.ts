import {
  BadRequestException,
  ConflictException,
  NotFoundException,
  type CreateDeploymentCommandInput,
  type CreateRestApiCommandInput,
  type CreateStageCommandInput,
  type Deployment,
  type EndpointConfiguration,
  type GetDeploymentsCommandInput,
  type GetDeploymentsCommandOutput,
  type GetRestApisCommandInput,
  type GetRestApisCommandOutput,
  type GetTagsCommandInput,
  type GetTagsCommandOutput,
  type PutRestApiCommandInput,
  type RestApi,
  type Stage,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
  type UpdateStageCommandInput,
} from '@aws-sdk/client-api-gateway';
import { patchStage, type StageRecord } from './apigateway-stage';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { bytesOf, copy, page, randomString, withoutKeys } from './util';

interface OpenApiDocument {
  info?: { title?: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: Date;
  /** A deployment is a frozen copy of the API's definition at the time it was made. */
  definition: OpenApiDocument;
}

export interface RestApiRecord {
  id: string;
  name: string;
  description?: string;
  createdDate: Date;
  endpointConfiguration: EndpointConfiguration;
  tags: Record<string, string>;
  binaryMediaTypes?: string[];
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  definition: OpenApiDocument;
  deployments: DeploymentRecord[];
  stages: Map<string, StageRecord>;
}

export interface ApiGatewayState {
  apis: Map<string, RestApiRecord>;
}

export function createApiGatewayState(): ApiGatewayState {
  return { apis: new Map() };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];

function hasMethods(definition: OpenApiDocument): boolean {
  return Object.values(definition.paths ?? {}).some((item) => Object.keys(item).some((key) => HTTP_METHODS.includes(key.toLowerCase())));
}

async function parseDefinition(body: unknown): Promise<OpenApiDocument> {
  const text = (await bytesOf(body)).toString('utf8');
  try {
    const document = JSON.parse(text);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new Error('not an object');
    return document;
  } catch {
    throw awsError(BadRequestException, 400, 'Invalid OpenAPI input.');
  }
}

export function apiGatewayOperations(ctx: FakeContext): Operations {
  const { apis } = ctx.state.apigateway;

  function api(id: string | undefined): RestApiRecord {
    const found = apis.get(id ?? '');
    if (!found) throw awsError(NotFoundException, 404, `Invalid API identifier specified ${ctx.accountId}:${id}`);
    return found;
  }

  function stage(record: RestApiRecord, name: string | undefined): StageRecord {
    const found = record.stages.get(name ?? '');
    if (!found) throw awsError(NotFoundException, 404, 'Invalid stage identifier specified');
    return found;
  }

  function deploymentExists(record: RestApiRecord): (id: string) => boolean {
    return (id) => record.deployments.some((deployment) => deployment.id === id);
  }

  /** Tagging takes ARNs: `arn:aws:apigateway:<region>::/restapis/<id>` or `.../stages/<name>`. */
  function tagged(arn: string | undefined): { tags: Record<string, string> } {
    const match = /^arn:aws:apigateway:[^:]+::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(arn ?? '');
    if (!match) throw awsError(BadRequestException, 400, `Invalid ARN specified in the request: ${arn}`);
    const record = api(match[1]);
    return match[2] ? stage(record, match[2]) : record;
  }

  function describe(record: RestApiRecord): RestApi {
    return {
      id: record.id,
      name: record.name,
      description: record.description,
      createdDate: record.createdDate,
      binaryMediaTypes: copy(record.binaryMediaTypes),
      apiKeySource: 'HEADER',
      endpointConfiguration: copy(record.endpointConfiguration),
      tags: Object.keys(record.tags).length ? { ...record.tags } : undefined,
      disableExecuteApiEndpoint: record.disableExecuteApiEndpoint,
      rootResourceId: record.rootResourceId,
    };
  }

  function describeStage(record: StageRecord): Stage {
    return {
      deploymentId: record.deploymentId,
      stageName: record.name,
      description: record.description,
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      methodSettings: copy(record.methodSettings),
      variables: Object.keys(record.variables).length ? { ...record.variables } : undefined,
      tracingEnabled: record.tracingEnabled,
      tags: Object.keys(record.tags).length ? { ...record.tags } : undefined,
      createdDate: record.createdDate,
      lastUpdatedDate: record.lastUpdatedDate,
    };
  }

  function describeDeployment(deployment: DeploymentRecord): Deployment {
    return { id: deployment.id, description: deployment.description, createdDate: deployment.createdDate };
  }

  function createStage(record: RestApiRecord, input: CreateStageCommandInput): StageRecord {
    const now = ctx.now();
    const created: StageRecord = {
      name: input.stageName ?? '',
      deploymentId: input.deploymentId ?? '',
      description: input.description,
      variables: { ...input.variables },
      methodSettings: {},
      tracingEnabled: input.tracingEnabled ?? false,
      tags: { ...input.tags },
      createdDate: now,
      lastUpdatedDate: now,
    };
    record.stages.set(created.name, created);
    return created;
  }

  return {
    GetRestApis: (input: GetRestApisCommandInput): Out<GetRestApisCommandOutput> => {
      const all = [...apis.values()].sort((a, b) => a.id.localeCompare(b.id));
      const { items, next } = page(all, input.position, Math.min(input.limit ?? 25, 500));
      return { items: items.map(describe), position: next };
    },

    GetRestApi: (input: { restApiId?: string }): RestApi => describe(api(input.restApiId)),

    CreateRestApi: (input: CreateRestApiCommandInput): RestApi => {
      const name = input.name ?? '';
      const id = ctx.ids.register(randomString(10), `rest-api:${name}`);
      const record: RestApiRecord = {
        id,
        name,
        description: input.description,
        createdDate: ctx.now(),
        endpointConfiguration: copy(input.endpointConfiguration) ?? { types: ['EDGE'] },
        tags: { ...input.tags },
        binaryMediaTypes: copy(input.binaryMediaTypes),
        disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
        rootResourceId: randomString(10),
        definition: {},
        deployments: [],
        stages: new Map(),
      };
      apis.set(id, record);
      return describe(record);
    },

    PutRestApi: async (input: PutRestApiCommandInput): Promise<RestApi> => {
      const record = api(input.restApiId);
      const incoming = await parseDefinition(input.body);
      // The default mode is merge; overwrite replaces the whole definition.
      record.definition =
        input.mode === 'overwrite' ? incoming : { ...record.definition, ...incoming, paths: { ...record.definition.paths, ...incoming.paths } };
      // An import takes the API's name and description from the document's info block.
      if (incoming.info?.title) record.name = incoming.info.title;
      if (incoming.info?.description !== undefined) record.description = incoming.info.description;
      return describe(record);
    },

    DeleteRestApi: (input: { restApiId?: string }) => {
      apis.delete(api(input.restApiId).id);
      return {};
    },

    CreateDeployment: (input: CreateDeploymentCommandInput): Deployment => {
      const record = api(input.restApiId);
      if (!hasMethods(record.definition)) throw awsError(BadRequestException, 400, "The REST API doesn't contain any methods");
      const apiPlaceholder = (ctx.ids.placeholders.get(record.id) ?? record.id).replace(/^<|>$/g, '');
      const deployment: DeploymentRecord = {
        id: ctx.ids.register(randomString(6), `deployment:${apiPlaceholder}:${record.deployments.length + 1}`),
        description: input.description,
        createdDate: ctx.now(),
        definition: copy(record.definition),
      };
      record.deployments.push(deployment);
      if (input.stageName) {
        const existing = record.stages.get(input.stageName);
        if (existing) {
          existing.deploymentId = deployment.id;
          existing.lastUpdatedDate = ctx.now();
        } else {
          createStage(record, {
            restApiId: record.id,
            stageName: input.stageName,
            deploymentId: deployment.id,
            description: input.stageDescription,
            variables: input.variables,
          });
        }
      }
      return describeDeployment(deployment);
    },

    GetDeployment: (input: { restApiId?: string; deploymentId?: string }): Deployment => {
      const deployment = api(input.restApiId).deployments.find((candidate) => candidate.id === input.deploymentId);
      if (!deployment) throw awsError(NotFoundException, 404, 'Invalid Deployment identifier specified');
      return describeDeployment(deployment);
    },

    GetDeployments: (input: GetDeploymentsCommandInput): Out<GetDeploymentsCommandOutput> => {
      const { items, next } = page(api(input.restApiId).deployments, input.position, Math.min(input.limit ?? 25, 500));
      return { items: items.map(describeDeployment), position: next };
    },

    GetStage: (input: { restApiId?: string; stageName?: string }): Stage => describeStage(stage(api(input.restApiId), input.stageName)),

    CreateStage: (input: CreateStageCommandInput): Stage => {
      const record = api(input.restApiId);
      if (record.stages.has(input.stageName ?? '')) throw awsError(ConflictException, 409, 'Stage already exists');
      if (!deploymentExists(record)(input.deploymentId ?? '')) throw awsError(BadRequestException, 400, 'Invalid deployment identifier specified');
      return describeStage(createStage(record, input));
    },

    UpdateStage: (input: UpdateStageCommandInput): Stage => {
      const record = api(input.restApiId);
      const target = stage(record, input.stageName);
      const patched = copy(target);
      patchStage(patched, input.patchOperations ?? [], deploymentExists(record));
      patched.lastUpdatedDate = ctx.now();
      record.stages.set(patched.name, patched);
      return describeStage(patched);
    },

    DeleteStage: (input: { restApiId?: string; stageName?: string }) => {
      const record = api(input.restApiId);
      record.stages.delete(stage(record, input.stageName).name);
      return {};
    },

    TagResource: (input: TagResourceCommandInput) => {
      const target = tagged(input.resourceArn);
      target.tags = { ...target.tags, ...input.tags };
      return {};
    },

    UntagResource: (input: UntagResourceCommandInput) => {
      const target = tagged(input.resourceArn);
      target.tags = withoutKeys(target.tags, input.tagKeys);
      return {};
    },

    GetTags: (input: GetTagsCommandInput): Out<GetTagsCommandOutput> => ({ tags: { ...tagged(input.resourceArn).tags } }),
  };
}

export function apiGatewaySnapshot(state: ApiGatewayState): unknown {
  return Object.fromEntries(
    [...state.apis.values()].map((record) => [
      record.id,
      {
        name: record.name,
        description: record.description,
        endpointConfiguration: record.endpointConfiguration,
        tags: record.tags,
        binaryMediaTypes: record.binaryMediaTypes,
        disableExecuteApiEndpoint: record.disableExecuteApiEndpoint,
        definition: record.definition,
        // Which deployment a stage serves is compared by content: a re-run after an interruption
        // may have made one more deployment of the same definition.
        stages: Object.fromEntries(
          [...record.stages.values()].map(({ name, deploymentId, createdDate, lastUpdatedDate, ...stage }) => {
            const deployment = record.deployments.find((candidate) => candidate.id === deploymentId);
            return [
              name,
              {
                ...stage,
                deployment: deployment && {
                  description: deployment.description,
                  definition: JSON.stringify(deployment.definition) === JSON.stringify(record.definition) ? 'current' : deployment.definition,
                },
              },
            ];
          }),
        ),
      },
    ]),
  );
}

export function apiGatewayResources(state: ApiGatewayState): string[] {
  return [...state.apis.values()].map((record) => `apigateway:rest-api:${record.name}`);
}
