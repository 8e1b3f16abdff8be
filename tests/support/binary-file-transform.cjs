/* global module */
// Jest transform for font files imported as bytes (`import bytes from '….woff2'`), as esbuild's
// `binary` loader does in the Lambda bundles (infra/lib/bundling.ts).
module.exports = {
  process(_source, filename) {
    return {
      code: `module.exports = new Uint8Array(require('node:fs').readFileSync(${JSON.stringify(filename)}));`,
    };
  },
};
