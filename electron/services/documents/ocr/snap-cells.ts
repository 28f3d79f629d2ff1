/**
 * OCR-B is fixed-pitch and the MRZ has no blank cells, so each recognised symbol belongs to the
 * cell under its centre: a line comes out at exactly its format's length, a dropped character
 * leaves a hole (`?`) where it was instead of shifting everything after it, and a character
 * read twice keeps its more confident reading.
 */
import type { RecognisedSymbol } from './tesseract-engine.ts';

export interface CellReading {
  /** What tesseract read; `?` where it read nothing. */
  char: string;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
}

export const UNREAD = '?';

export function snapToCells(
  symbols: readonly RecognisedSymbol[],
  firstCellX: number,
  pitch: number,
  length: number,
): CellReading[] {
  const cells: CellReading[] = Array.from({ length }, () => ({ char: UNREAD, confidence: 0 }));
  for (const symbol of symbols) {
    if (symbol.text.length !== 1) continue;
    const index = Math.round(((symbol.x0 + symbol.x1) / 2 - firstCellX) / pitch);
    const cell = cells[index];
    if (cell && (cell.char === UNREAD || symbol.confidence > cell.confidence)) {
      cells[index] = { char: symbol.text, confidence: symbol.confidence };
    }
  }
  return cells;
}
