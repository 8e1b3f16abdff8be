import type { z } from 'zod';
import { ValidationError } from '../../domain/errors';

/** zod parse whose failure is the gateway's VALIDATION_FAILED with field paths. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'Invalid input',
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
