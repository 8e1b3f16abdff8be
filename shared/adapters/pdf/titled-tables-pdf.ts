import PDFDocument from 'pdfkit';

/** The two faces every finance PDF embeds (Nanum Gothic: Hangul and Latin; nanum-gothic-font.ts). */
export interface PdfFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

export interface PdfColumn {
  readonly header: string;
  /** Share of the table's width (the shares of a table's columns are scaled to fill it). */
  readonly width: number;
  readonly align?: 'left' | 'right';
}

export interface PdfTable {
  readonly title: string;
  readonly columns: readonly PdfColumn[];
  /** Cells as final text (amounts already exact decimal strings); each row as many cells as columns. */
  readonly rows: readonly (readonly string[])[];
  /** Rows drawn in bold under a rule after the rows (totals). */
  readonly totals?: readonly (readonly string[])[];
  /** Shown when there are no rows. */
  readonly empty?: string;
  readonly fontSize?: number;
}

/**
 * A finance document: a title block, label/value facts in one or two columns, an optional stamp (the
 * status), a few lines of notes, then tables that run over as many pages as they need (the header row
 * repeated on each), with `Page i of n` and the document's reference at the foot of every page.
 */
export interface TitledTablesDocument {
  readonly title: string;
  readonly subtitle?: string;
  /** Top right, beside the title (an invoice number). Also repeated at the foot of each page. */
  readonly reference: string;
  /** A framed word top right under the reference (DRAFT, ISSUED, PAID, VOID). */
  readonly stamp?: { readonly text: string; readonly color: string };
  /** Label/value blocks side by side (e.g. issuer and recipient), each a heading and its lines. */
  readonly parties?: readonly { readonly heading: string; readonly lines: readonly string[] }[];
  readonly facts?: readonly (readonly [label: string, value: string])[];
  readonly tables: readonly PdfTable[];
  readonly notes?: readonly string[];
  /** The PDF's CreationDate: a fixed time of the document (not the render time), so the bytes repeat. */
  readonly createdAt: Date;
  readonly author: string;
  readonly subject: string;
}

interface PathCommand {
  readonly command: string;
  readonly args: readonly number[];
}

/**
 * A TrueType simple glyph (the `glyf` entry) from an outline: moveTo/lineTo points on the curve,
 * quadraticCurveTo's control point off it; every coordinate as an int16 delta (no packed forms, no
 * instructions), padded to 4 bytes. Coordinates are rounded to font units (fontkit's implied midpoints
 * can be halves).
 */
export function encodeSimpleGlyph(commands: readonly PathCommand[]): Uint8Array {
  const contours: { x: number; y: number; on: boolean }[][] = [];
  let current: { x: number; y: number; on: boolean }[] = [];
  const close = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last && current.length > 1 && last.on && last.x === first.x && last.y === first.y)
      current.pop();
    if (current.length > 0) contours.push(current);
    current = [];
  };
  for (const c of commands) {
    const a = c.args.map((v) => Math.round(v));
    if (c.command === 'moveTo') {
      close();
      current.push({ x: a[0]!, y: a[1]!, on: true });
    } else if (c.command === 'lineTo') current.push({ x: a[0]!, y: a[1]!, on: true });
    else if (c.command === 'quadraticCurveTo') {
      current.push({ x: a[0]!, y: a[1]!, on: false }, { x: a[2]!, y: a[3]!, on: true });
    } else if (c.command === 'closePath') close();
    else throw new Error(`Unexpected ${c.command} in a TrueType outline`);
  }
  close();
  const points = contours.flat();
  if (points.length === 0) return new Uint8Array(0);
  const size = 10 + 2 * contours.length + 2 + points.length * 5;
  const out = new Uint8Array(size + ((4 - (size % 4)) % 4));
  const view = new DataView(out.buffer);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  view.setInt16(0, contours.length);
  view.setInt16(2, Math.min(...xs));
  view.setInt16(4, Math.min(...ys));
  view.setInt16(6, Math.max(...xs));
  view.setInt16(8, Math.max(...ys));
  let pos = 10;
  let end = -1;
  for (const contour of contours) {
    end += contour.length;
    view.setUint16(pos, end);
    pos += 2;
  }
  view.setUint16(pos, 0); // no instructions
  pos += 2;
  for (const p of points) out[pos++] = p.on ? 1 : 0;
  let last = 0;
  for (const p of points) {
    view.setInt16(pos, p.x - last);
    last = p.x;
    pos += 2;
  }
  last = 0;
  for (const p of points) {
    view.setInt16(pos, p.y - last);
    last = p.y;
    pos += 2;
  }
  return out;
}

