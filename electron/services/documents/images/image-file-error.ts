import type { CheckProblemCode } from '../../../../common/checks/text.ts';

/** A file that cannot become an image, with the problem code the operator will see. */
export class ImageFileError extends Error {
  override name = 'ImageFileError';
  readonly code: CheckProblemCode;

  constructor(code: CheckProblemCode, detail: string) {
    super(detail);
    this.code = code;
  }
}
