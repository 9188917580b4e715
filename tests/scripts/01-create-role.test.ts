import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { functionRoles } from '../../scripts/01-create-role';
import { DeployError } from '../../scripts/lib/engine/errors';
import { functionPolicy, lambdaTrustPolicy } from '../../scripts/lib/builders/policies';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { awsError } from '../support/aws-errors';
import { testContext } from '../support/context';

const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

describe('01 create-role', () => {
  const ctx = testContext();
  const iam = mockClient(ctx.clients.iam);
  beforeEach(() => iam.reset());

  function existingRole(name: string, tags = tagList(stackTags('rekog'))) {
    return { Role: { RoleName: name, Arn: `arn:aws:iam::123456789012:role/${name}`, CreateDate: new Date(), Path: '/', RoleId: 'x', AssumeRolePolicyDocument: encoded(lambdaTrustPolicy()), Tags: tags } };
  }

  test('missing roles are created, tagged, with their least-privilege policy', async () => {
    iam.on(GetRoleCommand).rejects(awsError(NoSuchEntityException, 404));
    iam.on(CreateRoleCommand).callsFake((input) => ({ Role: { ...existingRole(input.RoleName).Role } }));
    const result = await functionRoles.ensure(ctx, {});
    expect(result.action).toBe('created');
    expect(iam.commandCalls(CreateRoleCommand)).toHaveLength(3);
    expect(iam.commandCalls(CreateRoleCommand)[0].args[0].input.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'rekog' }]);
    const policies = iam.commandCalls(PutRolePolicyCommand).map((call) => call.args[0].input);
    expect(policies.map((p) => p.RoleName).sort()).toEqual(['rekog-detect-labels-role', 'rekog-generate-upload-url-role', 'rekog-process-image-upload-role']);
    expect(result.outputs.roleArns['detect-labels']).toBe('arn:aws:iam::123456789012:role/rekog-detect-labels-role');
  });

  test('existing roles with the same documents are left as they are: no write call', async () => {
    iam.on(GetRoleCommand).callsFake((input) => existingRole(input.RoleName));
    iam.on(GetRolePolicyCommand).callsFake((input) => {
      const key = input.RoleName.replace(/^rekog-/, '').replace(/-role$/, '');
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encoded(functionPolicy(key, ctx.names, ctx.scope)) };
    });
    const result = await functionRoles.ensure(ctx, {});
    expect(result.action).toBe('unchanged');
    expect(iam.calls().map((call) => call.args[0].constructor.name).filter((name) => !/^Get/.test(name))).toEqual([]);
  });

  test('a drifted permission policy is put back; the trust policy is left alone', async () => {
    iam.on(GetRoleCommand).callsFake((input) => existingRole(input.RoleName));
    iam.on(GetRolePolicyCommand).rejects(awsError(NoSuchEntityException, 404));
    const result = await functionRoles.ensure(ctx, {});
    expect(result.action).toBe('updated');
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(3);
    expect(iam.commandCalls(UpdateAssumeRolePolicyCommand)).toHaveLength(0);
  });

  test('a same-named role without the stack tag is refused, and nothing is written', async () => {
    iam.on(GetRoleCommand).callsFake((input) => existingRole(input.RoleName, []));
    iam.on(GetRolePolicyCommand).rejects(awsError(NoSuchEntityException, 404));
    await expect(functionRoles.ensure(ctx, {})).rejects.toMatchObject({ code: 'NOT_OURS' });
    await expect(functionRoles.ensure(ctx, {})).rejects.toBeInstanceOf(DeployError);
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  test('destroy: missing roles are success; untagged ones are left alone and reported', async () => {
    iam.on(GetRoleCommand).rejects(awsError(NoSuchEntityException, 404));
    iam.on(GetRoleCommand, { RoleName: 'rekog-detect-labels-role' }).callsFake((input) => existingRole(input.RoleName, []));
    const result = await functionRoles.destroy(ctx, { keepData: false });
    expect(result.action).toBe('absent');
    expect(result.leftAlone).toEqual([{ kind: 'IAM role', name: 'rekog-detect-labels-role' }]);
    expect(iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  test('destroy deletes inline policies before the role', async () => {
    iam.on(GetRoleCommand).callsFake((input) => existingRole(input.RoleName));
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['least-privilege'] });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const result = await functionRoles.destroy(ctx, { keepData: false });
    expect(result.deleted).toEqual(['rekog-generate-upload-url-role', 'rekog-process-image-upload-role', 'rekog-detect-labels-role'].map((name) => ({ kind: 'IAM role', name })));
    const order = iam.calls().map((call) => call.args[0].constructor.name).filter((name) => name.startsWith('Delete'));
    expect(order.slice(0, 2)).toEqual(['DeleteRolePolicyCommand', 'DeleteRoleCommand']);
  });
});
