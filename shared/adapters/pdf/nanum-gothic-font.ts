import regular from '@fontsource/nanum-gothic/files/nanum-gothic-korean-400-normal.woff2';
import bold from '@fontsource/nanum-gothic/files/nanum-gothic-korean-700-normal.woff2';
import type { PdfFonts } from './titled-tables-pdf';

/**
 * Nanum Gothic (SIL OFL 1.1, from @fontsource/nanum-gothic), regular and bold: its "korean" files hold
 * Hangul and Latin, so partner names in Korean and the invoice's Latin text use one face. The WOFF2
 * files, not the WOFF ones (fontkit fails on those); pdfkit embeds only the glyphs a document uses.
 * Imported as bytes (esbuild's binary loader), so a bundle needs no font files beside it.
 */
export const NANUM_GOTHIC: PdfFonts = { regular, bold };
