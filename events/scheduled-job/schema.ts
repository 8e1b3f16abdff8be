import { z } from 'zod';

/**
 * What a scheduled job receives: the EventBridge rule's constant input (`scheduleId` plus the row's
 * `input` from shared/schedules/schedule-table.ts). The local scheduler sends exactly the same shape.
 */
export const SCHEDULED_JOB_SOURCE = 'gateway.scheduler';

export const ScheduledJobEvent = z.object({
  scheduleId: z.string().min(1),
  network: z.enum(['BSC', 'POLYGON', 'TRON']).optional(),
});
export type ScheduledJobEvent = z.infer<typeof ScheduledJobEvent>;
