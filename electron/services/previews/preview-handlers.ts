import type { Handlers } from '../../../common/contract/dispatch.ts';
import type { DocumentPreviews, PreviewAnswer } from './document-previews.ts';

const wire = ({ sha256, contentType, width, height, data }: PreviewAnswer) => ({
  sha256,
  contentType,
  data,
  width,
  height,
});

/** The contract methods of the document previews. */
export function createPreviewHandlers(
  previews: DocumentPreviews,
): Pick<Handlers, 'documents.pagePreview' | 'documents.imagePreview'> {
  return {
    'documents.pagePreview': async (input) => wire(await previews.page(input)),
    'documents.imagePreview': async (input) => {
      const answer = await previews.image(input);
      // A photo is all document; only a scan has glass around it.
      const document = answer.document ?? { x: 0, y: 0, width: answer.width, height: answer.height };
      return { ...wire(answer), document };
    },
  };
}
