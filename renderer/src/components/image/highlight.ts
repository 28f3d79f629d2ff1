import type { Box } from './content-bounds.ts';

/** A region to point out on an image, in the image's pixels (e.g. where the MRZ is printed). */
export interface ImageHighlight {
  box: Box;
  /** Short, shown on the image. */
  label: string;
  /** For screen readers: what the region is and how sure its place is. */
  description: string;
}
