import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PdfFonts } from './titled-tables-pdf';

/** The two faces, as @fontsource/nanum-gothic names them (the bundles copy them under these names). */
export const NANUM_GOTHIC_FILES = {
  regular: 'nanum-gothic-korean-400-normal.woff2',
  bold: 'nanum-gothic-korean-700-normal.woff2',
} as const;

let loaded: PdfFonts | undefined;

/**
 * Nanum Gothic (SIL OFL 1.1, from @fontsource/nanum-gothic), regular and bold: its "korean" files hold
 * Hangul and Latin, so a partner's Korean name and the invoice's Latin text use one face. The WOFF2
 * files, not the WOFF ones (fontkit fails on those); pdfkit embeds only the glyphs a document uses.
 *
 * Read from disk on the first render, not bundled into the JavaScript (0.76 MB as files, 1 MB more as
 * base64 to parse at every cold start): from `fontDir` when given (a Lambda bundle carries them in
 * `fonts/`, DOCUMENT_FONT_DIR), else from the package in node_modules (local stack, tests, CLI).
 */
export function nanumGothic(fontDir?: string): PdfFonts {
  if (loaded) return loaded;
  const path = (file: string) =>
    fontDir
      ? join(fontDir, file)
      : createRequire(join(process.cwd(), 'package.json')).resolve(`@fontsource/nanum-gothic/files/${file}`);
  loaded = {
    regular: new Uint8Array(readFileSync(path(NANUM_GOTHIC_FILES.regular))),
    bold: new Uint8Array(readFileSync(path(NANUM_GOTHIC_FILES.bold))),
  };
  return loaded;
}
