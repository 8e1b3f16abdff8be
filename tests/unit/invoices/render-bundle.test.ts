import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../../../infra/lib/bundling';
import { NANUM_GOTHIC_FILES } from '../../../shared/adapters/pdf/nanum-gothic-font';
import { pdfText } from '../../support/pdf-text';

/**
 * The renderer as a Lambda function runs it: bundled with the deployed esbuild settings (Brotli from
 * Node instead of the brotli package), fonts read from a `fonts/` directory beside the bundle (what the
 * documents:write bundling hook copies), run by plain Node outside the repository.
 */
describe('invoice rendering in a Lambda-style bundle', () => {
  it('renders the PDF with Hangul from fonts beside the bundle, without the brotli package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-bundle-'));
    try {
      const out = await build({
        ...lambdaBuildOptions({ index: 'tests/support/render-invoice-entry.ts' }, 'tsconfig.json'),
        outdir: dir,
      });
      const inputs = Object.keys(out.metafile!.inputs).map((p) => relative(process.cwd(), p));
      expect(inputs.filter((p) => p.includes('node_modules/brotli/'))).toEqual([]);
      expect(inputs).toContain('shared/adapters/pdf/brotli-decompress.ts');

      mkdirSync(join(dir, 'fonts'));
      const resolveFont = createRequire(join(process.cwd(), 'package.json')).resolve;
      for (const file of Object.values(NANUM_GOTHIC_FILES))
        copyFileSync(resolveFont(`@fontsource/nanum-gothic/files/${file}`), join(dir, 'fonts', file));
      const pdfPath = join(dir, 'out.pdf');
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); await m.renderTo(${JSON.stringify(join(dir, 'fonts'))}, ${JSON.stringify(pdfPath)});`,
        ],
        { cwd: dir },
      );

      const { text } = await pdfText(new Uint8Array(readFileSync(pdfPath)));
      expect(text).toContain('GAS-000777');
      expect(text).toContain('부산결제');
      expect(text).toContain('DRAFT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
