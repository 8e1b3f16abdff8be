/**
 * Fee rates of a partner, in parts per million. PLATFORM: `minFeeRate` (the base). DISTRIBUTOR:
 * `parentFeeRate` (what it pays its parent) and `maxFeeCap` (highest rate its merchants may charge).
 * MERCHANT: `depositFeeRate`.
 */
export interface FeeSettings {
  readonly minFeeRate?: bigint;
  readonly parentFeeRate?: bigint;
  readonly maxFeeCap?: bigint;
  readonly depositFeeRate?: bigint;
  readonly updatedAt?: string;
}

export interface FeeSettingsStore {
  get(partnerId: string): Promise<FeeSettings>;
  set(partnerId: string, settings: FeeSettings, at: string): Promise<void>;
}
