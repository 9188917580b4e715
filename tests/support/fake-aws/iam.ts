import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  type AttachRolePolicyCommandInput,
  type CreateRoleCommandInput,
  type CreateRoleCommandOutput,
  type DeleteRoleCommandInput,
  type DeleteRolePolicyCommandInput,
  type DetachRolePolicyCommandInput,
  type GetRoleCommandInput,
  type GetRoleCommandOutput,
  type GetRolePolicyCommandInput,
  type GetRolePolicyCommandOutput,
  type ListAttachedRolePoliciesCommandInput,
  type ListAttachedRolePoliciesCommandOutput,
  type ListRolePoliciesCommandInput,
  type ListRolePoliciesCommandOutput,
  type ListRoleTagsCommandInput,
  type ListRoleTagsCommandOutput,
  type PutRolePolicyCommandInput,
  type Role,
  type TagRoleCommandInput,
  type UntagRoleCommandInput,
  type UpdateAssumeRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { randomString, tagListOf, tagMapOf, withoutKeys, type TagMap } from './util';

export interface RoleRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  description?: string;
  createdAt: Date;
  /** When the trust policy was last set (creation or UpdateAssumeRolePolicy): Lambda lags behind it. */
  trustChangedAt: number;
  assumeRolePolicy: string;
  maxSessionDuration: number;
  tags: TagMap;
  inlinePolicies: Map<string, string>;
  /** When an inline policy was last put: what Lambda checks of a role lags behind it, as trust does. */
  policiesChangedAt?: number;
  attachedPolicyArns: string[];
}

export interface IamState {
  roles: Map<string, RoleRecord>;
}

export function createIamState(): IamState {
  return { roles: new Map() };
}

/** IAM returns policy documents URL-encoded (RFC 3986), and the SDK hands them over as they are. */
function encodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseDocument(document: string | undefined): string {
  try {
    JSON.parse(document ?? '');
    return document as string;
  } catch {
    throw awsError(MalformedPolicyDocumentException, 400, 'This policy contains invalid Json');
  }
}

