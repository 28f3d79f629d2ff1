/**
 * Synthetic identity documents for the demo data set: a passport data page (TD3) or an
 * identity card (TD1) as the help desk receives them — a PNG or JPEG image, or a one-page PDF
 * as a scanner makes it. Everything follows from the record and the seed, so the same demo
 * set is rebuilt byte for byte.
 */
import { PDFDocument } from 'pdf-lib';
import { BACKDROP, GEOMETRY, drawTd1, drawTd3 } from './id-document-design.ts';
import { composeMrz, type CheckDigitField, type MrzFormat, type MrzRecord } from './mrz.ts';
import { seededRandom } from './random.ts';
import { addNoise, rotate } from './raster/effects.ts';
import { encodeJpeg, encodePng } from './raster/encode.ts';

export interface IdDocumentOptions {
  layout: MrzFormat;
  /** Seeds the security background and the scanner grain. */
  seed: number;
  format?: 'png' | 'jpeg' | 'pdf';
  /** Degrees, −5…5, positive clockwise: the document lying askew on the scanner. */
  rotation?: number;
  /** 0…1 */
  noise?: number;
  /** 1…100, for JPEG and PDF (whose page holds a JPEG, as scanners write them). */
  jpegQuality?: number;
  /** Print an MRZ with this check digit wrong. */
  break?: CheckDigitField;
}

export interface IdDocument {
  bytes: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg' | 'application/pdf';
  /** Of the image (inside the PDF, for a PDF). */
  width: number;
  height: number;
  /** The MRZ lines printed on the document. */
  mrz: string[];
}

const MM_TO_PT = 72 / 25.4;
const A4_PT: [number, number] = [595.28, 841.89];
/** Where the document lies on the scanner glass, from its top-left corner. */
const SCAN_OFFSET_MM = 12;
/** Scanner output carries a date; a fixed one keeps the PDF reproducible. */
const SCAN_DATE = new Date('2025-01-15T09:30:00Z');

export async function renderIdDocument(record: MrzRecord, options: IdDocumentOptions): Promise<IdDocument> {
  const { layout, seed, format = 'png', rotation = 0, noise = 0, jpegQuality = 85 } = options;
  if (layout !== 'TD1' && layout !== 'TD3') throw new Error(`layout: TD1 or TD3, got ${String(layout)}`);
  if (!['png', 'jpeg', 'pdf'].includes(format)) throw new Error(`format: png, jpeg or pdf, got ${String(format)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed: an integer, got ${seed}`);
  if (!(Math.abs(rotation) <= 5)) throw new Error(`rotation: −5 to 5 degrees, got ${rotation}`);
  if (!(noise >= 0 && noise <= 1)) throw new Error(`noise: 0 to 1, got ${noise}`);
  if (!(Number.isInteger(jpegQuality) && jpegQuality >= 1 && jpegQuality <= 100)) {
    throw new Error(`jpegQuality: an integer from 1 to 100, got ${jpegQuality}`);
  }

  const mrz = composeMrz(record, layout, { break: options.break });
  const random = seededRandom(seed);
  const canvas = layout === 'TD3' ? drawTd3(record, mrz, random) : drawTd1(record, mrz, random);
  rotate(canvas, rotation, BACKDROP);
  addNoise(canvas, noise, random);
  const { width, height } = canvas;

  if (format === 'png') return { bytes: encodePng(canvas), mimeType: 'image/png', width, height, mrz };
  const jpeg = encodeJpeg(canvas, jpegQuality);
  if (format === 'jpeg') return { bytes: jpeg, mimeType: 'image/jpeg', width, height, mrz };
  return { bytes: await scannedPdf(jpeg, layout), mimeType: 'application/pdf', width, height, mrz };
}

/** An A4 page with the document at its real size near the corner, as a flatbed scan comes out. */
async function scannedPdf(jpeg: Uint8Array, layout: MrzFormat): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setProducer('Accredita demo scanner');
  pdf.setCreationDate(SCAN_DATE);
  pdf.setModificationDate(SCAN_DATE);
  const image = await pdf.embedJpg(jpeg);
  const page = pdf.addPage(A4_PT);
  const { widthMm, heightMm } = GEOMETRY[layout];
  const offset = SCAN_OFFSET_MM * MM_TO_PT;
  page.drawImage(image, {
    x: offset,
    y: A4_PT[1] - offset - heightMm * MM_TO_PT,
    width: widthMm * MM_TO_PT,
    height: heightMm * MM_TO_PT,
  });
  return pdf.save();
}
