import { id } from 'ethers';
import fc from 'fast-check';
import { TronWeb } from 'tronweb';
import { DEFAULT_PARAMS, TronChain } from '../../../scripts/local/tron/tron-chain';
import type { SignedTransaction } from '../../../scripts/local/tron/tron-chain';
import { tronHex } from '../../../shared/adapters/tron/tron-address';
import { PrivateKeyTronSigner } from '../../../shared/adapters/tron/tron-signer';
import {
  buildDelegateResource,
  buildFreezeBalanceV2,
  buildTransferContract,
  buildTriggerSmartContract,
  buildUnDelegateResource,
  trc20TransferCallData,
} from '../../../shared/adapters/tron/tron-transaction-builder';
import type { TronBlockReference } from '../../../shared/adapters/tron/tron-transaction-builder';

/**
 * The gateway builds TRON transactions without tronweb (docs/adr/0028-tron-transaction-builder.md).
 * Proof that nothing changed for the node: each of the five contracts it builds is deep-equal to what
 * tronweb's TransactionBuilder makes from the same inputs and block header (txLocal) — the JSON
 * raw_data, raw_data_hex (protobuf of Transaction.raw) and txID — and the stand-in, which checks every
 * transaction with tronweb, accepts them signed by the gateway's signer.
 */
const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const account = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => TronWeb.address.fromHex(`41${hex(bytes)}`) as string);
/** Our builder takes either form; tronweb is always given base58. */
const eitherForm = (base58: string, asHex: boolean) => (asHex ? tronHex(base58) : base58);
const twoAccounts = fc.tuple(account, account).filter(([a, b]) => a !== b);
const header: fc.Arbitrary<TronBlockReference> = fc.record({
  ref_block_bytes: fc.uint8Array({ minLength: 2, maxLength: 2 }).map(hex),
  ref_block_hash: fc.uint8Array({ minLength: 8, maxLength: 8 }).map(hex),
  expiration: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
  timestamp: fc.oneof(fc.constant(0), fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 })),
});
/** What tronweb represents exactly (it takes sun as a JS number). */
const sun = fc.bigInt({ min: 1n, max: MAX_EXACT });
const tokenAmount = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });

const opts = (h: TronBlockReference) => ({ blockHeader: h }) as never;
const tronwebTrigger = async (
  contract: string,
  owner: string,
  to: string,
  amount: bigint,
  feeLimit: bigint,
  h: TronBlockReference,
) =>
  (
    await tw.transactionBuilder.triggerSmartContract(
      contract,
      'transfer(address,uint256)',
      { feeLimit: Number(feeLimit), txLocal: true, blockHeader: h } as never,
      [
        { type: 'address', value: to },
        { type: 'uint256', value: amount.toString() },
      ],
      owner,
    )
  ).transaction;

