import type { NetworkCode } from '../domain/chains/networks';

/**
 * The gateway's wallets. HOT addresses receive users' deposits (one per user, or reserved); MASTER
 * holds a partner's swept funds and pays withdrawals; POOL receives amount-matched deposits.
 */
export type WalletKind = 'HOT' | 'MASTER' | 'POOL';
export type AddressPurpose = 'USER' | 'RESERVATION' | 'MASTER' | 'POOL';

export interface WalletAddress {
  readonly network: NetworkCode;
  /** Checksummed. */
  readonly address: string;
  readonly partnerId: string;
  readonly kind: WalletKind;
  readonly purpose: AddressPurpose;
  readonly userId: string | null;
  /** HD account (0 HOT, 1 MASTER, 2 POOL) and index: m/44'/60'/account'/0/index. */
  readonly hdAccount: number;
  readonly hdIndex: number;
  readonly status: 'ACTIVE' | 'RELEASED';
  readonly createdAt: string;
  readonly releasedAt?: string;
}

export interface ExternalWallet {
  readonly network: NetworkCode;
  readonly address: string;
  readonly partnerId: string;
  readonly userId: string;
  readonly label: string | null;
  readonly createdAt: string;
}

/** Derives addresses from the family's extended public keys; private keys are not needed for that. */
export interface HdAddressDeriver {
  deriveAddress(hdAccount: number, hdIndex: number): Promise<string>;
}

export interface WalletRepository {
  /** Addresses we control, by lower-cased address, in bulk (cost independent of how many exist). */
  lookup(network: NetworkCode, addresses: readonly string[]): Promise<ReadonlyMap<string, WalletAddress>>;
  /** Registered external senders, by lower-cased address, in bulk. */
  lookupExternal(
    network: NetworkCode,
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, ExternalWallet>>;
  userAddress(partnerId: string, network: NetworkCode, userId: string): Promise<WalletAddress | undefined>;
  /** Atomically claims a user's address; returns the existing one if another request won. */
  createUserAddress(
    wallet: WalletAddress,
  ): Promise<{ readonly created: boolean; readonly wallet: WalletAddress }>;
  createWallet(wallet: WalletAddress): Promise<void>;
  partnerWallet(
    partnerId: string,
    network: NetworkCode,
    kind: 'MASTER' | 'POOL',
  ): Promise<WalletAddress | undefined>;
  /** Claims the partner's single MASTER/POOL wallet on a network; returns the existing one if it exists. */
  createPartnerWallet(
    wallet: WalletAddress,
  ): Promise<{ readonly created: boolean; readonly wallet: WalletAddress }>;
  listWallets(
    partnerId: string,
    network: NetworkCode | undefined,
    options: { limit: number; cursor?: string; kind?: WalletKind },
  ): Promise<{ items: WalletAddress[]; nextCursor?: string }>;
  releaseReservation(
    partnerId: string,
    network: NetworkCode,
    address: string,
    at: string,
  ): Promise<WalletAddress>;
  nextHdIndex(hdAccount: number): Promise<number>;
  registerExternal(wallet: ExternalWallet): Promise<void>;
  removeExternal(partnerId: string, network: NetworkCode, address: string): Promise<void>;
  listExternal(
    partnerId: string,
    options: { limit: number; cursor?: string },
  ): Promise<{ items: ExternalWallet[]; nextCursor?: string }>;
}
