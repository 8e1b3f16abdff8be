import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Template } from 'aws-cdk-lib/assertions';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The single resource of a type (fails when there are none or several). */
export function onlyResource(template: Template, type: string): [string, CfnResource] {
  const entries = Object.entries(resourcesOf(template, type));
  if (entries.length !== 1) throw new Error(`Expected one ${type}, found ${entries.length}`);
  return entries[0]!;
}

/** Logical id behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}

/** Every logical id referenced anywhere inside a value (Ref / Fn::GetAtt; pseudo parameters excluded). */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  const id = refId(value);
  if (id && !id.startsWith('AWS::')) into.add(id);
  if (Array.isArray(value)) for (const v of value) referencedIds(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) referencedIds(v, into);
  return into;
}

/** Full resource path (`/v1/partner/{id}`) of every API Gateway resource, by logical id. */
export function apiResourcePaths(template: Template): Map<string, string> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const resource = resources[id];
    if (!resource) throw new Error(`Unknown API resource ${id}`);
    const parent = resource.Properties?.ParentId;
    const parentId = refId(parent);
    const isRoot = !!parent && typeof parent === 'object' && 'Fn::GetAtt' in parent;
    const prefix = isRoot || !parentId ? '' : pathOf(parentId);
    const path = `${prefix}/${String(resource.Properties?.PathPart)}`;
    paths.set(id, path);
    return path;
  };
  for (const id of Object.keys(resources)) pathOf(id);
  return paths;
}

/** Lambda functions of a template by physical FunctionName. */
export function functionsByName(
  template: Template,
): Map<string, { id: string; props: Record<string, unknown> }> {
  const out = new Map<string, { id: string; props: Record<string, unknown> }>();
  for (const [id, fn] of Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))) {
    const name = fn.Properties?.FunctionName;
    if (typeof name === 'string') out.set(name, { id, props: fn.Properties ?? {} });
  }
  return out;
}

/** IAM statements attached (via AWS::IAM::Policy) to a role, by the role's logical id. */
export function statementsOfRole(template: Template, roleId: string): Array<Record<string, unknown>> {
  const statements: Array<Record<string, unknown>> = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((r) => refId(r) === roleId)) continue;
    const doc = policy.Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> };
    statements.push(...doc.Statement);
  }
  return statements;
}

export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? (action as string[]) : [String(action)];
}

/** Logical id of an L2 construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child);
}
