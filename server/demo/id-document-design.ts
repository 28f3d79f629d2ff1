/**
 * The look of the synthetic documents: an ICAO-style passport data page (TD3, 125 × 88 mm) and
 * identity card (TD1, 85.6 × 54 mm, shown with its MRZ on the same side so one image carries
 * everything). Positions are in millimetres on the document; the MRZ follows Doc 9303's
 * 2.54 mm character pitch in OCR-B so OCR reads it as it would a real document.
 */
import { parseIsoDate } from './dates.ts';
import type { MrzFormat, MrzRecord } from './mrz.ts';
import { Canvas, type Color } from './raster/canvas.ts';
import { measureText, ocrB, textPath, titillium, type Font, type TextStyle } from './raster/fonts.ts';
import { Path, multiply, rotation, translation } from './raster/path.ts';

export interface Geometry {
  widthMm: number;
  heightMm: number;
  pxPerMm: number;
}

/** About 254 dpi for the page, 300 dpi for the card: what a help-desk scanner delivers. */
export const GEOMETRY: Readonly<Record<MrzFormat, Geometry>> = {
  TD3: { widthMm: 125, heightMm: 88, pxPerMm: 10 },
  TD1: { widthMm: 85.6, heightMm: 54, pxPerMm: 11.8 },
};

/** Around the card, where the scanner lid shows. */
export const BACKDROP: Color = [230, 230, 226];
const INK: Color = [20, 26, 32];
const LABEL: Color = [74, 93, 112];
const HEADING: Color = [31, 59, 90];
const WARNING: Color = [192, 57, 43];
const MRZ_PITCH_MM = 2.54;

const MONTHS = [
  'JAN/JAN',
  'FEB/FÉV',
  'MAR/MARS',
  'APR/AVR',
  'MAY/MAI',
  'JUN/JUIN',
  'JUL/JUIL',
  'AUG/AOÛT',
  'SEP/SEPT',
  'OCT/OCT',
  'NOV/NOV',
  'DEC/DÉC',
];

/** `1974-08-12` → `12 AUG/AOÛT 1974`, the bilingual form ICAO's specimens print. */
function vizDate(iso: string, what: string): string {
  const date = parseIsoDate(iso, what);
  return `${String(date.day).padStart(2, '0')} ${MONTHS[date.month - 1]} ${date.year}`;
}

/** Millimetre drawing on a canvas. */
class Sheet {
  readonly canvas: Canvas;
  readonly scale: number;

  constructor(geometry: Geometry) {
    this.scale = geometry.pxPerMm;
    this.canvas = new Canvas(
      Math.round(geometry.widthMm * geometry.pxPerMm),
      Math.round(geometry.heightMm * geometry.pxPerMm),
      BACKDROP,
    );
  }

  style(font: Font, sizeMm: number, trackingMm = 0): TextStyle {
    return { font, size: sizeMm * this.scale, tracking: trackingMm * this.scale };
  }

  /** Prints `text` with its baseline at (x, y); throws when it is wider than `maxWidthMm`. */
  text(text: string, xMm: number, yMm: number, style: TextStyle, color: Color, maxWidthMm = Infinity): void {
    const width = measureText(text, style) / this.scale;
    if (width > maxWidthMm) {
      throw new Error(
        `${JSON.stringify(text)} is too long to print: ${width.toFixed(1)} mm, room for ${maxWidthMm} mm`,
      );
    }
    this.canvas.fill(textPath(text, xMm * this.scale, yMm * this.scale, style), color);
  }

  /** A caption in two languages above a value, as on real data pages. */
  field(caption: string, value: string, xMm: number, yMm: number, widthMm: number, sizes: [number, number]): void {
    const [captionMm, valueMm] = sizes;
    this.text(caption, xMm, yMm, this.style(titillium(400), captionMm), LABEL);
    this.text(value, xMm, yMm + valueMm * 1.3, this.style(titillium(600), valueMm), INK, widthMm);
  }

  rect(xMm: number, yMm: number, wMm: number, hMm: number, color: Color, opacity = 1): void {
    const s = this.scale;
    this.canvas.fill(new Path().rect(xMm * s, yMm * s, wMm * s, hMm * s), color, opacity);
  }

  gradient(xMm: number, yMm: number, wMm: number, hMm: number, top: Color, bottom: Color): void {
    const s = this.scale;
    this.canvas.gradient(xMm * s, yMm * s, wMm * s, hMm * s, top, bottom);
  }

