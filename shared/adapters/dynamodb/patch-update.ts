/**
 * The SET part of an UpdateExpression for a partial record: one placeholder pair per defined field,
 * values converted by `toStored` (bigint amounts become strings). The caller adds its own condition,
 * index maintenance and REMOVE clause.
 */
export interface PatchExpression {
  readonly sets: string[];
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

export function patchExpression(
  patch: Readonly<Record<string, unknown>>,
  toStored: (value: unknown) => unknown,
): PatchExpression {
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  Object.entries(patch).forEach(([k, v], i) => {
    if (v === undefined) return;
    names[`#f${i}`] = k;
    values[`:v${i}`] = toStored(v);
    sets.push(`#f${i} = :v${i}`);
  });
  return { sets, names, values };
}

/** `SET a, b REMOVE c, d` from its parts. */
export function updateExpression(sets: readonly string[], removes: readonly string[]): string {
  return `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
}
