/** A refusal from the API: its stable code, field issues and details (no DOM: unit-testable). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldIssue[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
