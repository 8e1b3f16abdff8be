import fc from 'fast-check';
import { Wallet } from 'ethers';
import { isGatewayError } from '../../../shared/domain/errors';
import {
  assertWhitelistEntryUsable,
  assertWithdrawalMinimum,
  needsApproval,
  normalizeAddress,
} from '../../../shared/domain/withdrawal/policy';
import type { WhitelistEntry } from '../../../shared/domain/withdrawal/policy';
import {
  bumpedGasPrice,
  CANCELLABLE,
  canTransition,
  HOLDING,
  transitionWithdrawal,
  WITHDRAWAL_STATUSES,
  withdrawalCode,
} from '../../../shared/domain/withdrawal/withdrawal';
import type { WithdrawalEvent, WithdrawalStatus } from '../../../shared/domain/withdrawal/withdrawal';

const EVENTS: WithdrawalEvent[] = [
  'NEEDS_APPROVAL',
  'AUTO_APPROVE',
  'APPROVE',
  'REJECT',
  'CANCEL',
  'APPROVAL_EXPIRED',
  'START_PROCESSING',
  'BROADCAST',
  'CONFIRM',
  'FAIL',
];

describe('withdrawal status machine', () => {
  it('follows the documented flow REQUESTED → PENDING_APPROVAL → APPROVED → PROCESSING → BROADCASTING → CONFIRMED', () => {
    let s: WithdrawalStatus = 'REQUESTED';
    for (const e of ['NEEDS_APPROVAL', 'APPROVE', 'START_PROCESSING', 'BROADCAST', 'CONFIRM'] as const)
      s = transitionWithdrawal(s, e);
    expect(s).toBe('CONFIRMED');
  });

  it('allows cancel exactly while nothing was broadcast (REQUESTED, PENDING_APPROVAL, APPROVED, FAILED)', () => {
    for (const s of WITHDRAWAL_STATUSES) expect(canTransition(s, 'CANCEL')).toBe(CANCELLABLE.includes(s));
  });

  it('lets only a PENDING_APPROVAL withdrawal be approved or rejected', () => {
    for (const s of WITHDRAWAL_STATUSES) {
      expect(canTransition(s, 'APPROVE')).toBe(s === 'PENDING_APPROVAL');
      expect(canTransition(s, 'REJECT')).toBe(s === 'PENDING_APPROVAL');
    }
  });

  it('never leaves CONFIRMED, REJECTED or CANCELLED, and refuses illegal moves with ILLEGAL_TRANSITION', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WITHDRAWAL_STATUSES), fc.constantFrom(...EVENTS), (status, event) => {
        if (canTransition(status, event)) {
          expect(['CONFIRMED', 'REJECTED', 'CANCELLED']).not.toContain(status);
          expect(WITHDRAWAL_STATUSES).toContain(transitionWithdrawal(status, event));
        } else {
          try {
            transitionWithdrawal(status, event);
            throw new Error('should have refused');
          } catch (e) {
            expect(isGatewayError(e, 'ILLEGAL_TRANSITION')).toBe(true);
          }
        }
      }),
    );
  });

  it('never moves a withdrawal whose hold was posted or released back to a status that holds funds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let s: WithdrawalStatus = 'REQUESTED';
        let released = false;
        for (const e of events) {
          if (!canTransition(s, e)) continue;
          s = transitionWithdrawal(s, e);
          if (!HOLDING.includes(s)) released = true;
          if (released) expect(HOLDING).not.toContain(s);
        }
      }),
    );
  });
});

describe('withdrawal codes', () => {
  it('are the same for the same partner and Idempotency-Key on the same day, different otherwise', () => {
    const at = '2026-11-20T10:00:00.000Z';
    expect(withdrawalCode('pt1', 'k1', at)).toBe(withdrawalCode('pt1', 'k1', '2026-11-20T23:59:59.000Z'));
    expect(withdrawalCode('pt1', 'k1', at)).not.toBe(withdrawalCode('pt2', 'k1', at));
    expect(withdrawalCode('pt1', 'k1', at)).not.toBe(withdrawalCode('pt1', 'k2', at));
    expect(withdrawalCode('pt1', 'k1', at)).toMatch(/^W261120[0-9A-Z]{8}$/);
  });
});

describe('replacement gas price', () => {
  it('is at least 15 % above the previous attempt and never below the network price', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (previous, current) => {
          const next = bumpedGasPrice(previous, current);
          expect(next * 100n).toBeGreaterThanOrEqual(previous * 115n);
          expect(next).toBeGreaterThanOrEqual(current);
        },
      ),
    );
  });
});

