import type { MrzFormat } from '../../../../common/checks/mrz.ts';
import type { Box } from '../../components/image/content-bounds.ts';

/**
 * Where the MRZ lies on a document, from its format alone: the reading of the ID copy does not
 * yet report the lines' coordinates, so the band is the bottom strip ICAO Doc 9303 reserves for
 * the MRZ (TD1 card 85.6 × 54 mm, three lines in the bottom 17.9 mm; TD3 passport page
 * 125 × 88 mm, two lines in the bottom 23.2 mm; TD2 105 × 74 mm, two lines, about 21 mm).
 */
const ZONES: Record<MrzFormat, { share: number; lines: number }> = {
  TD1: { share: 17.9 / 54, lines: 3 },
  TD2: { share: 21 / 74, lines: 2 },
  TD3: { share: 23.2 / 88, lines: 2 },
};

/** Width ÷ height above which an unread document is taken for a card (TD1 1.59, TD3 1.42). */
const CARD_ASPECT = 1.5;

export interface MrzBand {
  box: Box;
  format: MrzFormat;
  lines: number;
  /** True when the format was not read and was inferred from the image's proportions. */
  inferred: boolean;
}

/** The MRZ band of the document lying at `document` in an image (all of a photo, part of a scan). */
export function mrzBand(format: MrzFormat | null, document: Box): MrzBand {
  const chosen = format ?? (document.width / document.height >= CARD_ASPECT ? 'TD1' : 'TD3');
  const zone = ZONES[chosen];
  const height = document.height * zone.share;
  return {
    box: { x: document.x, y: document.y + document.height - height, width: document.width, height },
    format: chosen,
    lines: zone.lines,
    inferred: format === null,
  };
}
