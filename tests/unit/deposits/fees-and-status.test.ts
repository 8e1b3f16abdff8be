import fc from 'fast-check';
import { isGatewayError } from '../../../shared/domain/errors';
import {
  confirmationsOf,
  depositCode,
  depositId,
  transitionDeposit,
} from '../../../shared/domain/deposit/deposit';
import {
  assertMerchantRate,
  minFeeRate,
  percentToPpm,
  splitDepositFee,
} from '../../../shared/domain/deposit/fees';
import type { FeeChainLink } from '../../../shared/domain/deposit/fees';

const USDT = 10n ** 6n;
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (isGatewayError(e)) return e.code;
    throw e;
  }
};

describe('deposit fees', () => {
  const platform: FeeChainLink = { partnerId: 'platform', type: 'PLATFORM', rate: percentToPpm('0.5') };
  const a: FeeChainLink = {
    partnerId: 'A',
    type: 'DISTRIBUTOR',
    rate: percentToPpm('0.3'),
    maxFeeCap: percentToPpm('3'),
  };

  it('splits the design example: 1,000 USDT at 1.2 % → A earns 4, the platform 8', () => {
    const fee = splitDepositFee(1_000n * USDT, percentToPpm('1.2'), [platform, a]);
    expect(fee).toEqual({
      fee: 12n * USDT,
      net: 988n * USDT,
      shares: [
        { partnerId: 'platform', role: 'PLATFORM', amount: 8n * USDT },
        { partnerId: 'A', role: 'DISTRIBUTOR', amount: 4n * USDT },
      ],
    });
    expect(minFeeRate([platform, a])).toBe(8_000n);
  });

  it('pays each ancestor distributor the parent fee its child distributor pays it', () => {
    const b: FeeChainLink = { partnerId: 'B', type: 'DISTRIBUTOR', rate: percentToPpm('0.2') };
    // min(B) = 0.5 + 0.3 + 0.2 = 1.0 %; merchant at 1.5 %: B earns 0.5 %, A earns 0.2 %, platform 0.5 + 0.3 %.
    const fee = splitDepositFee(10_000n * USDT, percentToPpm('1.5'), [platform, a, b]);
    expect(Object.fromEntries(fee.shares.map((s) => [s.partnerId, s.amount / USDT]))).toEqual({
      platform: 80n,
      A: 20n,
      B: 50n,
    });
  });

  it('keeps fee + net = amount and shares summing to the fee for any amount (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 8_000n, max: 30_000n }),
        (amount, rate) => {
          const f = splitDepositFee(amount, rate, [platform, a]);
          return (
            f.fee + f.net === amount &&
            f.shares.reduce((s, x) => s + x.amount, 0n) === f.fee &&
            f.shares.every((s) => s.amount >= 0n)
          );
        },
      ),
    );
  });

  it('enforces the merchant rate between the distributor floor and cap', () => {
    expect(code(() => assertMerchantRate([platform, a], percentToPpm('0.79')))).toBe('VALIDATION_FAILED');
    expect(code(() => assertMerchantRate([platform, a], percentToPpm('0.8')))).toBe('OK');
    expect(code(() => assertMerchantRate([platform, a], percentToPpm('3.0001')))).toBe('VALIDATION_FAILED');
  });

  it('parses percentages exactly', () => {
    expect(percentToPpm('1.2')).toBe(12_000n);
    expect(percentToPpm('0.0001')).toBe(1n);
    for (const bad of ['1.23456', '-1', '1e2', '', '101', '01'])
      expect(code(() => percentToPpm(bad))).toBe('VALIDATION_FAILED');
  });
});

describe('deposit status machine', () => {
  it('follows the flow and fails only before confirmation', () => {
    expect(transitionDeposit('DETECTED', 'CONFIRMATION_SEEN')).toBe('CONFIRMING');
    expect(transitionDeposit('CONFIRMING', 'FINALIZED')).toBe('CONFIRMED');
    expect(transitionDeposit('CONFIRMED', 'SWEEP_STARTED')).toBe('COLLECTING');
    expect(transitionDeposit('COLLECTING', 'SWEEP_CONFIRMED')).toBe('COLLECTED');
    expect(transitionDeposit('COLLECTED', 'SETTLED')).toBe('SETTLED');
    expect(transitionDeposit('CONFIRMING', 'REORGED')).toBe('FAILED');
    expect(code(() => transitionDeposit('CONFIRMED', 'REORGED'))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => transitionDeposit('FAILED', 'FINALIZED'))).toBe('ILLEGAL_TRANSITION');
  });

  it('derives ids and human codes deterministically', () => {
    const id = depositId('BSC', '0xABC', 3);
    expect(id).toBe('BSC:0xabc:3');
    expect(depositCode(id, '2026-11-20T10:00:00Z')).toMatch(/^D261120[0-9A-Z]{8}$/);
    expect(depositCode(id, '2026-11-20T10:00:00Z')).toBe(depositCode(id, '2026-11-20T23:00:00Z'));
    expect(confirmationsOf(100, 100)).toBe(1);
    expect(confirmationsOf(101, 100)).toBe(0);
  });
});

describe('deposit view', () => {
  it('shows amounts in token units and the sweep once the funds reached MASTER', async () => {
    const { depositView } = await import('../../../shared/app/deposits/deposit-queries');
    const { networkRegistry } = await import('../../../shared/config/networks');
    const view = depositView(
      {
        id: 'BSC:0xabc:1',
        code: 'D261120ABCDEFGH',
        partnerId: 'pt',
        userId: 'u',
        method: 'HOT_ADDRESS',
        network: 'BSC',
        token: 'USDT',
        asset: 'USDT@BSC',
        txHash: '0xabc',
        logIndex: 1,
        blockNumber: 10,
        blockHash: '0xb',
        fromAddress: '0xf',
        toAddress: '0xt',
        walletType: 'HOT',
        amount: 1_000_500_000_000_000_000_000n,
        fee: 12_006_000_000_000_000_000n,
        netAmount: 988_494_000_000_000_000_000n,
        feeShares: [],
        status: 'SETTLED',
        confirmations: 20,
        requiredConfirmations: 15,
        detectedAt: '2026-11-20T00:00:00.000Z',
        updatedAt: '2026-11-20T00:10:00.000Z',
        sweepTxHash: '0xsweep',
        collectedAt: '2026-11-20T00:05:00.000Z',
        settledAt: '2026-11-20T00:06:00.000Z',
      },
      networkRegistry('mainnet'),
    );
    expect(view).toMatchObject({
      amount: '1000.5',
      fee: '12.006',
      netAmount: '988.494',
      status: 'SETTLED',
      sweepTxHash: '0xsweep',
      settledAt: '2026-11-20T00:06:00.000Z',
      explorerUrl: 'https://bscscan.com/tx/0xabc',
    });
  });
});
