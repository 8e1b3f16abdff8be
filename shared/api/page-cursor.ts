import * as z from 'zod';

/** The longest `nextCursor` the gateway issues (sealed cursors of the longest keys stay far below it). */
export const CURSOR_MAX_LENGTH = 1024;

export const PageCursor = z
  .string()
  .min(1)
  .max(CURSOR_MAX_LENGTH)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Pass nextCursor from the previous page unchanged')
  .describe(
    '`nextCursor` of the previous page, unchanged, with the same filters. Opaque and sealed: an altered cursor, ' +
      'or one from another list, filter or partner, is refused with 400 VALIDATION_FAILED (field `cursor`).',
  );
