import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteRestApiCommand,
  GetDeploymentCommand,
  GetRestApisCommand,
  GetStageCommand,
  NotFoundException,
  PutRestApiCommand,
  UpdateStageCommand,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { restApi } from '../../scripts/09-create-api';
import { apiDefinition, definitionHash } from '../../scripts/lib/builders/api-definition';
import { DeployError } from '../../scripts/lib/engine/errors';
import { FUNCTION_KEYS, type FunctionKey } from '../../scripts/lib/builders/names';
import type { DeployedFunction } from '../../scripts/07-create-function';
import { awsError, writeCommands } from '../support/aws-errors';
import { TEST_DISTRIBUTION, TEST_SITE, testContext } from '../support/context';

const ACCOUNT = '123456789012';
const API_ID = 'a1b2c3d4e5';
const functionArn = (key: FunctionKey) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rekog-${key}`;
const ROUTES = { 'rekog-generate-upload-url': '/generate-upload-url', 'rekog-detect-labels': '/detect-labels' } as Record<string, string>;

describe('09 create-api', () => {
  const ctx = testContext();
  const inputs = {} as Parameters<typeof restApi.ensure>[1];
  const apigateway = mockClient(ctx.clients.apigateway);
  const lambda = mockClient(ctx.clients.lambda);
  const functionArns = Object.fromEntries(FUNCTION_KEYS.map((key) => [key, functionArn(key)])) as Record<FunctionKey, string>;
  const definition = apiDefinition({ title: 'rekog-api', description: 'rekog-deploy rekog: image recognition API', region: 'us-east-1', partition: 'aws', siteOrigin: TEST_SITE.origin, functionArns });
  const hash = definitionHash(definition);

  beforeEach(() => {
    apigateway.reset();
    lambda.reset();
    apigateway.on(PutRestApiCommand).resolves({ id: API_ID, warnings: [] });
    inputs['create-distribution'] = TEST_DISTRIBUTION;
    inputs['create-function'] = {
      functions: Object.fromEntries(FUNCTION_KEYS.map((key) => [key, { name: `rekog-${key}`, arn: functionArn(key), codeSha256: 'x' }])) as Record<
        FunctionKey,
        DeployedFunction
      >,
    };
  });

  const ourApi = (id = API_ID): RestApi => ({ id, name: 'rekog-api', tags: { 'rekog-deploy:stack': 'rekog' } });

  /** Each function's policy, as Lambda returns it after AddPermission for its route. */
  function permissionsInPlace() {
    lambda.on(GetPolicyCommand).callsFake(async ({ FunctionName }) => ({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'apigateway-invoke',
            Effect: 'Allow',
            Principal: { Service: 'apigateway.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FunctionName}`,
            Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API_ID}/*/POST${ROUTES[FunctionName]}` } },
          },
        ],
      }),
    }));
  }

  function deployedApi(deployedHash = hash) {
    apigateway.on(GetRestApisCommand).resolves({ items: [ourApi()] });
    apigateway.on(GetStageCommand).resolves({
      stageName: 'prod',
      deploymentId: 'dep-1',
      methodSettings: { '*/*': { throttlingRateLimit: ctx.settings.apiRateLimit, throttlingBurstLimit: ctx.settings.apiBurstLimit } },
    });
    apigateway.on(GetDeploymentCommand).resolves({ id: 'dep-1', description: `rekog-deploy definition ${deployedHash}` });
    permissionsInPlace();
  }

  describe('ensure', () => {
    test('a missing API is created, tagged, imported (overwrite), deployed with its hash, staged, throttled, and may invoke two functions', async () => {
      apigateway.on(GetRestApisCommand).resolves({ items: [] });
      apigateway.on(CreateRestApiCommand).resolves(ourApi());
      apigateway.on(GetStageCommand).rejects(awsError(NotFoundException, 404));
      apigateway.on(CreateDeploymentCommand).resolves({ id: 'dep-1' });
      apigateway.on(CreateStageCommand).resolves({ stageName: 'prod', deploymentId: 'dep-1' });
      lambda.on(GetPolicyCommand).rejects(awsError(ResourceNotFoundException, 404));

      const result = await restApi.ensure(ctx, inputs);

      expect(result).toMatchObject({ action: 'created', outputs: { apiId: API_ID, apiUrl: `https://${API_ID}.execute-api.us-east-1.amazonaws.com/prod` } });
      expect(writeCommands(apigateway)).toEqual([
        'CreateRestApiCommand',
        'PutRestApiCommand',
        'CreateDeploymentCommand',
        'CreateStageCommand',
        'UpdateStageCommand',
      ]);
      expect(apigateway.commandCalls(CreateRestApiCommand)[0].args[0].input).toMatchObject({
        name: 'rekog-api',
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: { 'rekog-deploy:stack': 'rekog' },
      });
      const put = apigateway.commandCalls(PutRestApiCommand)[0].args[0].input;
      expect(put).toMatchObject({ restApiId: API_ID, mode: 'overwrite' });
      expect(JSON.parse(Buffer.from(put.body as Uint8Array).toString())).toEqual(definition);
      expect(apigateway.commandCalls(CreateDeploymentCommand)[0].args[0].input.description).toContain(hash);
      expect(apigateway.commandCalls(CreateStageCommand)[0].args[0].input).toMatchObject({ restApiId: API_ID, stageName: 'prod', deploymentId: 'dep-1' });
      expect(apigateway.commandCalls(UpdateStageCommand)[0].args[0].input.patchOperations).toEqual([
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(ctx.settings.apiRateLimit) },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(ctx.settings.apiBurstLimit) },
      ]);
      expect(lambda.commandCalls(AddPermissionCommand).map((call) => call.args[0].input)).toEqual([
        expect.objectContaining({
          FunctionName: 'rekog-generate-upload-url',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API_ID}/*/POST/generate-upload-url`,
        }),
        expect.objectContaining({
          FunctionName: 'rekog-detect-labels',
          SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API_ID}/*/POST/detect-labels`,
        }),
      ]);
    });

    test('second up makes no write calls: deployed hash and throttling match, permissions in place', async () => {
      deployedApi();
      const result = await restApi.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'unchanged', changes: [], outputs: { apiId: API_ID } });
      expect(writeCommands(apigateway, lambda)).toEqual([]);
    });

    test('our API is found on a later page of GetRestApis, next to a same-named API that is not ours', async () => {
      deployedApi();
      apigateway.on(GetRestApisCommand)
        .resolvesOnce({ items: [{ id: 'other', name: 'rekog-api', tags: {} }, { id: 'x', name: 'unrelated' }], position: 'page-2' })
        .resolvesOnce({ items: [ourApi()] });
      const result = await restApi.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'unchanged', outputs: { apiId: API_ID } });
      expect(apigateway.commandCalls(GetRestApisCommand)[1].args[0].input.position).toBe('page-2');
      expect(writeCommands(apigateway, lambda)).toEqual([]);
    });

    test('a changed throttling limit is the only thing written back', async () => {
      deployedApi();
      apigateway.on(GetStageCommand).resolves({
        stageName: 'prod',
        deploymentId: 'dep-1',
        methodSettings: { '*/*': { throttlingRateLimit: ctx.settings.apiRateLimit + 1, throttlingBurstLimit: ctx.settings.apiBurstLimit } },
      });
      const result = await restApi.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['throttling'] });
      expect(writeCommands(apigateway, lambda)).toEqual(['UpdateStageCommand']);
      expect(apigateway.commandCalls(UpdateStageCommand)[0].args[0].input.patchOperations).toEqual([
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(ctx.settings.apiRateLimit) },
      ]);
    });

    test('a changed definition is imported and deployed, and the existing stage moved to the new deployment', async () => {
      deployedApi('0000000000000000');
      apigateway.on(CreateDeploymentCommand).resolves({ id: 'dep-2' });
      const result = await restApi.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['deployment'] });
      expect(writeCommands(apigateway, lambda)).toEqual(['PutRestApiCommand', 'CreateDeploymentCommand', 'UpdateStageCommand']);
      expect(apigateway.commandCalls(UpdateStageCommand)[0].args[0].input.patchOperations).toEqual([{ op: 'replace', path: '/deploymentId', value: 'dep-2' }]);
    });

    test('a same-named API without the stack tag is refused with NOT_OURS, and nothing is written', async () => {
      apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'other', name: 'rekog-api', tags: { team: 'web' } }] });
      const error = await restApi.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining('rekog-api') });
      expect(writeCommands(apigateway, lambda)).toEqual([]);
    });
  });

  describe('destroy', () => {
    test('no API and no permissions: absent', async () => {
      apigateway.on(GetRestApisCommand).resolves({ items: [] });
      lambda.on(GetPolicyCommand).rejects(awsError(ResourceNotFoundException, 404));
      lambda.on(RemovePermissionCommand).rejects(awsError(ResourceNotFoundException, 404));
      const result = await restApi.destroy(ctx, { keepData: false });
      expect(result).toMatchObject({ action: 'absent', deleted: [], leftAlone: [] });
      expect(writeCommands(apigateway, lambda)).toEqual([]);
    });

    test('our API and both invoke permissions are deleted; a same-named API that is not ours is left alone and listed', async () => {
      apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'other', name: 'rekog-api', tags: {} }, ourApi()] });
      permissionsInPlace();
      lambda.on(RemovePermissionCommand).resolves({});
      const result = await restApi.destroy(ctx, { keepData: false });
      expect(result).toMatchObject({
        action: 'deleted',
        deleted: [
          { kind: 'Invoke permission', name: 'rekog-api → rekog-generate-upload-url' },
          { kind: 'Invoke permission', name: 'rekog-api → rekog-detect-labels' },
          { kind: 'REST API', name: `rekog-api (${API_ID})` },
        ],
        leftAlone: [{ kind: 'REST API', name: 'rekog-api (other)' }],
      });
      expect(apigateway.commandCalls(DeleteRestApiCommand).map((call) => call.args[0].input)).toEqual([{ restApiId: API_ID }]);
      expect(lambda.commandCalls(RemovePermissionCommand).map((call) => call.args[0].input.FunctionName)).toEqual(['rekog-generate-upload-url', 'rekog-detect-labels']);
    });
  });
});
