import type { TaxIdClassification } from '../../../common/checks/eligibility.ts';
import type { LocalizedText } from '../../../common/checks/text.ts';
import {
  normalizeTaxId,
  validateCodiceFiscale,
  type CodiceFiscaleDecoded,
} from '../../../common/domain/codice-fiscale.ts';
import { validatePartitaIva } from '../../../common/domain/partita-iva.ts';

/** A typo rarely breaks more than two characters; more than that is another kind of identifier. */
const MAX_TYPO_POSITIONS = 2;
/** Surname, name, year and month of a codice fiscale: enough to recognise one with a character missing or extra. */
const CF_PREFIX = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST]/;

/**
 * What the applicant typed in the web form's optional "Codice Fiscale/PIVA" field: an Italian
 * codice fiscale (they should use SPID/CIE), one with a typo (ask them), an Italian partita IVA
 * (they act for a company, or it is a temporary personal code), or a foreign id.
 */
export function classifyTaxId(input: string | undefined, options: { today?: Date } = {}): TaxIdClassification {
  const value = normalizeTaxId(input ?? '');
  if (value === '') {
    return result('EMPTY', value, [], null, {
      it: 'Il campo Codice Fiscale/PIVA è vuoto.',
      en: 'The Codice Fiscale/PIVA field is empty.',
    });
  }

  if (value.length === 16) {
    const cf = validateCodiceFiscale(value, options);
    if (cf.valid && cf.decoded) return result('ITALIAN_CF', value, [], cf.decoded, validCfMessage(cf.decoded));
    const positional = cf.problems.filter((p) => p.code === 'CHARACTER').length;
    if (positional <= MAX_TYPO_POSITIONS) return typo(value, cf.problems, cf.decoded);
  }
  if ((value.length === 15 || value.length === 17) && CF_PREFIX.test(value)) {
    return typo(value, validateCodiceFiscale(value, options).problems, null);
  }

  const piva = validatePartitaIva(value);
  if (piva.value.length === 11 && /^\d+$/.test(piva.value)) {
    if (piva.valid) {
      return result('PARTITA_IVA', piva.value, [], null, {
        it:
          'Partita IVA italiana valida: il richiedente agisce probabilmente per un’impresa italiana. Non è una prova: ' +
          'anche un codice fiscale provvisorio di persona ha 11 cifre. Non cambia l’esito.',
        en:
          'Valid Italian partita IVA: the applicant probably acts for an Italian company. It is not proof: a temporary ' +
          'personal codice fiscale also has 11 digits. The outcome does not change.',
      });
    }
    return result('PARTITA_IVA_INVALID', piva.value, piva.problems, null, {
      it: `11 cifre, ma non è una partita IVA valida (${joined(piva.problems, 'it')}): errore di battitura o numero estero.`,
      en: `11 digits, but not a valid partita IVA (${joined(piva.problems, 'en')}): a typing error or a foreign number.`,
    });
  }

  return result('OTHER', value, [], null, {
    it: 'Identificativo fiscale estero o di altro tipo: non incide sull’idoneità.',
    en: 'A foreign or other kind of tax identifier: it does not affect eligibility.',
  });
}

function typo(
  value: string,
  problems: TaxIdClassification['problems'],
  decoded: CodiceFiscaleDecoded | null,
): TaxIdClassification {
  return result('ITALIAN_CF_TYPO', value, problems, decoded, {
    it:
      `Sembra un codice fiscale italiano con un errore (${joined(problems, 'it')}). Chiedere al richiedente il codice ` +
      'esatto: se ha un codice fiscale italiano valido deve accedere con SPID o CIE.',
    en:
      `Looks like an Italian codice fiscale with a mistake (${joined(problems, 'en')}). Ask the applicant for the exact ` +
      'code: holders of a valid Italian codice fiscale must sign in with SPID or CIE.',
  });
}

function validCfMessage(decoded: CodiceFiscaleDecoded): LocalizedText {
  const { candidates, centuryAmbiguous } = decoded.birthDate;
  const born = centuryAmbiguous
    ? {
        it: `${candidates.join(' o ')} (il secolo non è codificato)`,
        en: `${candidates.join(' or ')} (the century is not encoded)`,
      }
    : { it: candidates[0], en: candidates[0] };
  const place = decoded.birthplace.abroad
    ? {
        it: `nato/a all’estero (codice ${decoded.birthplace.code})`,
        en: `born abroad (code ${decoded.birthplace.code})`,
      }
    : {
        it: `nato/a in Italia (codice ${decoded.birthplace.code})`,
        en: `born in Italy (code ${decoded.birthplace.code})`,
      };
  const order = decoded.omocodiaFromTheRight
    ? { it: '', en: '' }
    : {
        it: ', sostituzioni non da destra: l’Agenzia delle Entrate non rilascia codici così, verificare',
        en: ', not substituted from the right: the Agenzia delle Entrate never issues such codes, verify it',
      };
  const omocodia = decoded.omocodiaPositions.length
    ? {
        it: `; omocodia nelle posizioni ${decoded.omocodiaPositions.join(', ')} (codice base ${decoded.base}${order.it})`,
        en: `; omocodia at positions ${decoded.omocodiaPositions.join(', ')} (base code ${decoded.base}${order.en})`,
      }
    : { it: '', en: '' };
  return {
    it: `Codice fiscale italiano valido: sesso ${decoded.sex}, data di nascita ${born.it}, ${place.it}${omocodia.it}.`,
    en: `Valid Italian codice fiscale: sex ${decoded.sex}, birth date ${born.en}, ${place.en}${omocodia.en}.`,
  };
}

function joined(problems: readonly { message: LocalizedText }[], language: 'it' | 'en'): string {
  return problems.map((p) => p.message[language].replace(/\.$/, '')).join('; ');
}

function result(
  kind: TaxIdClassification['kind'],
  value: string,
  problems: TaxIdClassification['problems'],
  codiceFiscale: CodiceFiscaleDecoded | null,
  message: LocalizedText,
): TaxIdClassification {
  return { kind, value, problems, codiceFiscale, message };
}
