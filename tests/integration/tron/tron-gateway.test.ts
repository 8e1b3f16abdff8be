import { SigningKey } from 'ethers';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import { tronAddressOfPublicKey } from '../../../shared/adapters/tron/tron-address';
import { tronSignerFromDigest } from '../../../shared/adapters/tron/tron-signer';
import { privateTronChain } from './tron-test-chain';
import type { TronTestChain } from './tron-test-chain';

/**
 * The path a TRON withdrawal takes from the MASTER: build a USDT transfer locally, sign its txID with a
 * digest signer (as KMS does: r, s, recovery parity), broadcast, follow it to solidified.
 */
describe('TronChainGateway: a MASTER transfer signed by a digest signer, followed to solidified', () => {
  let chain: TronTestChain;
  let gateway: TronChainGateway;

  beforeAll(async () => {
    chain = await privateTronChain();
    gateway = new TronChainGateway(chain.config, new TronNodeClient(chain.url));
  });
  afterAll(() => chain.stop());

  it('is accepted by the node, mined, and solidified with the transfer done', async () => {
    const key = new SigningKey(`0x${'5a'.repeat(32)}`); // stands in for a KMS key
    const master = tronAddressOfPublicKey(key.publicKey);
    const signer = tronSignerFromDigest(master, {
      signDigest: async (digest) => {
        const s = key.sign(digest);
        return { r: s.r, s: s.s, yParity: s.yParity };
      },
    });
    await chain.sendTrx(master, 100_000_000n);
    await chain.sendToken('USDT', master, 50_000_000n);
    await chain.mine(1);
    const recipient = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';

    const energy = await gateway.estimateTransferEnergy('USDT', master, recipient, 20_000_000n);
    const unsigned = await gateway.buildTokenTransfer(
      'USDT',
      master,
      recipient,
      20_000_000n,
      BigInt(energy) * 120n,
    );
    const signed = await signer.signTransaction(unsigned);
    expect(await gateway.broadcast(signed)).toEqual({ status: 'ACCEPTED' });
    expect(await gateway.broadcast(signed)).toEqual({ status: 'ALREADY_KNOWN' });
    const expiration = (signed.raw_data as { expiration: number }).expiration;
    expect((await gateway.follow(signed.txID, expiration)).state).toBe('PENDING');

    await chain.mine(1);
    expect((await gateway.follow(signed.txID, expiration)).state).toBe('MINED');
    await chain.mine(19);
    const final = await gateway.follow(signed.txID, expiration);
    expect(final).toMatchObject({ state: 'SOLIDIFIED', outcome: { success: true, energyTotal: energy } });
    expect(await gateway.tokenBalance('USDT', recipient)).toBe(20_000_000n);
  });

  it('refuses a transaction signed by another key, and reports one that never reached the node as EXPIRED once past its expiration', async () => {
    const short = new TronChainGateway(chain.config, new TronNodeClient(chain.url), { expirationMs: 1_000 });
    const owner = tronAddressOfPublicKey(new SigningKey(`0x${'5a'.repeat(32)}`).publicKey);
    const other = new SigningKey(`0x${'6b'.repeat(32)}`);
    const unsigned = await short.buildTrxTransfer(owner, 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC', 1_000_000n);
    const forged = await tronSignerFromDigest(owner, {
      signDigest: async (d) => {
        const s = other.sign(d);
        return { r: s.r, s: s.s, yParity: s.yParity };
      },
    }).signTransaction(unsigned);
    expect(await short.broadcast(forged)).toMatchObject({ status: 'REJECTED', code: 'SIGERROR' });
    const expiration = (unsigned.raw_data as { expiration: number }).expiration;
    await new Promise((r) => setTimeout(r, 1_100));
    await chain.mine(1);
    expect((await short.follow(unsigned.txID, expiration)).state).toBe('EXPIRED');
  });
});
