import { inspect } from 'node:util';
import { HDNodeWallet, Transaction } from 'ethers';
import { classifyBroadcastError, isTransient } from '../../../shared/adapters/evm/sweep-chain';
import {
  GAS_TANK_HD_ACCOUNT,
  HdGasTankSigners,
  KeyTransactionSigner,
} from '../../../shared/adapters/evm/sweep-signers';

const PHRASE = 'test test test test test test test test test test test junk';
const rpcError = (message: string, code = -32000) =>
  Object.assign(new Error('could not coalesce error'), { error: { code, message } });

describe('broadcast answers', () => {
  it.each([
    ['already known', 'ALREADY_KNOWN'],
    ['transaction already imported', 'ALREADY_KNOWN'],
    ['known transaction: 0xabc', 'ALREADY_KNOWN'],
    ['nonce too low', 'NONCE_USED'],
    ['nonce too low: next nonce 8, tx nonce 7', 'NONCE_USED'],
    ['insufficient funds for gas * price + value', 'INSUFFICIENT_FUNDS'],
    ['Insufficient funds for gas * price + value', 'INSUFFICIENT_FUNDS'],
    ['replacement transaction underpriced', 'UNDERPRICED'],
    ['transaction underpriced', 'UNDERPRICED'],
  ])('reads %j as %s', (message, outcome) => {
    expect(classifyBroadcastError(rpcError(message))).toBe(outcome);
  });

  it('leaves other failures to the caller, and retries only what may go away', () => {
    expect(classifyBroadcastError(rpcError('upstream request timeout'))).toBeUndefined();
    expect(isTransient(rpcError('upstream request timeout'))).toBe(true);
    // ethers calls any failed eth_estimateGas "missing revert data"; the node's words decide.
    expect(
      isTransient(
        Object.assign(new Error('missing revert data'), {
          shortMessage: 'missing revert data',
          info: { error: { code: -32000, message: 'header not found' } },
        }),
      ),
    ).toBe(true);
    expect(isTransient(rpcError('execution reverted: ERC20InsufficientAllowance', 3))).toBe(false);
    expect(isTransient(rpcError('nonce too low'))).toBe(false);
  });
});

describe('sweep signers', () => {
  it('signs legacy EIP-155 transactions whose hash is the one it reports', async () => {
    const wallet = HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'/0/1");
    const signer = new KeyTransactionSigner(wallet);
    const signed = await signer.signTransaction({
      chainId: 1_337_056,
      nonce: 7,
      to: wallet.address,
      data: '0x',
      value: 5n,
      gasLimit: 21_000n,
      gasPrice: 2_000_000_000n,
    });
    const tx = Transaction.from(signed.raw);
    expect(tx).toMatchObject({
      type: 0,
      chainId: 1_337_056n,
      nonce: 7,
      value: 5n,
      gasLimit: 21_000n,
      gasPrice: 2_000_000_000n,
    });
    expect(tx.from).toBe(wallet.address);
    expect(signed.hash).toBe(tx.hash?.toLowerCase());
  });

  it('never shows its key', () => {
    const wallet = HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'/0/2");
    const signer = new KeyTransactionSigner(wallet);
    for (const shown of [JSON.stringify(signer), inspect(signer), String(Object.keys(signer))]) {
      expect(shown).not.toContain(wallet.privateKey.slice(2));
    }
    expect(JSON.stringify(signer)).toContain('REDACTED');
  });

  it('derives one gas tank per network from HD account 3, decrypting once per network', async () => {
    const calls: string[] = [];
    const keyring = {
      signerFor: async (account: number, index: number) => {
        calls.push(`${account}/${index}`);
        return HDNodeWallet.fromPhrase(PHRASE, undefined, `m/44'/60'/${account}'/0/${index}`);
      },
    };
    const tanks = new HdGasTankSigners(keyring as never);
    const [bsc, again, polygon] = await Promise.all([
      tanks.gasTank('BSC'),
      tanks.gasTank('BSC'),
      tanks.gasTank('POLYGON'),
    ]);
    expect(bsc).toBe(again);
    expect(bsc.address).not.toBe(polygon.address);
    expect(calls.sort()).toEqual([`${GAS_TANK_HD_ACCOUNT}/0`, `${GAS_TANK_HD_ACCOUNT}/1`]);
    await expect(tanks.gasTank('TRON')).rejects.toThrow('No gas tank');
  });
});
