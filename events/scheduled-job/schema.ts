import * as z from 'zod';
import { NETWORK_CODES } from '../../shared/domain/chains/networks';

/**
 * What a scheduled job receives: the EventBridge rule's constant input (`scheduleId` plus the row's
 * `input` from shared/schedules/schedule-table.ts). The local scheduler sends exactly the same shape.
 */
export const SCHEDULED_JOB_SOURCE = 'gateway.scheduler';

export const ScheduledJobEvent = z.object({
  scheduleId: z.string().min(1),
  network: z.enum(NETWORK_CODES).optional(),
});
export type ScheduledJobEvent = z.infer<typeof ScheduledJobEvent>;
