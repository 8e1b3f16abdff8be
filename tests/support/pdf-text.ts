import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The text of a PDF as pdf-parse (pdf.js) reads it, page by page. Run in a child Node process: pdf.js
 * starts its worker with a dynamic `import()`, which Jest's CommonJS sandbox refuses.
 */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  const script = `
    const { PDFParse } = require('pdf-parse');
    const data = new Uint8Array(require('node:fs').readFileSync(process.argv[1]));
    new PDFParse({ data }).getText().then(
      (r) => process.stdout.write(JSON.stringify({ text: r.text, pages: r.total })),
      (e) => { console.error(e); process.exit(1); },
    );`;
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script, file],
        { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          err ? reject(new Error(`pdf-parse failed: ${stderr || err.message}`)) : resolve(stdout),
      ),
    );
    return JSON.parse(out) as { text: string; pages: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