export function iamOperations(ctx: FakeContext): Operations {
  const { roles } = ctx.state.iam;

  function role(name: string | undefined): RoleRecord {
    const found = roles.get(name ?? '');
    if (!found) throw awsError(NoSuchEntityException, 404, `The role with name ${name} cannot be found.`);
    return found;
  }

  function describe(record: RoleRecord): Role {
    return {
      Path: record.path,
      RoleName: record.name,
      RoleId: record.id,
      Arn: record.arn,
      CreateDate: record.createdAt,
      AssumeRolePolicyDocument: encodeDocument(record.assumeRolePolicy),
      Description: record.description,
      MaxSessionDuration: record.maxSessionDuration,
      Tags: Object.keys(record.tags).length ? tagListOf(record.tags) : undefined,
      RoleLastUsed: {},
    };
  }

  return {
    GetRole: (input: GetRoleCommandInput): Out<GetRoleCommandOutput> => ({ Role: describe(role(input.RoleName)) }),

    CreateRole: (input: CreateRoleCommandInput): Out<CreateRoleCommandOutput> => {
      const name = input.RoleName ?? '';
      if (roles.has(name)) throw awsError(EntityAlreadyExistsException, 409, `Role with name ${name} already exists.`);
      const path = input.Path ?? '/';
      const record: RoleRecord = {
        name,
        id: ctx.ids.register(`AROA${randomString(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, `role-id:${name}`),
        arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`,
        path,
        description: input.Description,
        createdAt: ctx.now(),
        trustChangedAt: ctx.now().getTime(),
        assumeRolePolicy: parseDocument(input.AssumeRolePolicyDocument),
        maxSessionDuration: input.MaxSessionDuration ?? 3600,
        tags: tagMapOf(input.Tags),
        inlinePolicies: new Map(),
        attachedPolicyArns: [],
      };
      roles.set(name, record);
      return { Role: { ...describe(record), RoleLastUsed: undefined } };
    },

    UpdateAssumeRolePolicy: (input: UpdateAssumeRolePolicyCommandInput) => {
      const record = role(input.RoleName);
      record.assumeRolePolicy = parseDocument(input.PolicyDocument);
      record.trustChangedAt = ctx.now().getTime();
      return {};
    },

    TagRole: (input: TagRoleCommandInput) => {
      const record = role(input.RoleName);
      record.tags = { ...record.tags, ...tagMapOf(input.Tags) };
      return {};
    },

    UntagRole: (input: UntagRoleCommandInput) => {
      const record = role(input.RoleName);
      record.tags = withoutKeys(record.tags, input.TagKeys);
      return {};
    },

    ListRoleTags: (input: ListRoleTagsCommandInput): Out<ListRoleTagsCommandOutput> => ({
      Tags: tagListOf(role(input.RoleName).tags),
      IsTruncated: false,
    }),

    GetRolePolicy: (input: GetRolePolicyCommandInput): Out<GetRolePolicyCommandOutput> => {
      const document = role(input.RoleName).inlinePolicies.get(input.PolicyName ?? '');
      if (document === undefined) {
        throw awsError(NoSuchEntityException, 404, `The role policy with name ${input.PolicyName} cannot be found.`);
      }
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(document) };
    },

    PutRolePolicy: (input: PutRolePolicyCommandInput) => {
      const document = parseDocument(input.PolicyDocument);
      const statements = ([] as { Principal?: unknown; NotPrincipal?: unknown }[]).concat(JSON.parse(document).Statement ?? []);
      if (statements.some((statement) => statement.Principal !== undefined || statement.NotPrincipal !== undefined)) {
        throw awsError(MalformedPolicyDocumentException, 400, 'Policy document should not specify a principal.');
      }
      const record = role(input.RoleName);
      record.inlinePolicies.set(input.PolicyName ?? '', document);
      record.policiesChangedAt = ctx.now().getTime();
      return {};
    },

    ListRolePolicies: (input: ListRolePoliciesCommandInput): Out<ListRolePoliciesCommandOutput> => ({
      PolicyNames: [...role(input.RoleName).inlinePolicies.keys()].sort(),
      IsTruncated: false,
    }),

    DeleteRolePolicy: (input: DeleteRolePolicyCommandInput) => {
      if (!role(input.RoleName).inlinePolicies.delete(input.PolicyName ?? '')) {
        throw awsError(NoSuchEntityException, 404, `The role policy with name ${input.PolicyName} cannot be found.`);
      }
      return {};
    },

    AttachRolePolicy: (input: AttachRolePolicyCommandInput) => {
      const record = role(input.RoleName);
      if (!record.attachedPolicyArns.includes(input.PolicyArn ?? '')) record.attachedPolicyArns.push(input.PolicyArn ?? '');
      return {};
    },

    DetachRolePolicy: (input: DetachRolePolicyCommandInput) => {
      const record = role(input.RoleName);
      if (!record.attachedPolicyArns.includes(input.PolicyArn ?? '')) {
        throw awsError(NoSuchEntityException, 404, `Policy ${input.PolicyArn} was not found.`);
      }
      record.attachedPolicyArns = record.attachedPolicyArns.filter((arn) => arn !== input.PolicyArn);
      return {};
    },

    ListAttachedRolePolicies: (input: ListAttachedRolePoliciesCommandInput): Out<ListAttachedRolePoliciesCommandOutput> => ({
      AttachedPolicies: role(input.RoleName).attachedPolicyArns.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
      IsTruncated: false,
    }),

    DeleteRole: (input: DeleteRoleCommandInput) => {
      const record = role(input.RoleName);
      if (record.inlinePolicies.size || record.attachedPolicyArns.length) {
        throw awsError(DeleteConflictException, 409, 'Cannot delete entity, must delete policies first.');
      }
      roles.delete(record.name);
      return {};
    },
  };
}

export function iamSnapshot(state: IamState): unknown {
  return Object.fromEntries(
    [...state.roles.values()].map((record) => [
      record.name,
      {
        id: record.id,
        arn: record.arn,
        description: record.description,
        assumeRolePolicy: JSON.parse(record.assumeRolePolicy),
        maxSessionDuration: record.maxSessionDuration,
        tags: record.tags,
        inlinePolicies: Object.fromEntries([...record.inlinePolicies].map(([name, document]) => [name, JSON.parse(document)])),
        attachedPolicyArns: [...record.attachedPolicyArns].sort(),
      },
    ]),
  );
}

export function iamResources(state: IamState): string[] {
  return [...state.roles.keys()].map((name) => `iam:role:${name}`);
}
