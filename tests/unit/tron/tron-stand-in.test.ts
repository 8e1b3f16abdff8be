import { TronWeb, utils } from 'tronweb';
import {
  DEFAULT_PARAMS,
  ENERGY_TRANSFER_TO_EMPTY,
  ENERGY_TRANSFER_TO_HOLDER,
  TronChain,
} from '../../../scripts/local/tron/tron-chain';
import type { SignedTransaction, TronTxError } from '../../../scripts/local/tron/tron-chain';

const key = (n: number) => n.toString(16).padStart(64, '0');
const FAUCET = { privateKey: key(1), address: TronWeb.address.fromPrivateKey(key(1)) as string };
const USER = { privateKey: key(2), address: TronWeb.address.fromPrivateKey(key(2)) as string };
const OTHER = { privateKey: key(3), address: TronWeb.address.fromPrivateKey(key(3)) as string };
const USDT = 'TBQ5aKkjBKkVUqqBs7MUYWD1RcujuP7YkY';
const TRX = 1_000_000n;

/** The stand-in's chain rules, without HTTP: what a TRON node accepts, charges and forgets. */
describe('TRON stand-in chain', () => {
  let clock: number;
  let chain: TronChain;
  const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });

  beforeEach(() => {
    clock = 1_800_000_000_000;
    chain = TronChain.genesis(
      DEFAULT_PARAMS,
      {
        faucet: FAUCET.address,
        faucetTrx: 1_000_000n * TRX,
        tokens: [
          { address: USDT, name: 'Tether USD', symbol: 'USDT', decimals: 6, supply: 1_000_000n * TRX },
        ],
        trc10: { id: '1000001', supply: 1_000n },
      },
      () => (clock += 3_000),
    );
  });

  const header = () => ({
    ref_block_bytes: (chain.head.number & 0xffff).toString(16).padStart(4, '0'),
    ref_block_hash: chain.head.blockID.slice(16, 32),
    expiration: chain.head.timestamp + 60_000,
    timestamp: chain.head.timestamp,
  });
  const sign = async (tx: unknown, privateKey: string) =>
    (await tw.trx.sign(tx as never, privateKey)) as unknown as SignedTransaction;
  const trx = async (from: typeof FAUCET, to: string, sun: bigint) =>
    sign(
      await tw.transactionBuilder.sendTrx(to, Number(sun), from.address, { blockHeader: header() } as never),
      from.privateKey,
    );
  const usdt = async (from: typeof FAUCET, to: string, amount: bigint, feeLimit = 100n * TRX) =>
    sign(
      (
        await tw.transactionBuilder.triggerSmartContract(
          USDT,
          'transfer(address,uint256)',
          { feeLimit: Number(feeLimit), txLocal: true, blockHeader: header() } as never,
          [
            { type: 'address', value: to },
            { type: 'uint256', value: amount.toString() },
          ],
          from.address,
        )
      ).transaction,
      from.privateKey,
    );
  const code = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return (e as TronTxError).code;
    }
    return 'ACCEPTED';
  };

  describe('signature and validity checks', () => {
    it('accepts a correctly signed transaction and refuses the same one again', async () => {
      const tx = await trx(FAUCET, USER.address, 5n * TRX);
      expect(code(() => chain.broadcast(tx))).toBe('ACCEPTED');
      expect(code(() => chain.broadcast(tx))).toBe('DUP_TRANSACTION_ERROR');
    });

    it('refuses a signature by another key, a tampered body, an expired one and an unknown reference block', async () => {
      expect(code(() => chain.broadcast(undefined as never))).toBe('OTHER_ERROR');
      // tronweb's own sign() refuses a key that is not the owner's; sign the txID with it anyway.
      const byOther = utils.crypto.signTransaction(
        OTHER.privateKey,
        await tw.transactionBuilder.sendTrx(USER.address, 1, FAUCET.address, {
          blockHeader: header(),
        } as never),
      ) as unknown as SignedTransaction;
      expect(code(() => chain.broadcast(byOther))).toBe('SIGERROR');
      const tampered = await trx(FAUCET, USER.address, 5n * TRX);
      (tampered.raw_data.contract[0]!.parameter.value as Record<string, unknown>)['amount'] = 500 * 1_000_000;
      expect(code(() => chain.broadcast(tampered))).toBe('SIGERROR');
      const wrongId = await trx(FAUCET, USER.address, 6n * TRX);
      expect(code(() => chain.broadcast({ ...wrongId, txID: 'ff'.repeat(32) }))).toBe('SIGERROR');
      const old = await trx(FAUCET, USER.address, 7n * TRX);
      chain.mine(25); // 75 s later: past its 60 s expiration
      expect(code(() => chain.broadcast(old))).toBe('TRANSACTION_EXPIRATION_ERROR');
      const unknownRef = await sign(
        await tw.transactionBuilder.sendTrx(USER.address, 1, FAUCET.address, {
          blockHeader: { ...header(), ref_block_hash: '00'.repeat(8) },
        } as never),
        FAUCET.privateKey,
      );
      expect(code(() => chain.broadcast(unknownRef))).toBe('TAPOS_ERROR');
    });

    it('refuses transactions from accounts that do not exist yet (TRC-20 transfers do not activate)', async () => {
      chain.broadcast(await usdt(FAUCET, USER.address, 10n * TRX));
      chain.mine();
      expect(chain.account(USER.address)).toBeUndefined();
      await expect(usdt(USER, OTHER.address, TRX).then((t) => chain.broadcast(t))).rejects.toMatchObject({
        code: 'CONTRACT_VALIDATE_ERROR',
      });
    });
  });

  describe('fees and resources', () => {
    it('charges 1 TRX to create an account and the energy of a USDT transfer by whether the recipient holds USDT', async () => {
      const before = chain.account(FAUCET.address)!.balance;
      chain.broadcast(await trx(FAUCET, USER.address, 20n * TRX));
      chain.mine();
      const afterCreate = chain.account(FAUCET.address)!.balance;
      // 20 TRX sent, 1 TRX creation fee, 0.1 TRX for the new account's bandwidth (no stake).
      expect(before - afterCreate).toBe(20n * TRX + 1_000_000n + 100_000n);

      chain.broadcast(await usdt(FAUCET, USER.address, 5n * TRX));
      chain.mine();
      const toEmpty = chain.findTx(chain.head.txs[0]!.tx.txID)!.tx.info;
      expect(toEmpty.receipt['energy_usage_total']).toBe(ENERGY_TRANSFER_TO_EMPTY);
      expect(toEmpty.fee).toBe(ENERGY_TRANSFER_TO_EMPTY * DEFAULT_PARAMS.energyFeeSun);

      chain.broadcast(await usdt(FAUCET, USER.address, 5n * TRX));
      chain.mine();
      expect(chain.head.txs[0]!.info.receipt['energy_usage_total']).toBe(ENERGY_TRANSFER_TO_HOLDER);
    });

    it('uses delegated energy before burning, and burns nothing once the delegation covers the transfer', async () => {
      chain.broadcast(await trx(FAUCET, USER.address, 10n * TRX));
      chain.broadcast(await usdt(FAUCET, USER.address, 50n * TRX));
      chain.broadcast(await usdt(FAUCET, OTHER.address, 1n)); // OTHER holds USDT
      chain.mine();
      chain.broadcast(
        await sign(
          await tw.transactionBuilder.freezeBalanceV2(Number(20_000n * TRX), 'ENERGY', FAUCET.address, {
            blockHeader: header(),
          } as never),
          FAUCET.privateKey,
        ),
      );
      chain.mine();
      chain.broadcast(
        await sign(
          await tw.transactionBuilder.delegateResource(
            Number(7_000n * TRX),
            USER.address,
            'ENERGY',
            FAUCET.address,
            false,
            undefined,
            { blockHeader: header() } as never,
          ),
          FAUCET.privateKey,
        ),
      );
      chain.mine();
      expect(chain.energyLimit(chain.account(USER.address)!)).toBe(70_000);
      const trxBefore = chain.account(USER.address)!.balance;
      chain.broadcast(await usdt(USER, OTHER.address, TRX));
      chain.mine();
      const info = chain.head.txs[0]!.info;
      expect(info.receipt).toMatchObject({ result: 'SUCCESS', energy_usage: ENERGY_TRANSFER_TO_HOLDER });
      expect(info.receipt['energy_fee']).toBeUndefined();
      expect(chain.account(USER.address)!.balance).toBe(trxBefore); // free bandwidth, no burn
    });

    it('runs out of energy when the fee limit cannot pay the burn, with no transfer', async () => {
      chain.broadcast(await trx(FAUCET, USER.address, 10n * TRX));
      chain.broadcast(await usdt(FAUCET, USER.address, 50n * TRX));
      chain.mine();
      chain.broadcast(await usdt(USER, OTHER.address, TRX, 1n * TRX));
      chain.mine();
      const { info, contractRet } = chain.head.txs[0]!;
      expect(contractRet).toBe('OUT_OF_ENERGY');
      expect(info).toMatchObject({ result: 'FAILED', fee: 1_000_000 });
      expect(info.log).toBeUndefined();
    });
  });

  describe('solidification and forks', () => {
    it('solidifies 19 blocks behind head and refuses to fork below that', () => {
      chain.mine(30);
      expect(chain.solidifiedNumber).toBe(11);
      expect(() => chain.fork(20, false)).toThrow(/solidified/);
    });

    it('drops the last blocks with their transactions and restores the state before them', async () => {
      chain.mine(5);
      const tx = await trx(FAUCET, USER.address, 3n * TRX);
      chain.broadcast(tx);
      chain.mine(2);
      const replaced = chain.head.blockID;
      expect(chain.findTx(tx.txID)).toBeDefined();
      const { dropped } = chain.fork(2, false);
      expect(dropped).toEqual([tx.txID]);
      expect(chain.findTx(tx.txID)).toBeUndefined();
      expect(chain.account(USER.address)).toBeUndefined();
      expect(chain.head.number).toBe(7);
      expect(chain.head.blockID).not.toBe(replaced);
    });

    it('re-includes the dropped transactions in the replacement blocks when asked', async () => {
      const tx = await trx(FAUCET, USER.address, 3n * TRX);
      chain.broadcast(tx);
      chain.mine(1);
      const first = chain.findTx(tx.txID)!.block.blockID;
      chain.fork(1, true);
      const again = chain.findTx(tx.txID)!;
      expect(again.block.number).toBe(1);
      expect(again.block.blockID).not.toBe(first);
      expect(chain.account(USER.address)!.balance).toBe(3n * TRX);
    });
  });
});
