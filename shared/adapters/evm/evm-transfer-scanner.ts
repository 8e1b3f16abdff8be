import type { NetworkConfig } from '../../config/networks';
import { JsonRpcTransferScanner } from './json-rpc-transfer-scanner';
import type { EvmTransferScannerOptions } from './json-rpc-transfer-scanner';
import { meteredEvmProvider } from './metered-json-rpc-provider';
import type { MeteredProviderOptions } from './metered-json-rpc-provider';

export * from './json-rpc-transfer-scanner';

/**
 * The transfer scanner (json-rpc-transfer-scanner.ts) with `connect`, which gives it its own metered
 * ethers provider (batched JSON-RPC, 429 back-off): what the pollers, the CLI and the benches use.
 * A function that reads one transaction (the rescan) builds `JsonRpcTransferScanner` on the plain
 * fetch client instead and so does not load ethers' providers.
 */
export class EvmTransferScanner extends JsonRpcTransferScanner {
  /** A scanner on its own metered ethers provider (see metered-json-rpc-provider.ts). */
  static connect(
    config: NetworkConfig,
    options: EvmTransferScannerOptions & MeteredProviderOptions = {},
  ): EvmTransferScanner {
    const { provider, meter } = meteredEvmProvider(config, options);
    return new EvmTransferScanner(config, provider, { ...options, meter, close: () => provider.destroy() });
  }
}