  /** Fine interlaced waves, the security background every travel document has, seeded. */
  guilloche(yMm: number, hMm: number, color: Color, random: () => number): void {
    const s = this.scale;
    const [width, top, height] = [this.canvas.width, yMm * s, hMm * s];
    const path = new Path();
    for (let family = 0; family < 2; family++) {
      const waves = 16;
      for (let k = 0; k < waves; k++) {
        const phase = random() * 2 * Math.PI;
        const period = width / (1.5 + random() * 2);
        const amplitude = height * (0.05 + random() * 0.06);
        const base = top + ((k + 0.5) * height) / waves;
        const points: number[] = [];
        for (let x = 0; x <= width + 4; x += 4) {
          const angle = (2 * Math.PI * x) / period + phase;
          const sway = family === 0 ? Math.sin(angle) : Math.cos(angle * 1.3);
          points.push(x, base + amplitude * (sway + 0.35 * Math.sin(angle * 2.7)));
        }
        path.polyline(points, 0.09 * s);
      }
    }
    this.canvas.fill(path, color, 0.6);
  }

  /** The grey photo placeholder: a head-and-shoulders silhouette in a frame. */
  photo(xMm: number, yMm: number, wMm: number, hMm: number): void {
    const s = this.scale;
    this.gradient(xMm, yMm, wMm, hMm, [206, 210, 214], [178, 183, 189]);
    const [cx, x, y, w, h] = [(xMm + wMm / 2) * s, xMm * s, yMm * s, wMm * s, hMm * s];
    const figure = new Path().ellipse(cx, y + h * 0.4, w * 0.24, h * 0.2);
    figure.moveTo(x + w * 0.06, y + h);
    figure.bezierCurveTo(x + w * 0.06, y + h * 0.72, x + w * 0.3, y + h * 0.64, cx, y + h * 0.64);
    figure.bezierCurveTo(x + w * 0.7, y + h * 0.64, x + w * 0.94, y + h * 0.72, x + w * 0.94, y + h);
    figure.closePath();
    this.canvas.fill(figure, [139, 146, 154]);
    const frame = new Path().polyline([x, y, x + w, y, x + w, y + h, x, y + h, x, y], 0.12 * s);
    this.canvas.fill(frame, [120, 128, 138]);
  }

  /** SPECIMEN across the data, translucent so the fields under it stay legible. */
  specimen(centreXMm: number, centreYMm: number, sizeMm: number, degrees: number): void {
    const style = this.style(titillium(700), sizeMm, sizeMm * 0.12);
    const width = measureText('SPECIMEN', style);
    const s = this.scale;
    const place = multiply(translation(centreXMm * s, centreYMm * s), rotation(degrees));
    this.canvas.fill(textPath('SPECIMEN', -width / 2, (sizeMm * s) / 3, style, place), WARNING, 0.3);
  }

  /** Lines of OCR-B at the ICAO pitch, centred; `baselinesMm` from the top of the document. */
  mrz(lines: readonly string[], baselinesMm: readonly number[], widthMm: number): void {
    const font = ocrB();
    const advance = font.glyphForCodePoint(0x3c).advanceWidth / font.unitsPerEm;
    // OCR-B is monospaced: choose the em so one advance is exactly the 2.54 mm pitch.
    const style = this.style(font, MRZ_PITCH_MM / advance);
    lines.forEach((line, i) => {
      const left = (widthMm - line.length * MRZ_PITCH_MM) / 2;
      this.text(line, left, baselinesMm[i] ?? 0, style, INK);
    });
  }

  /** Rounds the card corners by painting the backdrop outside each quarter circle. */
  roundCorners(radiusMm: number): void {
    const [w, h, r] = [this.canvas.width, this.canvas.height, radiusMm * this.scale];
    const k = r * 0.5523;
    const corners = new Path();
    for (const [cx, cy, dx, dy] of [
      [0, 0, 1, 1],
      [w, 0, -1, 1],
      [w, h, -1, -1],
      [0, h, 1, -1],
    ] as const) {
      corners.moveTo(cx, cy);
      corners.lineTo(cx + dx * r, cy);
      corners.bezierCurveTo(cx + dx * (r - k), cy, cx, cy + dy * (r - k), cx, cy + dy * r);
      corners.closePath();
    }
    this.canvas.fill(corners, BACKDROP);
  }
}

const NOT_VALID = 'DEMO · NOT A VALID DOCUMENT · DOCUMENTO NON VALIDO';

