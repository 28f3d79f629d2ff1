/**
 * Method and event names of the bridge. Kept free of schemas so the sandboxed preload can
 * bundle the allow-list without pulling in the validation library; `methods.ts` keys its
 * schemas on these types, so a name cannot exist without a schema or the other way round.
 */
export const METHOD_NAMES = [
  'app.info',
  'app.setLocale',
  'tickets.query',
  'tickets.next',
  'tickets.get',
  'tickets.claim',
  'tickets.release',
  'attachments.get',
  'decisions.submit',
  'conflicts.resolve',
  'sync.now',
  'sync.status',
  'checks.get',
  'checks.setMrz',
  'checks.parseMrz',
  'mail.preview',
  'reasons.list',
  'session.current',
  'auth.status',
  'auth.login',
  'auth.unlock',
  'auth.logout',
  'documents.pagePreview',
  'documents.imagePreview',
  'history.query',
  'history.snapshot',
  'countersign.queue',
  'countersign.decide',
  'stats.get',
  'audit.list',
  'audit.verify',
  'exports.start',
  'exports.status',
  'exports.read',
  'app.about',
  'session.remember',
  'session.recall',
  'auth.lock',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['app.events', 'sync.events', 'auth.events', 'exports.events', 'app.command'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

export const ipcMethodChannel = (method: MethodName): string => `accredita:call:${method}`;
export const ipcEventChannel = (event: EventName): string => `accredita:event:${event}`;
