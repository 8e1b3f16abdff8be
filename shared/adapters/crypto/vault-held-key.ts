import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { SigningKeyStore } from '../../ports/access-tokens';
import type { KeyVault } from '../../ports/key-vault';

/**
 * A random 256-bit key held by the key vault: made on first use, stored envelope-encrypted (KMS on AWS,
 * the local key file on the local stack) with a conditional put so concurrent cold starts agree on one,
 * and decrypted once per process. `purpose` goes into the encryption context, so a blob copied to
 * another key item does not decrypt.
 */
export function vaultHeldKey(
  store: SigningKeyStore,
  keyVault: KeyVault,
  purpose: string,
): () => Promise<Uint8Array> {
  let loaded: Promise<Uint8Array> | undefined;
  const context = (kid: string) => ({ purpose, kid });
  const load = async () => {
    let stored = await store.current();
    if (!stored) {
      const kid = `k_${ulid().toLowerCase()}`;
      const ciphertext = await keyVault.encrypt(randomBytes(32), context(kid));
      stored = await store.createIfAbsent({ kid, ciphertext, createdAt: new Date().toISOString() });
    }
    return keyVault.decrypt(stored.ciphertext, context(stored.kid));
  };
  return () => {
    if (!loaded) {
      loaded = load();
      // A failed load (vault or table unavailable) is retried by the next request, not cached.
      loaded.catch(() => (loaded = undefined));
    }
    return loaded;
  };
}
