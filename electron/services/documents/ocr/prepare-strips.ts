/**
 * The pixel half of reading an MRZ, run in the image worker: decode the file, find the zone,
 * cut each line into an upright strip for tesseract, and score each cell's shape against OCR-B.
 */
import { PNG } from 'pngjs';
import type { MrzFormat } from '../../../../common/checks/mrz.ts';
import { decodeJpeg, decodePng } from '../images/decode-image.ts';
import type { GrayImage } from '../images/gray-image.ts';
import { pdfFirstPageImage } from '../images/pdf-page-image.ts';
import type { FileKind } from '../images/sniff.ts';
import { MRZ_SHAPES } from '../mrz/mrz-layout.ts';
import { findMrzLines } from './find-mrz-lines.ts';
import { shapeScores, SHAPE_ALPHABET } from './glyph-shapes.ts';
import { inkBlobs, localInkMask, otsuThreshold } from './ink-components.ts';
import { cutLineStrip, type LineStrip } from './line-strip.ts';

export interface StripRequest {
  bytes: Uint8Array;
  kind: FileKind;
  maxPixels: number;
}

export interface PreparedStrip {
  /** Grey PNG, what tesseract.js reads. */
  png: Uint8Array;
  width: number;
  height: number;
  /** x of the centre of cell k: `firstCellX + k · pitch`. */
  firstCellX: number;
  pitch: number;
  /**
   * Cell k's OCR-B shape similarity to SHAPE_ALPHABET[i] at `k · SHAPE_ALPHABET.length + i`;
   * NaN for a cell without ink.
   */
  shapes: Float32Array;
}

export type StripResult =
  | { found: true; format: MrzFormat; width: number; height: number; strips: PreparedStrip[] }
  | { found: false; width: number; height: number };

/** Capital height the recogniser is given (tesseract's legacy classifier reads OCR-B best around here). */
const CAP_HEIGHT = 40;

export async function prepareStrips(request: StripRequest): Promise<StripResult> {
  const limits = { maxPixels: request.maxPixels };
  const page =
    request.kind === 'png'
      ? decodePng(request.bytes, limits)
      : request.kind === 'jpeg'
        ? decodeJpeg(request.bytes, limits)
        : await pdfFirstPageImage(request.bytes, limits);
  const geometry = findMrzLines(inkBlobs(localInkMask(page), 127), page.height);
  if (!geometry) return { found: false, width: page.width, height: page.height };
  const { length } = MRZ_SHAPES[geometry.format];
  const strips = geometry.lines.map((line): PreparedStrip => {
    const strip = cutLineStrip(page, line, length, { capHeight: CAP_HEIGHT, marginCells: 1 });
    return {
      png: encodeGrayPng(strip.image),
      width: strip.image.width,
      height: strip.image.height,
      firstCellX: strip.firstCellX,
      pitch: strip.pitch,
      shapes: cellShapes(strip, length),
    };
  });
  return { found: true, format: geometry.format, width: page.width, height: page.height, strips };
}

function cellShapes(strip: LineStrip, length: number): Float32Array {
  const threshold = otsuThreshold(strip.image.data);
  const shapes = new Float32Array(length * SHAPE_ALPHABET.length).fill(Number.NaN);
  for (let k = 0; k < length; k++) {
    const centre = strip.firstCellX + k * strip.pitch;
    const scores = shapeScores(strip.image, threshold, {
      left: centre - strip.pitch / 2,
      right: centre + strip.pitch / 2,
      top: strip.glyphTop,
      bottom: strip.glyphBottom,
    });
    if (scores) shapes.set(scores, k * SHAPE_ALPHABET.length);
  }
  return shapes;
}

function encodeGrayPng(image: GrayImage): Uint8Array {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  // A copy with a buffer of its own: the worker transfers it, and Node may pool small Buffers.
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}
