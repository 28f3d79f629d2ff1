/**
 * Why a filled form could not be read, or not fully: each problem tells the operator what to ask
 * the applicant for, or to read the form by eye.
 */
import type { CheckProblem } from '../../../../common/checks/text.ts';

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

export const pdfProblem = {
  empty: (): CheckProblem => ({
    code: 'FILE_EMPTY',
    message: {
      it: 'Il file del modulo è vuoto (0 byte). Chiedere al richiedente di inviare di nuovo il modulo PDF compilato.',
      en: 'The form file is empty (0 bytes). Ask the applicant to send the filled PDF form again.',
    },
  }),

  tooLarge: (bytes: number, limit: number): CheckProblem => ({
    code: 'FILE_TOO_LARGE',
    message: {
      it:
        `Il file pesa ${mib(bytes)} MiB, oltre il limite di ${mib(limit)} MiB, e non è stato aperto. Il modulo ` +
        'compilato pesa di solito meno di 1 MiB: chiedere al richiedente di inviare solo il modulo, senza scansioni.',
      en:
        `The file is ${mib(bytes)} MiB, over the ${mib(limit)} MiB limit, and was not opened. A filled form is ` +
        'usually under 1 MiB: ask the applicant to send the form alone, without scans.',
    },
  }),

  tooDemanding: (): CheckProblem => ({
    code: 'FILE_TOO_LARGE',
    message: {
      it:
        'Il PDF contiene dati compressi che, aperti, superano la memoria concessa alla lettura, e non è stato ' +
        'letto. Chiedere al richiedente di inviare solo il modulo compilato.',
      en:
        'The PDF holds compressed data that, unpacked, exceeds the memory allowed for reading, and was not ' +
        'read. Ask the applicant to send the filled form alone.',
    },
  }),

  notPdf: (): CheckProblem => ({
    code: 'CORRUPT_FILE',
    message: {
      it: 'Il file non è un PDF. Chiedere al richiedente di inviare il modulo compilato in formato PDF.',
      en: 'The file is not a PDF. Ask the applicant to send the filled form as a PDF.',
    },
  }),

  corrupt: (): CheckProblem => ({
    code: 'CORRUPT_FILE',
    message: {
      it:
        'Il PDF è danneggiato o incompleto e non si può leggere. Chiedere al richiedente di salvare di nuovo ' +
        'il modulo compilato e di rinviarlo.',
      en: 'The PDF is damaged or incomplete and cannot be read. Ask the applicant to save the filled form again and resend it.',
    },
  }),

  encrypted: (): CheckProblem => ({
    code: 'PDF_ENCRYPTED',
    message: {
      it:
        'Il PDF è protetto da password. Chiedere al richiedente di rinviare il modulo senza password ' +
        '(la password non va mandata per e-mail).',
      en: 'The PDF is password-protected. Ask the applicant to resend the form without a password (not to e-mail the password).',
    },
  }),

  tooManyPages: (pages: number, limit: number): CheckProblem => ({
    code: 'PDF_TOO_MANY_PAGES',
    message: {
      it:
        `Il PDF ha ${pages} pagine (al massimo ${limit}) e non è stato letto. Chiedere al richiedente ` +
        'di inviare il modulo compilato come file a sé, separato dagli altri documenti.',
      en:
        `The PDF has ${pages} pages (at most ${limit}) and was not read. Ask the applicant to send the ` +
        'filled form as a file of its own, apart from other documents.',
    },
  }),

  timeout: (limitMs: number): CheckProblem => ({
    code: 'TIMEOUT',
    message: {
      it:
        `La lettura del PDF ha superato ${limitMs / 1000} s ed è stata interrotta. Aprire il file e leggerlo a ` +
        'vista; se non si apre, chiedere al richiedente di rinviarlo.',
      en:
        `Reading the PDF took over ${limitMs / 1000} s and was stopped. Open the file and read it by eye; if it ` +
        'does not open, ask the applicant to resend it.',
    },
  }),

  javascript: (): CheckProblem => ({
    code: 'PDF_HAS_JAVASCRIPT',
    message: {
      it:
        'Il PDF contiene codice JavaScript, che Accredita non esegue: il modulo inviato dall’ufficio non ne ' +
        'contiene, quindi il file è stato modificato. I valori sono stati letti: verificarli sul documento; in ' +
        'caso di dubbio chiedere al richiedente di compilare il modulo originale.',
      en:
        'The PDF contains JavaScript, which Accredita does not run: the form the help desk sends has none, so ' +
        'the file was altered. The values were read: check them against the document; if in doubt, ask the ' +
        'applicant to fill in the original form.',
    },
  }),

  flattened: (): CheckProblem => ({
    code: 'PDF_NO_FIELDS',
    message: {
      it:
        'Il PDF non ha campi compilabili: il modulo è stato stampato e compilato a mano, o "appiattito". ' +
        'Leggere i dati a vista e digitarli.',
      en: 'The PDF has no form fields: it was printed and filled by hand, or flattened. Read the data by eye and type it in.',
    },
  }),

  scanned: (): CheckProblem => ({
    code: 'PDF_NO_FIELDS',
    message: {
      it:
        'Il PDF è una scansione (solo immagini, nessun campo né testo). Leggere i dati a vista e digitarli, o ' +
        'chiedere al richiedente il modulo compilato al computer.',
      en:
        'The PDF is a scan (images only, no fields or text). Read the data by eye and type it in, or ask the ' +
        'applicant for the form filled in on a computer.',
    },
  }),

  unknownTemplate: (version: string | null): CheckProblem => ({
    code: 'PDF_UNKNOWN_TEMPLATE',
    message:
      version === null
        ? {
            it:
              'Il PDF ha campi compilabili ma non è il modulo di Accreditamento Utente Estero. I campi letti sono ' +
              'mostrati così come sono: chiedere al richiedente di compilare il modulo inviato dall’ufficio.',
            en:
              'The PDF has form fields but is not the Foreign User Accreditation form. The fields read are shown ' +
              'as found: ask the applicant to fill in the form the help desk sent.',
          }
        : {
            it:
              `Il modulo dichiara la versione ${version}, che questa versione di Accredita non conosce. I campi ` +
              'letti sono mostrati così come sono: verificarli a vista e segnalare il caso al supporto.',
            en:
              `The form says it is version ${version}, which this version of Accredita does not know. The fields ` +
              'read are shown as found: check them by eye and report the case to support.',
          },
  }),
};
