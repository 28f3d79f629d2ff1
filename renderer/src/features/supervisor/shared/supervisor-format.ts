import { shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ReasonCatalog } from '../../../../../common/checks/reasons.ts';
import type { Locale } from '../../../../../common/i18n/locales.ts';
import { countryName } from '../../../components/country/country-names.ts';
import { supervisorServices } from './supervisor-services.ts';
import { dateFormat } from '../../../i18n/date-formats.ts';

const catalog = shallowRef<ReasonCatalog>();
let asking: Promise<void> | undefined;

/** How the supervisor's views write times, durations, countries and reason codes in the interface language. */
export function useSupervisorFormat() {
  const { t, locale } = useI18n();
  const services = supervisorServices();
  const lang = (): Locale => (locale.value === 'en' ? 'en' : 'it');

  // The reason catalog is the same for every view and every row: asked once, kept for the page's life.
  if (!catalog.value && !asking) {
    asking = services.call('reasons.list', {}).then((result) => {
      if (result.ok) catalog.value = result.value;
      else asking = undefined;
    });
  }

  return {
    dateTime: (iso: string) => dateFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    /** Handling time as a person says it: 45 min, 3 h 20 min, 2 g 4 h. */
    duration(seconds: number): string {
      const minutes = Math.round(seconds / 60);
      if (minutes < 60) return t('supervisor.duration.minutes', { n: minutes });
      const hours = Math.floor(minutes / 60);
      if (hours < 24) return t('supervisor.duration.hours', { h: hours, m: minutes % 60 });
      return t('supervisor.duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
    },
    country: (code: string) => countryName(code, lang()),
    reason: (code: string) => catalog.value?.reasons.find((entry) => entry.code === code)?.label[lang()] ?? code,
  };
}
