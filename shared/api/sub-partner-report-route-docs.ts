import { DepositsQuery, DepositsResponse } from './deposit-api-schemas';
import type { RouteDoc } from './openapi';
import { BalanceFlowsResponse } from './partner-api-schemas';
import {
  ActivityQuery,
  FeesResponse,
  RevenueQuery,
  RevenueResponse,
  SubPartnerActivityResponse,
  SubPartnerCodeParams,
  SubPartnerFlowsQuery,
  SubPartnerSummaryResponse,
  SummaryQuery,
} from './sub-partner-report-schemas';
import { WithdrawalsQuery, WithdrawalsResponse } from './withdrawal-api-schemas';

const SCOPE =
  ' `code` is any partner below you (any depth); a partner outside your subtree is 404 NOT_FOUND, the same answer as a code no one has. A MERCHANT caller gets 403 FORBIDDEN.';
const FIGURES = {
  deposits: { count: 3, amounts: [{ asset: 'USDT@POLYGON', amount: '1500' }] },
  withdrawals: { count: 1, amounts: [{ asset: 'USDT@POLYGON', amount: '200' }] },
  revenue: [{ asset: 'USDT@POLYGON', amount: '6' }],
};
const FROM = '2026-12-01T00:00:00.000Z';
const TO = '2026-12-07T23:40:00.000Z';

/** Documentation of the sub-partner money reads (ADR 0032), merged into ROUTE_DOCS in openapi.ts. */
export const SUB_PARTNER_REPORT_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /v1/sub-partners/activity': {
    operationId: 'listSubPartnerActivity',
    summary: 'Activity of your direct sub-partners',
    description:
      'One row per direct sub-partner, each covering its whole subtree: deposits (count and amount per asset), withdrawals, and the revenue YOU earned from it, for `period` (UTC: today, week since Monday, month since the 1st). Sort by depositAmount, depositCount, withdrawalAmount or revenue (amounts of several assets compare by their USD sum), `order` desc (default) or asc. A MERCHANT caller gets 403 FORBIDDEN.',
    tag: 'Revenue',
    response: SubPartnerActivityResponse,
    query: ActivityQuery,
    responseExample: {
      period: 'month',
      from: FROM,
      to: TO,
      items: [{ code: 'SHOP_B', name: 'Shop B', type: 'MERCHANT', status: 'ACTIVE', ...FIGURES }],
    },
  },
  'GET /v1/sub-partners/{code}/summary': {
    operationId: 'getSubPartnerSummary',
    summary: 'Transaction summary of one sub-partner',
    description: `Deposits, withdrawals and the revenue you earned from the sub-partner's whole subtree in \`period\`.${SCOPE}`,
    tag: 'Revenue',
    response: SubPartnerSummaryResponse,
    params: SubPartnerCodeParams,
    query: SummaryQuery,
    responseExample: { summary: { period: 'month', from: FROM, to: TO, ...FIGURES } },
  },
  'GET /v1/sub-partners/{code}/deposits': {
    operationId: 'listSubPartnerDeposits',
    summary: "A sub-partner's deposits (read-only)",
    description: `The sub-partner's own deposits, exactly as GET /v1/deposits lists them for it (same filters, cursor pages).${SCOPE}`,
    tag: 'Revenue',
    response: DepositsResponse,
    params: SubPartnerCodeParams,
    query: DepositsQuery,
    responseExample: { deposits: [] },
  },
  'GET /v1/sub-partners/{code}/withdrawals': {
    operationId: 'listSubPartnerWithdrawals',
    summary: "A sub-partner's withdrawals (read-only)",
    description: `The sub-partner's own withdrawals, as GET /v1/withdrawals lists them for it (same filters, cursor pages).${SCOPE}`,
    tag: 'Revenue',
    response: WithdrawalsResponse,
    params: SubPartnerCodeParams,
    query: WithdrawalsQuery,
    responseExample: { withdrawals: [] },
  },
  'GET /v1/sub-partners/{code}/flows': {
    operationId: 'listSubPartnerFlows',
    summary: "A sub-partner's balance movements (read-only)",
    description: `The movements of the sub-partner's balance in \`asset\`, as GET /v1/balances/{asset}/flows shows them to it.${SCOPE}`,
    tag: 'Revenue',
    response: BalanceFlowsResponse,
    params: SubPartnerCodeParams,
    query: SubPartnerFlowsQuery,
    responseExample: { asset: 'USDT@POLYGON', flows: [] },
  },
  'GET /v1/revenue': {
    operationId: 'getRevenue',
    summary: 'Your revenue, per asset and per direct sub-partner',
    description:
      'What you earned from deposits below you (your fee share, DESIGN.md §1), for `period` (default month) or the UTC days `from`…`to` (both included, at most 366), per asset and per direct sub-partner whose subtree it came from. The totals are exactly what your revenue account was credited for the deposits of those days (counted by detection day, once credited). A MERCHANT caller gets 403 FORBIDDEN.',
    tag: 'Revenue',
    response: RevenueResponse,
    query: RevenueQuery,
    responseExample: {
      from: FROM,
      to: TO,
      totals: [{ asset: 'USDT@POLYGON', amount: '6' }],
      bySubPartner: [{ code: 'SHOP_B', name: 'Shop B', amounts: [{ asset: 'USDT@POLYGON', amount: '6' }] }],
    },
  },
  'GET /v1/fees': {
    operationId: 'getFees',
    summary: 'Your fee rates and this month’s revenue',
    description:
      'Your own rates as percent strings: a MERCHANT its depositFeeRate and the floor it may not go under, a DISTRIBUTOR its parentFeeRate, maxFeeCap and computed minFeeRate (its parent’s floor plus its parentFeeRate), the PLATFORM its base minFeeRate; and what you earned this month (UTC), per asset. Every partner type.',
    tag: 'Revenue',
    response: FeesResponse,
    responseExample: {
      type: 'DISTRIBUTOR',
      depth: 1,
      canRegister: ['MERCHANT', 'DISTRIBUTOR'],
      fees: { parentFeeRate: '0.3', maxFeeCap: '3', minFeeRate: '0.8' },
      revenueThisMonth: [{ asset: 'USDT@POLYGON', amount: '4' }],
    },
  },
};
