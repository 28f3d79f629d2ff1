import { createDispatcher, type Dispatch } from '../../common/contract/dispatch.ts';
import { createAppService, type AppIdentity } from './app/app-service.ts';
import { createEventHub, type EventHub } from './events/event-hub.ts';
import { errorFields, type Logger } from './log/logger.ts';
import { openSettingsStore } from './settings/settings-store.ts';

export interface ServicesOptions {
  identity: AppIdentity;
  profileDir: string;
  log: Logger;
  /** The reference API the host started because none is configured. */
  demoApiUrl?: string;
}

export interface Services {
  dispatch: Dispatch;
  events: EventHub;
  close(): Promise<void>;
}

/** Wires the services and maps every contract method to its handler; both hosts call this. */
export function createServices({ identity, profileDir, log, demoApiUrl }: ServicesOptions): Services {
  const events = createEventHub((event, error) => log.error('event listener failed', { event, ...errorFields(error) }));
  const settings = openSettingsStore(profileDir, log.child('settings'));
  const app = createAppService(identity, settings, events, demoApiUrl);

  const dispatch = createDispatcher(
    {
      'app.info': () => app.info(),
      'app.setLocale': (input) => app.setLocale(input),
    },
    (method, error) => log.error('contract handler failed', { method, ...errorFields(error) }),
  );

  return {
    dispatch,
    events,
    close: async () => {},
  };
}
