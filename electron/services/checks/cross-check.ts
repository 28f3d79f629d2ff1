import {
  CROSS_CHECK_FIELDS,
  EVIDENCE_SOURCES,
  type CrossCheck,
  type CrossCheckField,
  type Evidence,
  type EvidenceSource,
  type FieldComparison,
  type MatchStatus,
} from '../../../common/checks/cross-check.ts';
import type { LocalizedText } from '../../../common/checks/text.ts';
import { countryCode } from './countries.ts';
import { matchDates, matchDocumentNumbers, matchNames, matchSex, worse, type PairMatch } from './field-matching.ts';

/** What each source is expected to state: the URP Online form asks for no document data. */
const EXPECTED: Record<EvidenceSource, readonly CrossCheckField[]> = {
  web: ['surname', 'givenNames', 'nationality'],
  pdf: CROSS_CHECK_FIELDS,
  mrz: CROSS_CHECK_FIELDS,
};

const LABEL: Record<CrossCheckField, LocalizedText> = {
  surname: { it: 'Cognome', en: 'Surname' },
  givenNames: { it: 'Nome', en: 'Given names' },
  birthDate: { it: 'Data di nascita', en: 'Date of birth' },
  nationality: { it: 'Cittadinanza', en: 'Nationality' },
  documentNumber: { it: 'Numero del documento', en: 'Document number' },
  expiryDate: { it: 'Scadenza del documento', en: 'Document expiry' },
  sex: { it: 'Sesso', en: 'Sex' },
};

const SOURCE: Record<EvidenceSource, LocalizedText> = {
  web: { it: 'modulo web', en: 'web form' },
  pdf: { it: 'modulo PDF', en: 'PDF form' },
  mrz: { it: 'MRZ', en: 'MRZ' },
};

const list = (sources: EvidenceSource[], language: 'it' | 'en') =>
  sources.map((source) => SOURCE[source][language]).join(', ');

function compare(field: CrossCheckField, a: { source: EvidenceSource; value: string }, b: typeof a): PairMatch {
  switch (field) {
    case 'surname':
    case 'givenNames':
      // An MRZ cuts a long name at the end of its line: only the MRZ side may be a prefix.
      return matchNames(a.value, b.value, {
        ...(a.source === 'mrz' ? { truncatedSide: 'a' as const } : {}),
        ...(b.source === 'mrz' ? { truncatedSide: 'b' as const } : {}),
      });
    case 'birthDate':
    case 'expiryDate':
      return matchDates(a.value, b.value);
    case 'documentNumber':
      return matchDocumentNumbers(a.value, b.value);
    case 'sex':
      return matchSex(a.value, b.value);
    case 'nationality': {
      const [x, y] = [countryCode(a.value), countryCode(b.value)];
      if (x === undefined || y === undefined) return 'PARTIAL';
      return x === y ? 'MATCH' : 'NO_MATCH';
    }
  }
}

function explain(
  field: CrossCheckField,
  status: MatchStatus,
  present: EvidenceSource[],
  missingFrom: EvidenceSource[],
  values: Partial<Record<EvidenceSource, string>>,
): LocalizedText {
  const label = LABEL[field];
  const absent = missingFrom.length
    ? { it: ` Manca nel ${list(missingFrom, 'it')}.`, en: ` Missing from the ${list(missingFrom, 'en')}.` }
    : { it: '', en: '' };
  const unreadable =
    field === 'nationality'
      ? present.filter((source) => countryCode(values[source] ?? '') === undefined)
      : ([] as EvidenceSource[]);
  switch (status) {
    case 'MISSING':
      return present.length === 0
        ? { it: `${label.it}: nessuna fonte lo indica.`, en: `${label.en}: no source states it.` }
        : {
            it: `${label.it}: solo il ${list(present, 'it')} lo indica, non c'è niente con cui confrontarlo.${absent.it}`,
            en: `${label.en}: only the ${list(present, 'en')} states it; there is nothing to compare it with.${absent.en}`,
          };
    case 'MATCH':
      return {
        it: `${label.it}: concorda tra ${list(present, 'it')}.${absent.it}`,
        en: `${label.en}: agrees across ${list(present, 'en')}.${absent.en}`,
      };
    case 'PARTIAL':
      if (unreadable.length) {
        return {
          it: `${label.it}: il valore del ${list(unreadable, 'it')} non è riconoscibile come Stato; verificarlo a vista.${absent.it}`,
          en: `${label.en}: the ${list(unreadable, 'en')} value is not recognisable as a country; check it by eye.${absent.en}`,
        };
      }
      return {
        it: `${label.it}: concorda solo in parte tra ${list(present, 'it')} (nome omesso o troncato, giorno e mese invertiti, caratteri simili); verificare.${absent.it}`,
        en: `${label.en}: agrees only in part across ${list(present, 'en')} (a name left out or cut short, day and month swapped, look-alike characters); check it.${absent.en}`,
      };
    case 'NO_MATCH': {
      const shown = present.map((source) => {
        const value = values[source] ?? '';
        const code = field === 'nationality' ? countryCode(value) : undefined;
        return [source, code ? `${value} (${code})` : value] as const;
      });
      return {
        it: `${label.it}: non concorda — ${shown.map(([s, v]) => `${SOURCE[s].it} «${v}»`).join(', ')}.${absent.it}`,
        en: `${label.en}: does not agree — ${shown.map(([s, v]) => `${SOURCE[s].en} “${v}”`).join(', ')}.${absent.en}`,
      };
    }
  }
}

/**
 * Compares every field that two or more sources state, after folding case, diacritics and ICAO
 * transliteration; each field's status is the worst of its pairwise comparisons.
 */
export function crossCheck(evidence: Partial<Record<EvidenceSource, Evidence>>): CrossCheck {
  const fields = CROSS_CHECK_FIELDS.map((field): FieldComparison => {
    const values: Partial<Record<EvidenceSource, string>> = {};
    for (const source of EVIDENCE_SOURCES) {
      const value = evidence[source]?.[field]?.trim();
      if (value) values[source] = value;
    }
    const present = EVIDENCE_SOURCES.filter((source) => values[source] !== undefined);
    const missingFrom = EVIDENCE_SOURCES.filter(
      (source) => evidence[source] !== undefined && EXPECTED[source].includes(field) && values[source] === undefined,
    );
    let status: MatchStatus = 'MISSING';
    if (present.length >= 2) {
      let pairs: PairMatch = 'MATCH';
      for (let i = 0; i < present.length; i++) {
        for (let j = i + 1; j < present.length; j++) {
          const [a, b] = [present[i]!, present[j]!];
          pairs = worse(pairs, compare(field, { source: a, value: values[a]! }, { source: b, value: values[b]! }));
        }
      }
      status = pairs;
    }
    return { field, status, values, missingFrom, why: explain(field, status, present, missingFrom, values) };
  });
  const rank: Record<MatchStatus, number> = { MATCH: 0, MISSING: 1, PARTIAL: 2, NO_MATCH: 3 };
  const worst = fields.reduce<MatchStatus>((w, f) => (rank[f.status] > rank[w] ? f.status : w), 'MATCH');
  return { fields, worst };
}
