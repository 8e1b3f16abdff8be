import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Renders a token the way cdk-nag names it in a finding id (`Ref` → `<Id>`, `Fn::GetAtt` → `<Id.Attr>`,
 * `Fn::Join` joined), so an acknowledgement can name the exact resource it covers instead of a
 * blanket rule id. Only meaningful for tokens that resolve inside `scope`'s own stack.
 */
export function nagResourceName(scope: IConstruct, token: string): string {
  return flatten(Stack.of(scope).resolve(token));
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj['Fn::Join'])) {
      const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (obj['Fn::Sub'] !== undefined) return flatten(obj['Fn::Sub']);
    if (Array.isArray(obj['Fn::GetAtt'])) {
      const [resource, attribute] = obj['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (obj['Fn::ImportValue'] !== undefined) return flatten(obj['Fn::ImportValue']);
    if (obj.Ref !== undefined) return `<${flatten(obj.Ref)}>`;
  }
  return JSON.stringify(node);
}
