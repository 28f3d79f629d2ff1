/** What the operator is told when an ID image cannot be read, and what to do about it. */
import type { CheckProblem, CheckProblemCode } from '../../../../common/checks/text.ts';

const TEXTS: Partial<Record<CheckProblemCode, (detail: string) => { it: string; en: string }>> = {
  FILE_EMPTY: () => ({
    it: 'Il file è vuoto (0 byte): chiedi al richiedente di inviare di nuovo la copia del documento.',
    en: 'The file is empty (0 bytes): ask the applicant to send the copy of the document again.',
  }),
  FILE_TOO_LARGE: (detail) => ({
    it: `Il file è troppo grande per la lettura automatica (${detail}): leggi la MRZ a vista o chiedi una scansione più leggera.`,
    en: `The file is too large to read automatically (${detail}): read the MRZ by eye or ask for a lighter scan.`,
  }),
  UNSUPPORTED_TYPE: (detail) => ({
    it: `Formato non supportato (${detail}): la MRZ si legge da immagini PNG o JPEG e da PDF scansionati.`,
    en: `Unsupported format (${detail}): the MRZ is read from PNG or JPEG images and scanned PDFs.`,
  }),
  CORRUPT_FILE: (detail) => ({
    it: `Il file è danneggiato o non è quello che dichiara di essere (${detail}): chiedi di inviarlo di nuovo.`,
    en: `The file is damaged or not what it claims to be (${detail}): ask for it to be sent again.`,
  }),
  IMAGE_TOO_LARGE: (detail) => ({
    it: `L'immagine è troppo grande per la lettura automatica (${detail}): leggi la MRZ a vista o chiedi una scansione a risoluzione più bassa.`,
    en: `The image is too large to read automatically (${detail}): read the MRZ by eye or ask for a lower-resolution scan.`,
  }),
  PDF_ENCRYPTED: () => ({
    it: 'Il PDF è protetto da password: chiedi una copia senza protezione.',
    en: 'The PDF is password-protected: ask for an unprotected copy.',
  }),
  MRZ_NOT_FOUND: () => ({
    it: 'Nessuna MRZ trovata: il documento deve mostrare per intero le righe in fondo (2 o 3 righe di caratteri con i <), dritte e nitide. Leggila a vista o chiedi una scansione migliore.',
    en: 'No MRZ found: the document must show the whole lines at its bottom (2 or 3 lines of characters with < fillers), straight and sharp. Read it by eye or ask for a better scan.',
  }),
  OCR_FAILED: (detail) => ({
    it: `La MRZ è stata trovata ma non si legge (${detail}): leggila a vista o chiedi una scansione più nitida.`,
    en: `The MRZ was found but cannot be read (${detail}): read it by eye or ask for a sharper scan.`,
  }),
  TIMEOUT: (detail) => ({
    it: `La lettura ha superato il tempo massimo (${detail}): riprova o leggi la MRZ a vista.`,
    en: `Reading took longer than allowed (${detail}): try again or read the MRZ by eye.`,
  }),
};

export function readProblem(code: CheckProblemCode, detail = ''): CheckProblem {
  const text = TEXTS[code]?.(detail) ?? {
    it: `Lettura non riuscita (${code}${detail ? `: ${detail}` : ''}).`,
    en: `Reading failed (${code}${detail ? `: ${detail}` : ''}).`,
  };
  return { code, message: text };
}
