import {
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSServiceException,
  NotFoundException,
  SignCommand,
} from '@aws-sdk/client-kms';
import type { GetPublicKeyCommandInput, SignCommandInput } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { getBytes, randomBytes, sha256, SigningKey } from 'ethers';
import { SECP256K1_N } from '../../../shared/adapters/kms/kms-digest-signer';

/**
 * A KMS that behaves like KMS for one ECC_SECG_P256K1 SIGN_VERIFY key, so the adapter is tested against
 * real DER, real secp256k1 signatures and KMS's errors rather than against canned bytes:
 * - GetPublicKey returns the DER SubjectPublicKeyInfo;
 * - Sign with DIGEST signs exactly the 32 bytes given; with RAW it SHA-256es the message first, as KMS
 *   does; the DER signature has high s about half the time (KMS does not normalise);
 * - a key id it does not hold → NotFoundException; an algorithm the key does not support →
 *   InvalidKeyUsageException; a DIGEST that is not 32 bytes → ValidationException.
 */
export const FAKE_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const FAKE_KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${FAKE_KEY_ID}`;
export const FAKE_ALIAS = 'alias/gateway-test/evm-master';

export interface FakeKmsOptions {
  /** The key KMS holds; random when absent. */
  readonly privateKey?: string;
  /** Chance that a signature is returned with high s (KMS: about one half). */
  readonly highSRate?: number;
  /** Random source in [0, 1) for the high-s choice (a fixed one for deterministic tests). */
  readonly random?: () => number;
  /** Replaces the DER signature KMS returns (to feed the adapter malformed answers). */
  readonly tamperSignature?: (der: Uint8Array) => Uint8Array;
  /** Replaces the public key DER (another curve, garbage). */
  readonly publicKeyDer?: Uint8Array;
  /** GetPublicKey's KeySpec / KeyUsage (defaults: the real ones). */
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /**
   * An outage: consulted before each Sign; when it answers true, Sign fails as KMS does when it is
   * unavailable (KMSInternalException, a 500), before touching the key.
   */
  readonly signUnavailable?: () => boolean;
  /** Consulted before each Sign; when it answers true, Sign is throttled (ThrottlingException, a 400). */
  readonly signThrottled?: () => boolean;
}

export interface FakeKms {
  readonly client: KMSClient;
  readonly mock: AwsClientStub<KMSClient>;
  readonly signingKey: SigningKey;
  /** Sign requests that returned a signature, and how many of those had high s. */
  readonly stats: { signs: number; highS: number; getPublicKeys: number };
}

function kmsError(name: string, message: string): KMSServiceException {
  return new KMSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}

export function derTlv(tag: number, value: Uint8Array | number[]): Uint8Array {
  return new Uint8Array([tag, ...derLength(value.length), ...value]);
}

/** Minimal DER INTEGER of a positive value: big-endian, no leading zeros, a 0x00 before a high bit. */
export function derInteger(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = [...getBytes(`0x${hex}`)];
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return derTlv(0x02, bytes);
}

export function derSignature(r: bigint, s: bigint): Uint8Array {
  return derTlv(0x30, [...derInteger(r), ...derInteger(s)]);
}

/** SubjectPublicKeyInfo of an EC point with the given curve OID (DER bytes of the OID value). */
export function ecSpki(point: Uint8Array, curveOid = [0x2b, 0x81, 0x04, 0x00, 0x0a]): Uint8Array {
  const algorithm = derTlv(0x30, [
    ...derTlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]),
    ...derTlv(0x06, curveOid),
  ]);
  return derTlv(0x30, [...algorithm, ...derTlv(0x03, [0x00, ...point])]);
}

export function fakeKms(options: FakeKmsOptions = {}): FakeKms {
  const signingKey = new SigningKey(options.privateKey ?? randomBytes(32));
  const highSRate = options.highSRate ?? 0.5;
  const random = options.random ?? Math.random;
  const client = new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const mock = mockClient(client);
  const stats = { signs: 0, highS: 0, getPublicKeys: 0 };
  const knownIds = new Set([
    FAKE_KEY_ID,
    FAKE_KEY_ARN,
    FAKE_ALIAS,
    `arn:aws:kms:us-east-1:111122223333:${FAKE_ALIAS}`,
  ]);

  const requireKey = (keyId: string | undefined) => {
    if (!keyId || !knownIds.has(keyId)) {
      throw new NotFoundException({
        $metadata: { httpStatusCode: 400 },
        message: `Key '${keyId ?? ''}' does not exist`,
      });
    }
  };

  mock.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommandInput) => {
    requireKey(input.KeyId);
    stats.getPublicKeys += 1;
    return {
      KeyId: FAKE_KEY_ARN,
      PublicKey: options.publicKeyDer ?? ecSpki(getBytes(signingKey.publicKey)),
      KeySpec: options.keySpec ?? 'ECC_SECG_P256K1',
      KeyUsage: options.keyUsage ?? 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    };
  });

  mock.on(SignCommand).callsFake((input: SignCommandInput) => {
    if (options.signUnavailable?.()) {
      throw new KMSServiceException({
        name: 'KMSInternalException',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
        message:
          'The request was rejected because an internal exception occurred. The request can be retried.',
      });
    }
    if (options.signThrottled?.()) throw kmsError('ThrottlingException', 'Rate exceeded');
    requireKey(input.KeyId);
    if (input.SigningAlgorithm !== 'ECDSA_SHA_256') {
      throw new InvalidKeyUsageException({
        $metadata: { httpStatusCode: 400 },
        message: `The signing algorithm ${String(input.SigningAlgorithm)} is not supported by key ${FAKE_KEY_ARN}`,
      });
    }
    const message = input.Message;
    if (!message || message.length === 0) throw kmsError('ValidationException', 'Message must not be empty');
    const messageType = input.MessageType ?? 'RAW';
    let digest: Uint8Array;
    if (messageType === 'DIGEST') {
      if (message.length !== 32) {
        throw kmsError('ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
      }
      digest = message;
    } else if (messageType === 'RAW') {
      if (message.length > 4096) throw kmsError('ValidationException', 'Message is longer than 4096 bytes');
      digest = getBytes(sha256(message));
    } else {
      throw kmsError('ValidationException', `Unsupported MessageType ${String(messageType)}`);
    }
    const sig = signingKey.sign(digest); // low s (ethers normalises)
    let s = BigInt(sig.s);
    if (random() < highSRate) {
      s = SECP256K1_N - s;
      stats.highS += 1;
    }
    stats.signs += 1;
    const der = derSignature(BigInt(sig.r), s);
    return {
      KeyId: FAKE_KEY_ARN,
      Signature: options.tamperSignature ? options.tamperSignature(der) : der,
      SigningAlgorithm: 'ECDSA_SHA_256',
    };
  });

  return { client, mock, signingKey, stats };
}
