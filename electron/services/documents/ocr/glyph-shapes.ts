/**
 * The OCR-B shape matcher: how much a cell looks like each MRZ character of the typeface ICAO
 * prescribes. Tesseract's English models were not trained on OCR-B and confuse its look-alikes
 * (0/O/D, 5/S, 2/Z, 8/B, 1/I, W/N); the shapes settle those, one cell at a time.
 */
import { GRID_HEIGHT, GRID_WIDTH, glyphGrid, similarity, type CellWindow } from './glyph-grid.ts';
import type { GrayImage } from '../images/gray-image.ts';
import { OCR_B_GLYPHS } from './ocr-b-glyphs.ts';

/** The characters, in the order of every score array. */
export const SHAPE_ALPHABET = OCR_B_GLYPHS.map(([char]) => char).join('');

const TEMPLATES = OCR_B_GLYPHS.map(([char, digits]) => {
  if (digits.length !== GRID_WIDTH * GRID_HEIGHT) throw new Error(`OCR-B glyph ${char}: wrong size`);
  return Float32Array.from(digits, (d) => Number(d) / 9);
});

/** Similarity (−1…1) of the cell to each character of SHAPE_ALPHABET; null for a cell without ink. */
export function shapeScores(image: GrayImage, threshold: number, cell: CellWindow): Float32Array | null {
  const grid = glyphGrid(image, threshold, cell);
  if (!grid) return null;
  return Float32Array.from(TEMPLATES, (template) => similarity(grid, template));
}
