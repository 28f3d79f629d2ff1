/**
 * Where the demo documents' typefaces come from. OCR-B, which ICAO Doc 9303 requires for the
 * MRZ, is Debian's fonts-ocr-b (no npm package carries it). Titillium Web, the console's own
 * typeface, comes as complete TrueType files, so names such as Łukasz, Jiřina or Țăranu print;
 * the @fontsource copies the renderer uses are split into per-script subsets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const OCR_B_PATH = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';

export type TitilliumWeight = 400 | 600 | 700;

const TITILLIUM_FILES: Record<TitilliumWeight, string> = {
  400: '400Regular/TitilliumWeb_400Regular.ttf',
  600: '600SemiBold/TitilliumWeb_600SemiBold.ttf',
  700: '700Bold/TitilliumWeb_700Bold.ttf',
};

const require = createRequire(import.meta.url);

export function ocrBFontBytes(path = OCR_B_PATH): Uint8Array {
  if (!existsSync(path)) throw new Error(`OCR-B font not found at ${path}: install Debian package fonts-ocr-b`);
  return readFileSync(path);
}

export function titilliumFontBytes(weight: TitilliumWeight): Uint8Array {
  return readFileSync(require.resolve(`@expo-google-fonts/titillium-web/${TITILLIUM_FILES[weight]}`));
}
