/** Fonts as outlines: measuring a line of text and turning it into a path to fill. */
import fontkit, { type Font } from '@pdf-lib/fontkit';
import { OCR_B_PATH, ocrBFontBytes, titilliumFontBytes, type TitilliumWeight } from '../font-files.ts';
import { Path, multiply, scaling, translation, type Matrix } from './path.ts';

export type { Font };

interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void;
  closePath(): void;
}

const parsed = new Map<string, Font>();

function cached(key: string, load: () => Uint8Array): Font {
  let font = parsed.get(key);
  if (!font) {
    font = fontkit.create(load());
    parsed.set(key, font);
  }
  return font;
}

export const ocrB = (path = OCR_B_PATH): Font => cached(path, () => ocrBFontBytes(path));
export const titillium = (weight: TitilliumWeight): Font =>
  cached(`titillium-${weight}`, () => titilliumFontBytes(weight));

export interface TextStyle {
  font: Font;
  /** Em size in pixels. */
  size: number;
  /** Extra space after each character, in pixels. */
  tracking?: number;
}

function glyphFor(font: Font, char: string, text: string) {
  const codePoint = char.codePointAt(0) ?? 0;
  if (!font.hasGlyphForCodePoint(codePoint)) {
    throw new Error(`cannot print ${JSON.stringify(char)} of ${JSON.stringify(text)}: ${font.familyName} lacks it`);
  }
  return font.glyphForCodePoint(codePoint);
}

/** Advance width of `text`, in pixels. */
export function measureText(text: string, style: TextStyle): number {
  const unit = style.size / style.font.unitsPerEm;
  let width = 0;
  for (const char of text) width += glyphFor(style.font, char, text).advanceWidth * unit + (style.tracking ?? 0);
  return width;
}

/** The outlines of `text` with its baseline starting at (x, y), then transformed by `matrix`. */
export function textPath(text: string, x: number, y: number, style: TextStyle, matrix?: Matrix): Path {
  const path = new Path();
  const unit = style.size / style.font.unitsPerEm;
  let pen = x;
  for (const char of text) {
    const glyph = glyphFor(style.font, char, text);
    // Font units grow upwards, pixels downwards.
    const placed = multiply(translation(pen, y), scaling(unit, -unit));
    path.matrix = matrix ? multiply(matrix, placed) : placed;
    (glyph.path.toFunction() as (sink: PathSink) => void)(path);
    path.closePath();
    pen += glyph.advanceWidth * unit + (style.tracking ?? 0);
  }
  return path;
}
