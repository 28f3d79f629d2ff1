import { useI18n } from 'vue-i18n';
import type { LocalizedText } from '../../../../common/checks/text.ts';
import { dateFormat } from '../../i18n/date-formats.ts';

/**
 * The checks engine explains everything in both languages; these pick the interface language's
 * text and write dates the way the operator reads them.
 */
export function useFormatting() {
  const { locale } = useI18n();
  const lang = () => (locale.value === 'en' ? 'en' : 'it');
  const formatter = (options: Intl.DateTimeFormatOptions) => dateFormat(lang(), options);
  return {
    text: (value: LocalizedText) => value[lang()],
    /** `2026-05-01` → 1 mag 2026: a calendar date, so no time zone may move it. */
    date: (iso: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(iso)
        ? formatter({ dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
        : iso,
    /** A date known to the month (`2021-05` → maggio 2021) or the year only, never given a day it lacks. */
    partialDate: (value: string) =>
      /^\d{4}-\d{2}$/.test(value)
        ? formatter({ month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`))
        : value,
    dateTime: (iso: string) => formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    time: (iso: string) => formatter({ timeStyle: 'short' }).format(new Date(iso)),
  };
}
