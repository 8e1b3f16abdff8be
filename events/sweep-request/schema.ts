import * as z from 'zod';
import { NETWORK_CODES } from '../../shared/domain/chains/networks';

/**
 * What the sweep function receives when a withdrawal waiting for MASTER funds asks for a sweep now
 * (SweepTrigger): one partner's credited deposits on one network. The same function also takes the
 * schedule's ScheduledJobEvent; a requested run is idempotent with a scheduled one.
 */
export const SweepRequestEvent = z
  .object({
    requestedBy: z.literal('withdrawal'),
    network: z.enum(NETWORK_CODES),
    partnerId: z.string().min(1).max(100),
  })
  .strict();
export type SweepRequestEvent = z.infer<typeof SweepRequestEvent>;
