import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Titillium Web, the console's typeface, as complete TrueType files: the report prints applicant
 * countries and operator names in any Latin script. The renderer's @fontsource copies are split
 * into per-script subsets and cannot be embedded whole.
 */
export function reportFonts(): { regular: Uint8Array; semiBold: Uint8Array } {
  const file = (name: string) => readFileSync(require.resolve(`@expo-google-fonts/titillium-web/${name}`));
  return {
    regular: file('400Regular/TitilliumWeb_400Regular.ttf'),
    semiBold: file('600SemiBold/TitilliumWeb_600SemiBold.ttf'),
  };
}