/** The parts of pdfkit's embedded font and fontkit's TrueType subset that `reencodeSubset` touches. */
interface TrueTypeSubset {
  font: {
    getGlyph(gid: number): {
      path: { commands: readonly PathCommand[] };
      advanceWidth: number;
      _getMetrics(): { leftBearing: number };
    };
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * fontkit subsets a TrueType font by copying each used glyph's bytes through the `loca` offsets. In a
 * WOFF2 file `glyf` and `loca` are stored transformed, so those offsets point into the wrong bytes: one
 * glyph came out as 136 KB and an invoice as 4.5 MB. Here each used glyph is written again from its
 * outline (fontkit decodes WOFF2 outlines correctly; its own re-encoder, used for variable fonts, fails
 * with restructure 3), composite glyphs flattened, without hinting instructions (a PDF viewer rasterises at its own sizes). An invoice is
 * then a few dozen KB. Throws if pdfkit's or fontkit's internals ever change shape, so a dependency
 * upgrade fails the renderer's tests instead of silently bloating every document.
 */
function reencodeSubset(doc: PDFKit.PDFDocument): unknown {
  const embedded = (doc as unknown as { _font?: { subset?: TrueTypeSubset; font?: unknown } })._font;
  const subset = embedded?.subset;
  if (!subset || typeof subset._addGlyph !== 'function')
    throw new Error('pdfkit/fontkit internals changed: cannot re-encode the font subset');
  subset._addGlyph = function (this: TrueTypeSubset, gid: number): number {
    const glyph = this.font.getGlyph(gid);
    const buffer = encodeSimpleGlyph(glyph.path.commands);
    this.glyf.push(buffer);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
    this.offset += buffer.length;
    return this.glyf.length - 1;
  };
  return embedded?.font;
}

/**
 * The parsed (fontkit) faces of a `PdfFonts`, kept after the first document: opening a WOFF2 face
 * decompresses and parses the whole font (~0.3 s each here), which would otherwise be paid for every
 * invoice of a monthly run. pdfkit takes a parsed font in place of bytes; each document still makes its
 * own subset of it.
 */
const parsedFaces = new WeakMap<PdfFonts, { regular: unknown; bold: unknown }>();

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 40;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 24; // leaves room for the footer
const ROW_PAD = 3;
const GREY = '#555555';

/**
 * Renders the document with pdfkit, fonts embedded as subsets (only the glyphs used). The same input
 * gives the same bytes: CreationDate and the file ID (pdfkit derives it from the info dictionary) come
 * from `createdAt`, nothing random is written (no encryption), so re-publishing writes an identical file.
 * pdfkit's own page breaking is off (zero page margins): rows are placed here, and a row that would cross
 * the bottom starts a new page.
 */
export async function renderTitledTablesPdf(
  spec: TitledTablesDocument,
  fonts: PdfFonts,
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    // No default font: pdfkit would load Helvetica from its AFM files (absent from a Lambda bundle) and
    // embed it unused; every text below names one of the two embedded faces.
    font: null as unknown as string,
    info: {
      Title: `${spec.title} ${spec.reference}`,
      Author: spec.author,
      Subject: spec.subject,
      Producer: 'stablecoin-gateway',
      Creator: 'stablecoin-gateway',
      CreationDate: spec.createdAt,
    },
  });
  const parsed = parsedFaces.get(fonts);
  doc.registerFont('regular', (parsed?.regular ?? Buffer.from(fonts.regular)) as Buffer);
  doc.registerFont('bold', (parsed?.bold ?? Buffer.from(fonts.bold)) as Buffer);
  // Each face is loaded once per document (pdfkit caches a registered font): fix its subset before any
  // glyph is used.
  doc.font('bold');
  const bold = reencodeSubset(doc);
  doc.font('regular');
  const regular = reencodeSubset(doc);
  if (!parsed) parsedFaces.set(fonts, { regular, bold });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  let y = MARGIN;
  const text = (
    s: string,
    x: number,
    at: number,
    o: {
      font?: 'regular' | 'bold';
      size?: number;
      width?: number;
      align?: 'left' | 'right' | 'center';
      color?: string;
    } = {},
  ) => {
    doc
      .font(o.font ?? 'regular')
      .fontSize(o.size ?? 9)
      .fillColor(o.color ?? 'black')
      .text(s, x, at, { width: o.width ?? CONTENT_WIDTH, align: o.align ?? 'left', lineBreak: false });
  };

