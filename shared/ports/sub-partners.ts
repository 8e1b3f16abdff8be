import type { NetworkCode, TokenSymbol } from '../domain/chains/networks';
import type { Partner, PartnerStatus, PartnerType } from '../domain/partner/partner';
import type { FeeSettings } from './fee-settings';

export interface SubPartnerListQuery {
  readonly status?: PartnerStatus | undefined;
  readonly type?: Exclude<PartnerType, 'PLATFORM'> | undefined;
  /** Part of the code (any case) or of the name (as written). */
  readonly q?: string | undefined;
  /** A storage position from a previous page (the handler opens the sealed cursor). */
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface ChainActivation {
  readonly network: NetworkCode;
  readonly tokens: readonly TokenSymbol[];
}

/** A partner's fee item with the version every conditional fee write checks (ADR 0031). */
export interface VersionedFees {
  readonly partnerId: string;
  readonly fees: FeeSettings;
  /** 0 for an item never written (or written before versions existed and never since). */
  readonly version: number;
  /** Whether the stored item carries a version attribute (a condition must name the right state). */
  readonly versioned: boolean;
}

/** Reads and writes of the sub-partner screens (seed 000 §7) beyond the partner repository. */
export interface SubPartnerStore {
  /** Direct children of `parentId`, newest first, filtered, one page. */
  listChildren(
    parentId: string,
    query: SubPartnerListQuery,
  ): Promise<{ items: Partner[]; nextCursor?: string }>;
  /** Number of direct children of each partner (one COUNT query each). */
  childCounts(partnerIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * The subtree below `rootId` (not the root), parents before children, at most `maxNodes` partners
   * (one query per distributor read); `truncated` when there were more.
   */
  subtree(rootId: string, maxNodes: number): Promise<{ nodes: Partner[]; truncated: boolean }>;
  /** The fee items of these partners (one BatchGet per 100). */
  fees(partnerIds: readonly string[]): Promise<ReadonlyMap<string, VersionedFees>>;
  /**
   * Writes `write.fees` over the partner's fee item and checks that every item of `unchanged` still
   * has the version read, in ONE transaction: CONFLICT when any of them changed meanwhile (a concurrent
   * edit), VALIDATION_FAILED when the set exceeds one transaction.
   */
  writeFees(write: VersionedFees, unchanged: readonly VersionedFees[], at: string): Promise<void>;
  chains(partnerId: string): Promise<ChainActivation[]>;
  setChains(partnerId: string, chains: readonly ChainActivation[], at: string): Promise<void>;
  /** Whether the partner ever had a deposit or a withdrawal (one query each). */
  hasTransactions(partnerId: string): Promise<boolean>;
  /**
   * Deletes a partner with its code, fee and chain items, in one transaction conditioned on the partner
   * being unchanged since `expected` was read.
   */
  deletePartner(expected: Partner): Promise<void>;
}
