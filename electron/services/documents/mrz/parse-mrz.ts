/**
 * `parseMrz`: an MRZ as typed, pasted or read by OCR, checked. The `mrz` package (cheminfo)
 * applies the field rules — document codes, the ICAO list of state codes, names, sex, date
 * ranges; the check digits come from our own layout table, which also handles what the package
 * does not (a TD1/TD2 document number longer than 9 characters, visas) and which the OCR
 * corrector shares, so that a correction is confirmed by exactly the check the parser applies.
 */
import { parse as parseFields, type Details } from 'mrz';
import type { MrzDocumentType, MrzFinding, MrzFormat, MrzResult, ParsedMrz } from '../../../../common/checks/mrz.ts';
import { verifyCheckDigits } from './check-digits.ts';
import { birthDateOf, expiryDateOf, isExpired, isoOf } from './mrz-dates.ts';
import {
  badDateFinding,
  badDocumentCodeFinding,
  badNameFinding,
  badSexFinding,
  checkDigitFinding,
  unknownStateFinding,
} from './mrz-findings.ts';
import { resolveLayout, textOf, type FieldSpan } from './mrz-layout.ts';
import { normaliseMrzText } from './normalise-mrz-text.ts';

export interface ParseMrzOptions {
  /** Today, for the expiry and the century of the dates; the clock by default. */
  now?: Date;
}

export function parseMrz(text: string, options: ParseMrzOptions = {}): MrzResult {
  const normalised = normaliseMrzText(text);
  if (!normalised.ok) return normalised;
  return parseMrzLines(normalised.format, normalised.lines, options);
}

/** Fillers around dropped, inner fillers as spaces: how a field reads on the data page. */
const clean = (text: string): string => text.replace(/^<+|<+$/g, '').replace(/</g, ' ');

export function parseMrzLines(format: MrzFormat, lines: readonly string[], options: ParseMrzOptions = {}): MrzResult {
  const now = options.now ?? new Date();
  const layout = resolveLayout(format, lines);
  let details: Details[];
  try {
    const parsed = parseFields([...lines]);
    // Two lines of 36 with digits in the name field are the old French identity card, not TD2.
    if (parsed.format !== format) return notIcao();
    details = parsed.details;
  } catch {
    return notIcao();
  }
  const valid = (field: string): boolean => details.find((d) => d.field === field)?.valid ?? false;
  // Every field is read where the layout table places it: the check digits and the OCR use the same table.
  const raw = (name: FieldSpan['field']): string => {
    const span = layout.fields.find((f) => f.field === name);
    return span ? textOf(lines, [span]) : '';
  };
  const findings: MrzFinding[] = [];

  const documentCode = raw('documentCode');
  if (!layout.visa && !valid('documentCode')) findings.push(badDocumentCodeFinding(documentCode));
  const issuingState = clean(raw('issuingState'));
  const nationality = clean(raw('nationality'));
  if (!valid('issuingState')) findings.push(unknownStateFinding('issuingState', issuingState));
  if (!valid('nationality')) findings.push(unknownStateFinding('nationality', nationality));

  const name = raw('name');
  if (!valid('lastName') || !valid('firstName')) findings.push(badNameFinding(clean(name)));
  const [primary = '', secondary = ''] = name.split(/<<(.*)/s);

  const birthRaw = raw('birthDate');
  const expiryRaw = raw('expiryDate');
  const birth = birthDateOf(birthRaw, now);
  const expiry = expiryDateOf(expiryRaw, now);
  if (!birth) findings.push(badDateFinding('birthDate', birthRaw));
  if (!expiry) findings.push(badDateFinding('expiryDate', expiryRaw));

  const sexRaw = raw('sex');
  const sex = sexRaw === 'M' || sexRaw === 'F' ? sexRaw : sexRaw === '<' ? 'X' : null;
  if (!sex) findings.push(badSexFinding(sexRaw));

  const checkDigits = verifyCheckDigits(layout, lines);
  for (const spec of layout.checks) if (!checkDigits[spec.name]) findings.push(checkDigitFinding(spec.name));

  const result: ParsedMrz = {
    ok: true,
    format,
    lines: [...lines],
    documentType: documentTypeOf(documentCode),
    fields: {
      documentCode: documentCode.replace(/</g, ''),
      issuingState,
      surname: clean(primary),
      givenNames: clean(secondary),
      documentNumber: textOf(lines, layout.documentNumber).replace(/<+$/, ''),
      nationality,
      birthDate: birth ? isoOf(birth) : null,
      sex,
      expiryDate: expiry ? isoOf(expiry) : null,
      optionalData: clean(textOf(lines, [layout.optionalData])),
      optionalData2: format === 'TD1' ? clean(raw('optionalData2')) : null,
    },
    checkDigits,
    findings,
    expired: expiry ? isExpired(expiry, now) : null,
    valid: findings.every((f) => f.severity !== 'error'),
  };
  return result;
}

function documentTypeOf(code: string): MrzDocumentType {
  if (code.startsWith('P')) return 'passport';
  if (code.startsWith('V')) return 'visa';
  if (/^[ACI]/.test(code)) return 'id-card';
  return 'other';
}

function notIcao(): MrzResult {
  return {
    ok: false,
    problem: {
      code: 'MRZ_UNKNOWN_FORMAT',
      message: {
        it: 'Le righe hanno la lunghezza giusta ma non seguono lo schema ICAO (per esempio la vecchia carta d’identità francese): leggi i dati a vista dal documento.',
        en: 'The lines have the right length but do not follow the ICAO layout (for example the old French identity card): read the data from the document by eye.',
      },
    },
  };
}
