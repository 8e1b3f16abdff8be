/**
 * Font files imported as bytes: esbuild's `binary` loader in Lambda bundles (infra/lib/bundling.ts), a
 * file-reading transform in Jest (tests/support/binary-file-transform.cjs).
 */
declare module '*.woff2' {
  const bytes: Uint8Array;
  export default bytes;
}
