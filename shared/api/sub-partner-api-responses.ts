import * as z from 'zod';
import { NETWORK_CODES, TOKEN_SYMBOLS } from '../domain/chains/networks';
import { partnerApiRegistry } from './common-schemas';

/**
 * The sub-partner endpoints' response schemas (ADR 0031), for the OpenAPI document and the contract
 * checks; apart from the request schemas so the functions that parse requests do not bundle them.
 */
const Rate = z.string().describe('Percent decimal string');
export const SubPartnerSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    type: z.enum(['MERCHANT', 'DISTRIBUTOR']),
    status: z.enum(['ACTIVE', 'SUSPENDED']),
    accessSuspended: z
      .boolean()
      .describe('Suspended itself or below a suspended distributor: refused everywhere.'),
    depth: z.number().int(),
    parentCode: z.string(),
    fees: z.object({
      depositFeeRate: Rate.optional(),
      parentFeeRate: Rate.optional(),
      maxFeeCap: Rate.optional(),
      minFeeRate: Rate.describe(
        'The floor: parent floor + parentFeeRate (distributor), the distributor floor (merchant).',
      ),
    }),
    chains: z.array(z.object({ network: z.enum(NETWORK_CODES), tokens: z.array(z.enum(TOKEN_SYMBOLS)) })),
    childCount: z.number().int(),
    createdAt: z.string(),
  })
  .register(partnerApiRegistry, { id: 'SubPartner' });

export const SubPartnersResponse = z
  .object({ items: z.array(SubPartnerSchema), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'SubPartnersResponse' });

export const SubPartnerResponse = z
  .object({ subPartner: SubPartnerSchema })
  .register(partnerApiRegistry, { id: 'SubPartnerResponse' });

export const SubPartnerDetailResponse = z
  .object({
    subPartner: SubPartnerSchema,
    ancestors: z
      .array(z.object({ code: z.string(), name: z.string() }))
      .describe("From the caller down to the sub-partner's parent."),
  })
  .register(partnerApiRegistry, { id: 'SubPartnerDetailResponse' });

export const RegisterSubPartnerResponse = z
  .object({ subPartner: SubPartnerSchema, owner: z.object({ email: z.string() }) })
  .register(partnerApiRegistry, { id: 'RegisterSubPartnerResponse' });

export interface SubPartnerTreeNodeWire {
  code: string;
  name: string;
  type: 'PLATFORM' | 'DISTRIBUTOR' | 'MERCHANT';
  status: 'ACTIVE' | 'SUSPENDED';
  accessSuspended: boolean;
  childCount: number;
  descendantCount: number;
  children: SubPartnerTreeNodeWire[];
}

export const SubPartnerTreeNode: z.ZodType<SubPartnerTreeNodeWire> = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(['PLATFORM', 'DISTRIBUTOR', 'MERCHANT']),
  status: z.enum(['ACTIVE', 'SUSPENDED']),
  accessSuspended: z.boolean(),
  childCount: z.number().int(),
  descendantCount: z.number().int(),
  get children() {
    return z.array(SubPartnerTreeNode);
  },
});
partnerApiRegistry.add(SubPartnerTreeNode, { id: 'SubPartnerTreeNode' });

export const SubPartnerTreeResponse = z
  .object({ tree: SubPartnerTreeNode, truncated: z.boolean() })
  .register(partnerApiRegistry, { id: 'SubPartnerTreeResponse' });

export const OwnerPasswordResetResponse = z
  .object({
    temporaryPassword: z.string().describe('Shown once; the owner must change it at the next sign-in.'),
    email: z.string(),
  })
  .register(partnerApiRegistry, { id: 'OwnerPasswordResetResponse' });

export const SubPartnerDeletedResponse = z
  .object({ deleted: z.string() })
  .register(partnerApiRegistry, { id: 'SubPartnerDeletedResponse' });
