/** The operator-facing explanation of each MRZ finding, in both console languages. */
import type { MrzCheckDigitName, MrzFinding } from '../../../../common/checks/mrz.ts';

const CHECK_NAMES: Readonly<Record<MrzCheckDigitName, { it: string; en: string }>> = {
  documentNumber: { it: 'del numero del documento', en: 'of the document number' },
  birthDate: { it: 'della data di nascita', en: 'of the birth date' },
  expiryDate: { it: 'della data di scadenza', en: 'of the expiry date' },
  optionalData: { it: 'del numero personale', en: 'of the personal number' },
  composite: { it: 'composita (di tutta la seconda parte)', en: 'composite (over the whole data part)' },
};

export function checkDigitFinding(name: MrzCheckDigitName): MrzFinding {
  const what = CHECK_NAMES[name];
  return {
    code: 'MRZ_CHECK_DIGIT',
    severity: 'error',
    field: name,
    message: {
      it: `La cifra di controllo ${what.it} non corrisponde: un carattere è stato trascritto male, oppure il documento è alterato o contraffatto. Confronta la MRZ con il documento.`,
      en: `The check digit ${what.en} does not match: a character was copied wrongly, or the document was altered or forged. Compare the MRZ with the document.`,
    },
  };
}

export function badDateFinding(field: 'birthDate' | 'expiryDate', raw: string): MrzFinding {
  const what = field === 'birthDate' ? { it: 'di nascita', en: 'birth' } : { it: 'di scadenza', en: 'expiry' };
  return {
    code: 'MRZ_BAD_DATE',
    severity: 'error',
    field,
    message: {
      it: `La data ${what.it} «${raw}» non è una data AAMMGG esistente.`,
      en: `The ${what.en} date “${raw}” is not an existing YYMMDD date.`,
    },
  };
}

export function badSexFinding(raw: string): MrzFinding {
  return {
    code: 'MRZ_BAD_SEX',
    severity: 'error',
    field: 'sex',
    message: {
      it: `Il sesso «${raw}» non è ammesso: la MRZ usa M, F oppure < (non specificato).`,
      en: `Sex “${raw}” is not allowed: the MRZ uses M, F or < (unspecified).`,
    },
  };
}

export function badDocumentCodeFinding(raw: string): MrzFinding {
  return {
    code: 'MRZ_BAD_DOCUMENT_CODE',
    severity: 'error',
    field: 'documentCode',
    message: {
      it: `Il codice documento «${raw}» non è ammesso in questo formato (passaporti P, carte A, C o I, visti V).`,
      en: `Document code “${raw}” is not allowed in this format (passports P, cards A, C or I, visas V).`,
    },
  };
}

export function badNameFinding(raw: string): MrzFinding {
  return {
    code: 'MRZ_BAD_NAME',
    severity: 'error',
    field: 'name',
    message: {
      it: `Il nome «${raw}» contiene cifre: nella MRZ i nomi hanno solo lettere A–Z e riempitivi <.`,
      en: `The name “${raw}” contains digits: MRZ names hold only letters A–Z and < fillers.`,
    },
  };
}

export function unknownStateFinding(field: 'issuingState' | 'nationality', code: string): MrzFinding {
  const what =
    field === 'issuingState'
      ? { it: 'dello Stato emittente', en: 'issuing state' }
      : { it: 'della nazionalità', en: 'nationality' };
  return {
    code: 'MRZ_UNKNOWN_STATE',
    severity: 'warning',
    field,
    message: {
      it: `Il codice ${what.it} «${code}» non è nell'elenco ICAO (UTO è lo Stato dei facsimili ICAO): verifica il documento.`,
      en: `The ${what.en} code “${code}” is not in the ICAO list (UTO is the state of ICAO specimens): check the document.`,
    },
  };
}
