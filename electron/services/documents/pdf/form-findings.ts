/**
 * What is wrong with what the applicant wrote in the form, worded for the operator: which field,
 * and what to ask the applicant to correct.
 */
import type { FormFieldDescriptor, FormFinding } from '../../../../common/checks/pdf-form.ts';
import { formatFormDate } from './form-dates.ts';

type Field = Pick<FormFieldDescriptor, 'name' | 'label' | 'type'>;

const RESEND = {
  it: 'chiedere al richiedente di correggere il modulo e di rinviarlo.',
  en: 'ask the applicant to correct the form and resend it.',
};

export const formFinding = {
  requiredMissing: (field: Field): FormFinding => ({
    code: 'FORM_REQUIRED_MISSING',
    severity: 'error',
    field: field.name,
    message:
      field.type === 'checkbox'
        ? {
            it: `La casella obbligatoria «${field.label.it}» non è spuntata: ${RESEND.it}`,
            en: `The required box “${field.label.en}” is not ticked: ${RESEND.en}`,
          }
        : {
            it: `Il campo obbligatorio «${field.label.it}» è vuoto: ${RESEND.it}`,
            en: `The required field “${field.label.en}” is empty: ${RESEND.en}`,
          },
  }),

  signatureDateMissing: (field: Field): FormFinding => ({
    code: 'FORM_SIGNATURE_DATE_MISSING',
    severity: 'error',
    field: field.name,
    message: {
      it: `Manca la data della firma («${field.label.it}»): ${RESEND.it}`,
      en: `The signature date (“${field.label.en}”) is missing: ${RESEND.en}`,
    },
  }),

  signaturePlaceMissing: (field: Field): FormFinding => ({
    code: 'FORM_SIGNATURE_PLACE_MISSING',
    severity: 'error',
    field: field.name,
    message: {
      it: `Manca il luogo della firma («${field.label.it}»): ${RESEND.it}`,
      en: `The place of signature (“${field.label.en}”) is missing: ${RESEND.en}`,
    },
  }),

  noService: (group: string, labels: readonly Field['label'][]): FormFinding => ({
    code: 'FORM_NO_SERVICE',
    severity: 'error',
    field: group,
    message: {
      it:
        `Nessun servizio richiesto: il richiedente deve spuntarne almeno uno (${labels.map((l) => l.it).join(', ')}); ` +
        RESEND.it,
      en:
        `No service requested: the applicant must tick at least one (${labels.map((l) => l.en).join(', ')}); ` +
        RESEND.en,
    },
  }),

  invalidDate: (field: Field, written: string): FormFinding => ({
    code: 'FORM_INVALID_DATE',
    severity: 'error',
    field: field.name,
    value: written,
    message: {
      it: `«${field.label.it}»: "${written}" non è una data valida nel formato gg/mm/aaaa; ${RESEND.it}`,
      en: `“${field.label.en}”: "${written}" is not a valid date as dd/mm/yyyy; ${RESEND.en}`,
    },
  }),

  dateInFuture: (field: Field, isoDate: string): FormFinding => ({
    code: 'FORM_DATE_IN_FUTURE',
    severity: 'error',
    field: field.name,
    value: formatFormDate(isoDate),
    message: {
      it: `«${field.label.it}»: il ${formatFormDate(isoDate)} è una data futura; ${RESEND.it}`,
      en: `“${field.label.en}”: ${formatFormDate(isoDate)} is in the future; ${RESEND.en}`,
    },
  }),

  dateOrder: (earlier: Field, later: Field, earlierDate: string, laterDate: string): FormFinding => ({
    code: 'FORM_DATE_ORDER',
    severity: 'error',
    field: later.name,
    value: formatFormDate(laterDate),
    message: {
      it:
        `«${later.label.it}» (${formatFormDate(laterDate)}) non è successiva a «${earlier.label.it}» ` +
        `(${formatFormDate(earlierDate)}): una delle due date è sbagliata; ${RESEND.it}`,
      en:
        `“${later.label.en}” (${formatFormDate(laterDate)}) is not after “${earlier.label.en}” ` +
        `(${formatFormDate(earlierDate)}): one of the two dates is wrong; ${RESEND.en}`,
    },
  }),

  invalidOption: (field: Field, written: string, allowed: readonly string[]): FormFinding => ({
    code: 'FORM_INVALID_OPTION',
    severity: 'error',
    field: field.name,
    value: written,
    message: {
      it: `«${field.label.it}»: "${written}" non è una delle scelte del modulo (${allowed.join(', ')}); ${RESEND.it}`,
      en: `“${field.label.en}”: "${written}" is not one of the form’s choices (${allowed.join(', ')}); ${RESEND.en}`,
    },
  }),

  unknownField: (name: string, written: string | null): FormFinding => ({
    code: 'FORM_UNKNOWN_FIELD',
    severity: 'warning',
    field: name,
    ...(written === null ? {} : { value: written }),
    message: {
      it:
        `Il PDF ha un campo «${name}» che il modulo dell’ufficio non prevede: il file è stato modificato. ` +
        'Il valore non è stato usato; verificarlo a vista.',
      en:
        `The PDF has a field “${name}” that the help desk’s form does not have: the file was altered. ` +
        'The value was not used; check it by eye.',
    },
  }),

  fieldAbsent: (field: Field): FormFinding => ({
    code: 'FORM_FIELD_ABSENT',
    severity: 'warning',
    field: field.name,
    message: {
      it:
        `Il PDF non ha il campo «${field.label.it}» del modulo: il file è stato modificato o non è il modulo ` +
        'inviato dall’ufficio. Verificare il documento a vista.',
      en:
        `The PDF lacks the form’s field “${field.label.en}”: the file was altered or is not the form the help ` +
        'desk sent. Check the document by eye.',
    },
  }),
};