describe('TRON transaction builder', () => {
  describe('builds what tronweb builds', () => {
    it('TransferContract (TRX): same raw_data, raw_data_hex and txID', async () => {
      await fc.assert(
        fc.asyncProperty(twoAccounts, sun, header, fc.boolean(), async ([owner, to], amount, h, asHex) => {
          const ours = buildTransferContract(
            { owner: eitherForm(owner, asHex), to: eitherForm(to, asHex), sun: amount },
            h,
          );
          expect(ours).toStrictEqual(await tw.transactionBuilder.sendTrx(to, Number(amount), owner, opts(h)));
        }),
        { numRuns: 150 },
      );
    });

    it('TriggerSmartContract (TRC-20 transfer with a fee limit): same, for any uint256 amount', async () => {
      await fc.assert(
        fc.asyncProperty(
          twoAccounts,
          account,
          tokenAmount,
          sun,
          header,
          async ([owner, to], contract, amount, feeLimit, h) => {
            const ours = buildTriggerSmartContract(
              { owner, contract, data: trc20TransferCallData(to, amount), feeLimitSun: feeLimit },
              h,
            );
            expect(ours).toStrictEqual(await tronwebTrigger(contract, owner, to, amount, feeLimit, h));
          },
        ),
        { numRuns: 150 },
      );
    });

    it('FreezeBalanceV2Contract (ENERGY): same', async () => {
      await fc.assert(
        fc.asyncProperty(account, sun, header, async (owner, amount, h) => {
          expect(buildFreezeBalanceV2({ owner, sun: amount }, h)).toStrictEqual(
            await tw.transactionBuilder.freezeBalanceV2(Number(amount), 'ENERGY', owner, opts(h)),
          );
        }),
        { numRuns: 150 },
      );
    });

    it('DelegateResourceContract (ENERGY, no lock): same', async () => {
      await fc.assert(
        fc.asyncProperty(twoAccounts, sun, header, async ([owner, receiver], amount, h) => {
          expect(buildDelegateResource({ owner, receiver, sun: amount }, h)).toStrictEqual(
            await tw.transactionBuilder.delegateResource(
              Number(amount),
              receiver,
              'ENERGY',
              owner,
              false,
              undefined,
              opts(h),
            ),
          );
        }),
        { numRuns: 150 },
      );
    });

    it('UnDelegateResourceContract (ENERGY): same', async () => {
      await fc.assert(
        fc.asyncProperty(twoAccounts, sun, header, async ([owner, receiver], amount, h) => {
          expect(buildUnDelegateResource({ owner, receiver, sun: amount }, h)).toStrictEqual(
            await tw.transactionBuilder.undelegateResource(
              Number(amount),
              receiver,
              'ENERGY',
              owner,
              opts(h),
            ),
          );
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('amounts', () => {
    const h: TronBlockReference = {
      ref_block_bytes: '0a1b',
      ref_block_hash: '0123456789abcdef',
      expiration: 1_800_000_600_000,
      timestamp: 1_800_000_000_000,
    };
    const [owner, to] = ['TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6', 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC'];

    it('is exact up to 2^53-1 sun, where tronweb (which takes a number) is exact too', async () => {
      const built = buildTransferContract({ owner, to, sun: MAX_EXACT }, h);
      expect(built).toStrictEqual(await tw.transactionBuilder.sendTrx(to, Number(MAX_EXACT), owner, opts(h)));
      expect(built.raw_data.contract[0].parameter.value).toMatchObject({ amount: Number.MAX_SAFE_INTEGER });
    });

    it('refuses sun above 2^53-1 rather than round it as tronweb does (the JSON a node rebuilds from carries a number)', () => {
      const over = MAX_EXACT + 2n;
      expect(BigInt(Number(over))).not.toBe(over); // what tronweb would have signed
      expect(() => buildTransferContract({ owner, to, sun: over }, h)).toThrow(/amount .* 2\^53-1/);
      expect(() => buildFreezeBalanceV2({ owner, sun: over }, h)).toThrow(/frozen_balance .* 2\^53-1/);
      expect(() => buildDelegateResource({ owner, receiver: to, sun: over }, h)).toThrow(/balance/);
      expect(() => buildUnDelegateResource({ owner, receiver: to, sun: over }, h)).toThrow(/balance/);
      const data = trc20TransferCallData(to, 1n);
      expect(() => buildTriggerSmartContract({ owner, contract: to, data, feeLimitSun: over }, h)).toThrow(
        /fee_limit/,
      );
    });

    it('encodes TRC-20 amounts beyond 2^53 exactly, as tronweb does from a decimal string', async () => {
      for (const amount of [MAX_EXACT + 1n, MAX_EXACT + 2n, 10n ** 30n + 7n, 2n ** 256n - 1n]) {
        const data = trc20TransferCallData(to, amount);
        expect(BigInt(`0x${data.slice(-64)}`)).toBe(amount);
        expect(
          buildTriggerSmartContract({ owner, contract: to, data, feeLimitSun: 100_000_000n }, h),
        ).toStrictEqual(await tronwebTrigger(to, owner, to, amount, 100_000_000n, h));
      }
      expect(() => trc20TransferCallData(to, 2n ** 256n)).toThrow(/uint256/);
      expect(() => trc20TransferCallData(to, -1n)).toThrow(/uint256/);
    });

    it('calls transfer(address,uint256): selector, the 20-byte account left-padded, the amount', () => {
      const data = trc20TransferCallData(to, 0n);
      expect(data.slice(0, 8)).toBe(id('transfer(address,uint256)').slice(2, 10));
      expect(data).toBe(`a9059cbb${'0'.repeat(24)}${tronHex(to).slice(2)}${'0'.repeat(64)}`);
    });

    it('refuses what tronweb refuses: no amount, sending to oneself, no fee limit', () => {
      expect(() => buildTransferContract({ owner, to, sun: 0n }, h)).toThrow(/amount/);
      expect(() => buildTransferContract({ owner, to: owner, sun: 1n }, h)).toThrow(/same account/);
      expect(() => buildFreezeBalanceV2({ owner, sun: -1n }, h)).toThrow(/frozen_balance/);
      expect(() => buildDelegateResource({ owner, receiver: owner, sun: 1n }, h)).toThrow(/same account/);
      expect(() => buildUnDelegateResource({ owner, receiver: to, sun: 0n }, h)).toThrow(/balance/);
      const data = trc20TransferCallData(to, 1n);
      expect(() => buildTriggerSmartContract({ owner, contract: to, data, feeLimitSun: 0n }, h)).toThrow(
        /fee_limit/,
      );
    });

    it('refuses addresses and block references it cannot encode', () => {
      expect(() => buildTransferContract({ owner, to: 'TNotAnAddress', sun: 1n }, h)).toThrow(/TRON address/);
      expect(() => buildTransferContract({ owner, to, sun: 1n }, { ...h, ref_block_bytes: 'a1b' })).toThrow(
        /ref_block_bytes/,
      );
      expect(() => buildTransferContract({ owner, to, sun: 1n }, { ...h, ref_block_hash: 'zz' })).toThrow(
        /ref_block_hash/,
      );
      expect(() => buildTransferContract({ owner, to, sun: 1n }, { ...h, expiration: 1.5 })).toThrow(
        /expiration/,
      );
      const data = trc20TransferCallData(to, 1n);
      expect(() =>
        buildTriggerSmartContract({ owner, contract: to, data: `${data}0`, feeLimitSun: 1n }, h),
      ).toThrow(/data/);
    });
  });

  describe('on the TRON stand-in', () => {
    const TRX = 1_000_000n;
    const USDT = 'TBQ5aKkjBKkVUqqBs7MUYWD1RcujuP7YkY';
    const faucet = new PrivateKeyTronSigner('1'.padStart(64, '0'));
    const user = new PrivateKeyTronSigner('2'.padStart(64, '0'));

    it('accepts each of the five, signed by the gateway signer, and they do what they say', async () => {
      let clock = 1_800_000_000_000;
      const chain = TronChain.genesis(
        DEFAULT_PARAMS,
        {
          faucet: faucet.address,
          faucetTrx: 1_000_000n * TRX,
          tokens: [
            { address: USDT, name: 'Tether USD', symbol: 'USDT', decimals: 6, supply: 1_000_000n * TRX },
          ],
          trc10: { id: '1000001', supply: 1_000n },
        },
        () => (clock += 3_000),
      );
      const ref = (): TronBlockReference => ({
        ref_block_bytes: (chain.head.number & 0xffff).toString(16).padStart(4, '0'),
        ref_block_hash: chain.head.blockID.slice(16, 32),
        expiration: chain.head.timestamp + 60_000,
        timestamp: chain.head.timestamp,
      });
      const send = async (signer: PrivateKeyTronSigner, tx: ReturnType<typeof buildTransferContract>) => {
        const signed = (await signer.signTransaction(tx)) as unknown as SignedTransaction;
        chain.broadcast(signed);
        chain.mine(1);
        return chain.findTx(signed.txID)?.tx.contractRet;
      };
      const account = (a: string) => chain.account(a)!;

      expect(
        await send(
          faucet,
          buildTransferContract({ owner: faucet.address, to: user.address, sun: 5n * TRX }, ref()),
        ),
      ).toBe('SUCCESS');
      expect(account(user.address).balance).toBe(5n * TRX);

      const data = trc20TransferCallData(user.address, 7_000_000n);
      expect(
        await send(
          faucet,
          buildTriggerSmartContract(
            { owner: faucet.address, contract: USDT, data, feeLimitSun: 100n * TRX },
            ref(),
          ),
        ),
      ).toBe('SUCCESS');
      expect(chain.token(USDT)!.balances.get(tronHex(user.address))).toBe(7_000_000n);

      expect(
        await send(faucet, buildFreezeBalanceV2({ owner: faucet.address, sun: 1_000n * TRX }, ref())),
      ).toBe('SUCCESS');
      expect(account(faucet.address).frozenEnergy).toBe(1_000n * TRX);

      expect(
        await send(
          faucet,
          buildDelegateResource({ owner: faucet.address, receiver: user.address, sun: 600n * TRX }, ref()),
        ),
      ).toBe('SUCCESS');
      expect(account(faucet.address).delegatedOutEnergy).toBe(600n * TRX);
      expect(account(user.address).acquiredEnergy).toBe(600n * TRX);

      expect(
        await send(
          faucet,
          buildUnDelegateResource({ owner: faucet.address, receiver: user.address, sun: 600n * TRX }, ref()),
        ),
      ).toBe('SUCCESS');
      expect(account(faucet.address).delegatedOutEnergy).toBe(0n);
      expect(account(user.address).acquiredEnergy).toBe(0n);
    });
  });
});