describe('approval policy', () => {
  const conditional = (threshold: bigint) => ({
    addressMode: 'MANUAL_ADDRESS' as const,
    approval: { mode: 'CONDITIONAL' as const, thresholdUsdt: threshold },
  });
  it('asks a person above the USDT threshold, whatever the token decimals', () => {
    expect(needsApproval(conditional(1_000_000_000n), 1_000_000_000n, 6)).toBe(false); // exactly 1,000 USDT (6 dp)
    expect(needsApproval(conditional(1_000_000_000n), 1_000_000_001n, 6)).toBe(true);
    expect(needsApproval(conditional(1_000_000_000n), 1000n * 10n ** 18n, 18)).toBe(false); // BSC 18 dp
    expect(needsApproval(conditional(1_000_000_000n), 1000n * 10n ** 18n + 1n, 18)).toBe(true);
  });
  it('never asks in AUTO mode', () => {
    expect(
      needsApproval(
        { addressMode: 'WHITELIST_ONLY', approval: { mode: 'AUTO', thresholdUsdt: 0n } },
        10n ** 30n,
        6,
      ),
    ).toBe(false);
  });
  it('refuses a whitelist entry before its cooling period ends, with the time it can be used', () => {
    const entry: WhitelistEntry = {
      partnerId: 'p',
      entryId: 'wl_1',
      network: 'BSC',
      address: '0x0',
      label: 'x',
      createdAt: '2026-11-20T00:00:00.000Z',
      usableAt: '2026-11-21T00:00:00.000Z',
      createdBy: 'u',
    };
    expect(() => assertWhitelistEntryUsable(entry, new Date('2026-11-20T23:59:59.999Z'))).toThrow(
      expect.objectContaining({
        code: 'WHITELIST_ENTRY_COOLING',
        details: { usableAt: entry.usableAt, entryId: 'wl_1' },
      }),
    );
    expect(() => assertWhitelistEntryUsable(entry, new Date('2026-11-21T00:00:00.000Z'))).not.toThrow();
  });
});

describe('destination addresses', () => {
  it('accepts EVM addresses in checksum or single case and returns the checksum form', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const a = Wallet.createRandom().address;
        expect(normalizeAddress('BSC', a)).toBe(a);
        expect(normalizeAddress('POLYGON', a.toLowerCase())).toBe(a);
        expect(normalizeAddress('BSC', `0x${a.slice(2).toUpperCase()}`)).toBe(a);
      }),
      { numRuns: 50 },
    );
  });
  it('refuses a mixed-case EVM address whose checksum is wrong, and malformed input', () => {
    const a = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';
    for (const bad of [
      '0x5b38Da6a701c568545dCfcB03FcB875f56beddC4',
      '0X5B38DA6A701C568545DCFCB03FCB875F56BEDDC4',
      '5B38Da6a701c568545dCfcB03FcB875f56beddC4',
      '0x123',
      `${a}00`,
      'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
    ]) {
      expect(() => normalizeAddress('BSC', bad)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fields: [expect.objectContaining({ path: 'address' })],
        }),
      );
    }
  });
  it('accepts TRON base58check addresses and refuses a broken checksum or an EVM address', () => {
    const usdt = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'; // mainnet USDT contract
    expect(normalizeAddress('TRON', usdt)).toBe(usdt);
    expect(() => normalizeAddress('TRON', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => normalizeAddress('TRON', '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('minimum withdrawal', () => {
  const asset = { code: 'USDT@BSC', decimals: 18 };
  const one = 10n ** 18n;
  it('accepts the minimum and anything above it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (extra) => {
        expect(() => assertWithdrawalMinimum(one + extra, one, asset)).not.toThrow();
      }),
    );
  });
  it('refuses anything below it at `amount`, a 1-wei amount and a "MAX" that comes to less included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: one - 1n }), fc.boolean(), (amount, viaMax) => {
        expect(() => assertWithdrawalMinimum(amount, one, asset, viaMax)).toThrow(
          expect.objectContaining({
            code: 'VALIDATION_FAILED',
            fields: [expect.objectContaining({ path: 'amount' })],
          }),
        );
      }),
    );
    expect(() => assertWithdrawalMinimum(1n, one, asset, true)).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'amount',
            message: 'MAX comes to 0.000000000000000001, below the minimum withdrawal of 1 USDT@BSC',
          },
        ],
      }),
    );
  });
});
