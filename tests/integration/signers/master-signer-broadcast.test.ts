import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignCommand } from '@aws-sdk/client-kms';
import { hexlify, Interface, randomBytes, Wallet } from 'ethers';
import type { JsonRpcProvider } from 'ethers';
import { createLocalProvider, pendingNonce } from '../../../scripts/local/evm/local-accounts';
import { fundFromFaucet } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { DigestTransactionSigner } from '../../../shared/adapters/evm/digest-transaction-signer';
import { KmsDigestSigner } from '../../../shared/adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../../../shared/adapters/local/local-digest-signer';
import type { EvmTxRequest } from '../../../shared/ports/sweeps';
import { tokenBalance } from '../evm/evm-test-support';
import { FAKE_KEY_ARN, fakeKms } from '../../unit/signers/fake-kms';

const ERC20 = new Interface(['function transfer(address to, uint256 amount) returns (bool)']);
const ONE_COIN = 10n ** 18n;

function localBsc(): LocalEvmNetwork {
  const chains = JSON.parse(
    readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
  ) as {
    networks: Record<string, LocalEvmNetwork>;
  };
  return chains.networks['BSC'] as LocalEvmNetwork;
}

/** Gives `address` native coin directly on the node (no faucet nonce to share with other test files). */
async function setNativeBalance(network: LocalEvmNetwork, address: string, wei: bigint): Promise<void> {
  await jsonRpc(network.rpcUrl, 'anvil_setBalance', [address, `0x${wei.toString(16)}`]);
}

/**
 * The chain automines each transaction. Polls the receipt instead of `provider.waitForTransaction`,
 * which can miss a block mined before it subscribes and then wait for one that never comes.
 */
async function minedReceipt(provider: JsonRpcProvider, hash: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${hash} was not mined`);
}

async function sendSigned(
  provider: JsonRpcProvider,
  signer: DigestTransactionSigner,
  request: Omit<EvmTxRequest, 'nonce'>,
) {
  const signed = await signer.signTransaction({
    ...request,
    nonce: await pendingNonce(provider, signer.address),
  });
  const broadcastHash = await provider.send('eth_sendRawTransaction', [signed.raw]);
  const receipt = await minedReceipt(provider, signed.hash);
  const mined = await provider.getTransaction(signed.hash);
  return { signed, broadcastHash: String(broadcastHash).toLowerCase(), receipt, mined };
}

describe('MASTER wallet signer on a local chain', () => {
  const network = localBsc();
  let provider: JsonRpcProvider;

  beforeAll(() => {
    provider = createLocalProvider(network.rpcUrl, network.chainId);
  });
  afterAll(() => provider.destroy());

  it('KMS-signed native transfers, with high and low s from KMS, are mined from the KMS address', async () => {
    let draw = 0;
    const fake = fakeKms({ highSRate: 0.5, random: () => (draw++ % 2 === 0 ? 0.9 : 0.1) }); // low, high, low, high
    const signer = await DigestTransactionSigner.create(new KmsDigestSigner(fake.client, FAKE_KEY_ARN));
    await setNativeBalance(network, signer.address, 10n * ONE_COIN);
    const to = Wallet.createRandom().address;
    const gasPrice = BigInt(await provider.send('eth_gasPrice', []));

    for (let i = 0; i < 4; i++) {
      const { signed, broadcastHash, receipt, mined } = await sendSigned(provider, signer, {
        chainId: network.chainId,
        to,
        data: '0x',
        value: ONE_COIN / 10n,
        gasLimit: 21_000n,
        gasPrice,
      });
      expect(broadcastHash).toBe(signed.hash);
      expect(receipt.status).toBe(1);
      expect(receipt.from).toBe(signer.address);
      expect(mined?.from).toBe(signer.address);
      expect(mined?.chainId).toBe(BigInt(network.chainId));
    }
    expect(await provider.getBalance(to)).toBe((4n * ONE_COIN) / 10n);
    expect(fake.stats.highS).toBe(2);
    expect(signer.signCalls).toBe(4);
    expect(fake.mock.commandCalls(SignCommand)).toHaveLength(4);
  });

  it('a KMS-signed USDT transfer moves the MASTER wallet’s tokens', async () => {
    const fake = fakeKms();
    const signer = await DigestTransactionSigner.create(new KmsDigestSigner(fake.client, FAKE_KEY_ARN));
    const amount = 1_234n * 10n ** BigInt(network.tokens.USDT.decimals);
    await setNativeBalance(network, signer.address, ONE_COIN);
    await fundFromFaucet(network, 'USDT', signer.address, amount);
    const to = Wallet.createRandom().address;

    const { receipt } = await sendSigned(provider, signer, {
      chainId: network.chainId,
      to: network.tokens.USDT.address,
      data: ERC20.encodeFunctionData('transfer', [to, amount - 1n]),
      value: 0n,
      gasLimit: 100_000n,
      gasPrice: BigInt(await provider.send('eth_gasPrice', [])),
    });

    expect(receipt.status).toBe(1);
    expect(receipt.from).toBe(signer.address);
    expect(await tokenBalance(network, 'USDT', to)).toBe(amount - 1n);
    expect(await tokenBalance(network, 'USDT', signer.address)).toBe(1n);
  });

  it('a locally signed transfer (the local stand-in for KMS) is mined from the local key’s address', async () => {
    const privateKey = hexlify(randomBytes(32));
    const signer = await DigestTransactionSigner.create(new LocalDigestSigner(privateKey));
    expect(signer.address).toBe(new Wallet(privateKey).address);
    await setNativeBalance(network, signer.address, ONE_COIN);
    const to = Wallet.createRandom().address;

    const { receipt, mined } = await sendSigned(provider, signer, {
      chainId: network.chainId,
      to,
      data: '0x',
      value: 12_345n,
      gasLimit: 21_000n,
      gasPrice: BigInt(await provider.send('eth_gasPrice', [])),
    });

    expect(receipt.status).toBe(1);
    expect(mined?.from).toBe(signer.address);
    expect(await provider.getBalance(to)).toBe(12_345n);
  });
});
