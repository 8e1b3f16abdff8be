import { GasRecordsQuery, GasRecordsResponse } from './gas-api-schemas';
import type { RouteDoc } from './openapi';

const TX = '0x8a3f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';

/** Documentation of the gas routes, merged into ROUTE_DOCS in openapi.ts. */
export const GAS_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /v1/gas-records': {
    operationId: 'listGasRecords',
    summary: 'List the gas paid on your behalf',
    description:
      'Every on-chain action the gateway paid gas for on your behalf — gas top-ups of deposit addresses (TOPUP), ' +
      'token approvals (APPROVE), sweeps (SWEEP), returns of unused gas (RETURN) and withdrawals (WITHDRAWAL, TRON ' +
      'energy rentals included) — newest first, with the cost in the native coin and in USD at the coin price of ' +
      'the time (`usdPrice`, `priceAt`; `priceStale` when the kept price was older than the configured maximum age). Filter by `month` (default: the current UTC month) or a `from`/`to` range of UTC days, `network` ' +
      'and `type`. `totals` sum the whole filter per network, whatever the page. These records make the monthly ' +
      'gas invoice.',
    tag: 'Gas',
    response: GasRecordsResponse,
    query: GasRecordsQuery,
    responseExample: {
      from: '2026-11-01',
      to: '2026-11-30',
      records: [
        {
          network: 'BSC',
          type: 'SWEEP',
          txHash: TX,
          explorerUrl: `https://bscscan.com/tx/${TX}`,
          reference: 'D261114K3QZ8M2PA',
          deposits: ['D261114K3QZ8M2PA', 'D261114W7XR0C5TN'],
          address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
          token: 'USDT',
          gasUsed: '51234',
          gasPrice: '1000000000',
          nativeAmount: '0.000051234',
          nativeSymbol: 'BNB',
          usdValue: '0.030741',
          usdPrice: '600',
          priceSource: 'FEED',
          priceAt: '2026-11-20T09:04:30.000Z',
          priceStale: false,
          success: true,
          at: '2026-11-20T09:05:00.000Z',
        },
      ],
      totals: [
        {
          network: 'BSC',
          nativeSymbol: 'BNB',
          count: 42,
          nativeAmount: '0.002151828',
          usdValue: '1.291096',
          withoutPrice: 0,
        },
      ],
    } satisfies GasRecordsResponse,
  },
};
