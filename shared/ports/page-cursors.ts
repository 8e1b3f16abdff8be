/**
 * Page cursors as partners see them. A list's storage position (e.g. a DynamoDB key, or the flows
 * cursor with its running balance) never leaves the gateway in clear: it is sealed, bound to the query
 * it belongs to, and only a cursor sealed by the gateway for that very query opens (ADR 0020).
 */
export interface PageCursorSealer {
  /** An opaque cursor for `position`, valid only for `scope` (partner, route, filters). */
  seal(scope: string, position: string): Promise<string>;
  /**
   * The position sealed in `cursor`. A cursor that was altered, forged, sealed for another scope or is
   * not a cursor at all is a `ValidationError` on the field `cursor` (400 VALIDATION_FAILED).
   */
  open(scope: string, cursor: string): Promise<string>;
}

/**
 * The scope a cursor is sealed to: the partner, the route and every filter except the cursor itself
 * and the page size (a client may change `limit` between pages). Path parameters count as filters.
 */
export function cursorScope(input: {
  readonly tenant: string;
  readonly route: string;
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly query?: Readonly<Record<string, string | undefined>> | null;
}): string {
  const pairs = (
    record: Readonly<Record<string, string | undefined>> | null | undefined,
    skip: readonly string[],
  ) =>
    Object.entries(record ?? {})
      .filter(([k, v]) => v !== undefined && !skip.includes(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    input.tenant,
    input.route,
    pairs(input.pathParameters, []),
    pairs(input.query, ['cursor', 'limit']),
  ]);
}
