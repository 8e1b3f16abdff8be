import type { NetworkCode } from '../domain/chains/networks';

export interface PoolRequest {
  readonly id: string;
  readonly partnerId: string;
  readonly userId: string;
  readonly network: NetworkCode;
  readonly token: string;
  readonly poolAddress: string;
  /** The unique amount to send, in minor units. */
  readonly amount: bigint;
  readonly status: 'OPEN' | 'FULFILLED';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly depositId?: string;
}

export interface PoolRequestStore {
  /** Opens a request; CONFLICT when an open, unexpired request already uses that exact amount. */
  open(request: Omit<PoolRequest, 'id' | 'status'>): Promise<PoolRequest>;
  /** Marks the open, unexpired request for that exact amount fulfilled by a deposit — exactly once. */
  fulfil(
    network: NetworkCode,
    token: string,
    poolAddress: string,
    amount: bigint,
    depositId: string,
    at: string,
  ): Promise<PoolRequest | undefined>;
}