export function drawTd3(record: MrzRecord, mrz: readonly string[], random: () => number): Canvas {
  const sheet = new Sheet(GEOMETRY.TD3);
  const mrzTop = 88 - 23.2;
  sheet.gradient(0, 0, 125, mrzTop, [226, 238, 232], [242, 236, 224]);
  sheet.guilloche(10, mrzTop - 10, [176, 204, 192], random);
  sheet.rect(0, mrzTop, 125, 88 - mrzTop, [247, 245, 239]);

  const heading = sheet.style(titillium(700), 3.4, 0.15);
  sheet.text('PASSPORT · PASSEPORT', 5, 8, heading, HEADING);
  const code = record.issuingState.replace(/</g, '');
  sheet.text(code, 120 - measureText(code, heading) / sheet.scale, 8, heading, HEADING);
  sheet.rect(5, 10, 115, 0.25, HEADING);

  sheet.photo(5, 14, 32, 42);
  const sizes: [number, number] = [1.6, 2.8];
  sheet.field('Type / Type', record.documentType.replace(/</g, ''), 42, 14, 12, sizes);
  sheet.field('Code / Code', code, 56, 14, 20, sizes);
  sheet.field('Passport No. / N° du passeport', record.documentNumber, 80, 14, 40, sizes);
  sheet.field('Surname / Nom', record.surname.toUpperCase(), 42, 20.5, 79, sizes);
  sheet.field('Given names / Prénoms', record.givenNames.toUpperCase(), 42, 27, 79, sizes);
  sheet.field('Nationality / Nationalité', record.nationality.replace(/</g, ''), 42, 33.5, 79, sizes);
  sheet.field('Date of birth / Date de naissance', vizDate(record.birthDate, 'birth date'), 42, 40, 45, sizes);
  sheet.field('Sex / Sexe', record.sex, 92, 40, 20, sizes);
  sheet.field('Date of expiry / Date d’expiration', vizDate(record.expiryDate, 'expiry date'), 42, 46.5, 45, sizes);
  if (record.optionalData) sheet.field('Personal No. / N° personnel', record.optionalData, 92, 46.5, 29, sizes);
  sheet.text(NOT_VALID, 42, 57, sheet.style(titillium(700), 1.9, 0.1), WARNING);
  sheet.specimen(72, 36, 15, -16);

  sheet.mrz(mrz, [78, 82.8], 125);
  return sheet.canvas;
}

export function drawTd1(record: MrzRecord, mrz: readonly string[], random: () => number): Canvas {
  const sheet = new Sheet(GEOMETRY.TD1);
  const mrzTop = 54 - 17.9;
  sheet.gradient(0, 0, 85.6, mrzTop, [228, 235, 246], [244, 239, 228]);
  sheet.guilloche(6.5, mrzTop - 6.5, [184, 198, 222], random);
  sheet.rect(0, mrzTop, 85.6, 54 - mrzTop, [247, 245, 239]);

  const heading = sheet.style(titillium(700), 2.3, 0.1);
  sheet.text('IDENTITY CARD · CARTE D’IDENTITÉ', 3.5, 5, heading, HEADING);
  const code = record.issuingState.replace(/</g, '');
  sheet.text(code, 82.1 - measureText(code, heading) / sheet.scale, 5, heading, HEADING);
  sheet.rect(3.5, 6.3, 78.6, 0.2, HEADING);

  sheet.photo(3.5, 8.5, 19, 24.5);
  const sizes: [number, number] = [1.25, 2.2];
  sheet.field('Surname / Nom', record.surname.toUpperCase(), 25.5, 9, 57, sizes);
  sheet.field('Given names / Prénoms', record.givenNames.toUpperCase(), 25.5, 14.3, 57, sizes);
  sheet.field('Sex / Sexe', record.sex, 25.5, 19.6, 8, sizes);
  sheet.field('Nationality / Nationalité', record.nationality.replace(/</g, ''), 36, 19.6, 18, sizes);
  sheet.field('Date of birth / Date de naissance', vizDate(record.birthDate, 'birth date'), 57, 19.6, 26, sizes);
  sheet.field('Document No. / N° du document', record.documentNumber, 25.5, 24.9, 30, sizes);
  sheet.field('Date of expiry / Date d’expiration', vizDate(record.expiryDate, 'expiry date'), 57, 24.9, 26, sizes);
  sheet.text(NOT_VALID, 25.5, 33.6, sheet.style(titillium(700), 1.35, 0.06), WARNING);
  sheet.specimen(50, 19, 10, -14);

  sheet.mrz(mrz, [41.6, 45.8, 50], 85.6);
  sheet.roundCorners(3.18);
  return sheet.canvas;
}
