import type { AppInfo, MethodOutput, ParsedInput } from '../../../common/contract/methods.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export interface AppIdentity {
  name: string;
  version: string;
  host: AppInfo['host'];
  platform: string;
}

export interface AppService {
  info(): AppInfo;
  setLocale(input: ParsedInput<'app.setLocale'>): MethodOutput<'app.setLocale'>;
}

export function createAppService(
  identity: AppIdentity,
  settings: SettingsStore,
  events: EventHub,
  demoApiUrl?: string,
): AppService {
  return {
    info() {
      const current = settings.get();
      const apiUrl = current.apiUrl ?? demoApiUrl ?? null;
      return { ...identity, mode: current.apiUrl ? 'real' : 'demo', locale: current.locale, apiUrl };
    },
    setLocale({ locale }) {
      if (settings.get().locale !== locale) {
        settings.update({ locale });
        events.publish('app.events', { type: 'locale.changed', locale, at: new Date().toISOString() });
      }
      return { locale };
    },
  };
}