  // Title block.
  text(spec.title, MARGIN, y, { font: 'bold', size: 18 });
  text(spec.reference, MARGIN, y + 2, { font: 'bold', size: 14, align: 'right' });
  y += 26;
  if (spec.subtitle) {
    text(spec.subtitle, MARGIN, y, { size: 10, color: GREY });
    y += 16;
  }
  if (spec.stamp) {
    doc.font('bold').fontSize(16);
    const w = doc.widthOfString(spec.stamp.text) + 16;
    const x = PAGE.width - MARGIN - w;
    doc.save().lineWidth(2).strokeColor(spec.stamp.color).rect(x, y, w, 26).stroke().restore();
    text(spec.stamp.text, x, y + 5, {
      font: 'bold',
      size: 16,
      width: w,
      align: 'center',
      color: spec.stamp.color,
    });
    doc.fillColor('black');
    if (!spec.subtitle) y += 4;
  }
  y += 12;

  // Parties side by side.
  if (spec.parties && spec.parties.length > 0) {
    const w = CONTENT_WIDTH / spec.parties.length;
    let tallest = 0;
    spec.parties.forEach((p, i) => {
      const x = MARGIN + i * w;
      text(p.heading, x, y, { font: 'bold', size: 9, width: w - 10, color: GREY });
      p.lines.forEach((line, j) => text(line, x, y + 13 + j * 13, { size: j === 0 ? 11 : 9, width: w - 10 }));
      tallest = Math.max(tallest, 13 + p.lines.length * 13);
    });
    y += tallest + 10;
  }

  // Facts: label, value.
  for (const [label, value] of spec.facts ?? []) {
    text(label, MARGIN, y, { size: 9, color: GREY, width: 120 });
    text(value, MARGIN + 120, y, { size: 9, width: CONTENT_WIDTH - 120 });
    y += 13;
  }
  y += 8;

  const newPage = () => {
    doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    y = MARGIN;
  };

  for (const table of spec.tables) {
    const size = table.fontSize ?? 8.5;
    const rowHeight = size + 2 * ROW_PAD + 2;
    const share = table.columns.reduce((s, c) => s + c.width, 0);
    const widths = table.columns.map((c) => (c.width / share) * CONTENT_WIDTH);
    const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const cells = (row: readonly string[], font: 'regular' | 'bold') => {
      row.forEach((cell, i) => {
        const width = widths[i]! - 4;
        // A cell wider than its column is set smaller, never cut: a tx hash or an amount stays whole.
        doc.font(font).fontSize(size);
        const natural = doc.widthOfString(cell);
        const fitted = natural > width ? Math.max(4, (size * width) / natural) : size;
        text(cell, xs[i]! + 2, y + ROW_PAD + (size - fitted) / 2, {
          font,
          size: fitted,
          width,
          align: table.columns[i]!.align ?? 'left',
        });
      });
      y += rowHeight;
    };
    const header = () => {
      doc.save().rect(MARGIN, y, CONTENT_WIDTH, rowHeight).fill('#eeeeee').restore();
      cells(
        table.columns.map((c) => c.header),
        'bold',
      );
    };
    if (y + 20 + 3 * rowHeight > BOTTOM) newPage();
    text(table.title, MARGIN, y, { font: 'bold', size: 11 });
    y += 18;
    header();
    if (table.rows.length === 0 && table.empty) {
      text(table.empty, MARGIN + 2, y + ROW_PAD, { size, color: GREY });
      y += rowHeight;
    }
    for (const row of table.rows) {
      if (row.length !== table.columns.length)
        throw new Error(`PDF table row has ${row.length} cells, the table ${table.columns.length} columns`);
      if (y + rowHeight > BOTTOM) {
        newPage();
        text(`${table.title} (continued)`, MARGIN, y, { font: 'bold', size: 11 });
        y += 18;
        header();
      }
      cells(row, 'regular');
    }
    if (table.totals && table.totals.length > 0) {
      if (y + rowHeight * table.totals.length + 4 > BOTTOM) newPage();
      doc
        .save()
        .lineWidth(0.8)
        .moveTo(MARGIN, y)
        .lineTo(PAGE.width - MARGIN, y)
        .stroke()
        .restore();
      y += 2;
      for (const row of table.totals) cells(row, 'bold');
    }
    y += 14;
  }

  // Notes wrap (the only text that does): measured first, so a note never crosses the footer.
  for (const note of spec.notes ?? []) {
    doc.font('regular').fontSize(8);
    const height = doc.heightOfString(note, { width: CONTENT_WIDTH });
    if (y + height > BOTTOM) newPage();
    doc.fillColor(GREY).text(note, MARGIN, y, { width: CONTENT_WIDTH });
    y += height + 3;
  }

  // Footer on every page, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const footY = PAGE.height - MARGIN;
    text(spec.reference, MARGIN, footY, { size: 8, color: GREY });
    text(`Page ${i + 1} of ${range.count}`, MARGIN, footY, { size: 8, color: GREY, align: 'right' });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
