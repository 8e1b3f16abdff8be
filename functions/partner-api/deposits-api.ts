import { DepositCodeParams, DepositsQuery, RescanRequest } from '../../shared/api/deposit-api-schemas';
import { FetchJsonRpcClient } from '../../shared/adapters/evm/json-rpc-client';
import { JsonRpcTransferScanner } from '../../shared/adapters/evm/json-rpc-transfer-scanner';
import { tronNodeOptions } from '../../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../../shared/adapters/tron/tron-transfer-scanner';
import { jsonBody, partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import { getDeposit, listDeposits, rescanTransaction } from '../../shared/app/deposits/deposit-queries';
import type { NetworkCode } from '../../shared/config/networks';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';
import { getDepositRecords } from '../../shared/composition/deposit-records';
import { getDepositIntake } from '../../shared/composition/deposit-intake';

/**
 * The rescan reads one transaction's receipt, the head and a few block hashes: plain JSON-RPC over
 * fetch (no ethers provider) on EVM, the node's HTTP API on TRON (docs/adr/0025-lambda-bundles.md).
 */
const scanners = new Map<NetworkCode, JsonRpcTransferScanner | TronTransferScanner>();
function scannerFor(network: NetworkCode): JsonRpcTransferScanner | TronTransferScanner {
  let s = scanners.get(network);
  if (!s) {
    const { config } = getPartnerApiDeps();
    const options = { timeoutMs: config.poller.rpcTimeoutMs };
    s =
      config.networks[network].family === 'TRON'
        ? TronTransferScanner.connect(config.networks[network], tronNodeOptions(config))
        : new JsonRpcTransferScanner(
            config.networks[network],
            FetchJsonRpcClient.forNetwork(config.networks[network], options),
          );
    scanners.set(network, s);
  }
  return s;
}

/** GET /v1/deposits, GET /v1/deposits/{code}, POST /v1/deposits/rescan — the caller's deposits only. */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  routeTable({
    'GET /v1/deposits': async ({ event, principal }) => {
      const query = DepositsQuery.parse(event.queryStringParameters ?? {});
      return {
        statusCode: 200,
        body: await listDeposits(
          { deposits: getDepositRecords().deposits, networks: getPartnerApiDeps().config.networks },
          principal.partnerId,
          query,
        ),
      };
    },
    'GET /v1/deposits/{code}': async ({ event, principal }) => {
      const { code } = DepositCodeParams.parse(event.pathParameters ?? {});
      return {
        statusCode: 200,
        body: await getDeposit(
          { deposits: getDepositRecords().deposits, networks: getPartnerApiDeps().config.networks },
          principal.partnerId,
          code,
        ),
      };
    },
    'POST /v1/deposits/rescan': async ({ event, principal }) => {
      const input = RescanRequest.parse(jsonBody(event));
      return {
        statusCode: 200,
        body: await rescanTransaction(
          { deposits: getDepositRecords().deposits, intake: getDepositIntake(), scanner: scannerFor },
          principal.partnerId,
          input,
        ),
      };
    },
  }),
);
