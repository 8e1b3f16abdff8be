import type { KMSClient } from '@aws-sdk/client-kms';
import { MulticallBalanceReader } from '../adapters/evm/multicall-balance-reader';
import { TronChainReader } from '../adapters/tron/tron-chain-reader';
import { TronCustodyBalanceReader } from '../adapters/tron/tron-custody-balance-reader';
import { WalletCustodyReader } from '../app/ledger/chain-custody';
import type { NetworkCode, TokenSymbol } from '../config/networks';
import type { WalletType } from '../domain/ledger/accounts';
import type { ChainCustodyReader, CustodyAddressSource, CustodyBalanceReader } from '../ports/reconciliation';
import type { DepositDeps } from './deposits';
import { gasTankAddresses } from './gas-tanks';
import { buildMasterWallets, masterWalletsFor } from './master-wallets';

const WALLET_PAGE = 500;

/**
 * Where custody lives on chain: every wallet row of a partner on the network (HOT, released
 * reservations included, POOL; in HD mode its MASTER row), the KMS MASTER key's address in KMS mode
 * (the same for every partner, so the reader compares it with all their MASTER custody together),
 * and the network's gas tank.
 */
export function custodyAddressSource(depositDeps: DepositDeps, kmsClient?: KMSClient): CustodyAddressSource {
  const { config } = depositDeps.base;
  const kms = config.withdrawals.masterSigner.kind === 'kms';
  // The process's one MASTER resolution; a KMS client given by a test gets its own.
  const masterWallets = kms
    ? kmsClient
      ? buildMasterWallets(depositDeps, config, kmsClient)
      : masterWalletsFor(depositDeps)
    : undefined;
  const gasTank = gasTankAddresses(depositDeps);
  return {
    partnerAddresses: async (partnerId, network) => {
      const out: { wallet: WalletType; address: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await depositDeps.wallets.listWallets(partnerId, network, {
          limit: WALLET_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        for (const w of page.items)
          if (!(kms && w.kind === 'MASTER')) out.push({ wallet: w.kind, address: w.address });
        cursor = page.nextCursor;
      } while (cursor);
      if (masterWallets)
        out.push({
          wallet: 'MASTER',
          address: (await masterWallets.masterWallet(partnerId, network)).address,
        });
      return out;
    },
    gasTank,
  };
}

/** One batched balance reader per network: Multicall3 on EVM (where configured), a bounded pool on TRON. */
export function custodyBalanceReaders(
  depositDeps: DepositDeps,
): Partial<Record<NetworkCode, CustodyBalanceReader>> {
  const { config } = depositDeps.base;
  const readers: Partial<Record<NetworkCode, CustodyBalanceReader>> = {};
  for (const network of Object.values(config.networks)) {
    if (network.family === 'EVM' && network.multicall3) {
      readers[network.code] = MulticallBalanceReader.connect(network, {
        timeoutMs: config.poller.rpcTimeoutMs,
      });
    }
    if (network.family === 'TRON') {
      const chain = TronChainReader.connect(network, {
        timeoutMs: config.poller.rpcTimeoutMs,
        ...(config.tron.apiKey ? { apiKey: config.tron.apiKey } : {}),
      });
      readers[network.code] = new TronCustodyBalanceReader(
        chain,
        Object.keys(network.tokens) as TokenSymbol[],
      );
    }
  }
  return readers;
}

export function buildCustodyReader(depositDeps: DepositDeps): ChainCustodyReader {
  return new WalletCustodyReader({
    addresses: custodyAddressSource(depositDeps),
    balances: custodyBalanceReaders(depositDeps),
  });
}
