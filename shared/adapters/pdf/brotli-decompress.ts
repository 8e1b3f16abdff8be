import { brotliDecompressSync } from 'node:zlib';

/**
 * Stands in for the `brotli` package's decoder (`brotli/decompress.js`) in Lambda bundles (an esbuild
 * alias, infra/lib/bundling.ts): fontkit needs Brotli only to open the WOFF2 fonts, and Node has it
 * built in. The package's pure-JS decoder and dictionary are ~475 KB of every rendering bundle.
 * Same signature: the compressed bytes (and the expected size, unused) → the decompressed bytes.
 */
export default function decompress(buffer: Uint8Array, _outputSize?: number): Uint8Array {
  return new Uint8Array(brotliDecompressSync(buffer));
}
