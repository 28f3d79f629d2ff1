import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createDispatcher, type Dispatch } from '../../common/contract/dispatch.ts';
import type { ParsedInput, SyncStatus } from '../../common/contract/methods.ts';
import { ContractFailure } from '../../common/contract/result.ts';
import { createCentralApiClient } from './api/central-api-client.ts';
import { aboutConsole } from './app/about.ts';
import { createAppService, type AppIdentity } from './app/app-service.ts';
import { createAuthService } from './auth/auth-service.ts';
import { openKnownOperators } from './auth/known-operators.ts';
import { trustLoader } from './auth/trust-loader.ts';
import { withSignIn } from './auth/sign-in-gate.ts';
import { openAttachmentStore } from './attachments/attachment-store.ts';
import { cacheDatabaseKey, openCacheDatabase } from './cache/cache-database.ts';
import { createOutbox } from './cache/outbox.ts';
import { createTicketProjection } from './cache/ticket-projection.ts';
import { createTicketQueries } from './cache/ticket-queries.ts';
import type { CardReaders } from './card/card-readers.ts';
import type { CardTrust } from './card/cie/index.ts';
import { createPcscReaders } from './card/pcsc/pcsc-readers.ts';
import { loadCheckResources, SOURCE_RESOURCES_DIR } from './checks/check-resources.ts';
import { createBackgroundChecks } from './checks/background-checks.ts';
import { createCheckStore } from './checks/check-store.ts';
import { pinEvidence, type PinnedEvidence } from './checks/decision-evidence.ts';
import type { MrzReader } from './documents/ocr/read-mrz-file.ts';
import type { createTicketChecks } from './checks/ticket-checks.ts';
import { createEventHub, type EventHub } from './events/event-hub.ts';
import { errorFields, type Logger } from './log/logger.ts';
import { claimNextTicket } from './queue/next-ticket.ts';
import { loadOrCreateCacheKey } from './security/cache-key.ts';
import type { Sealer } from './security/sealer.ts';
import { createNotifier, type DesktopNotification } from './notifications/notifier.ts';
import { openTicketMemory } from './session/open-ticket.ts';
import { createSessionHolder, type Session } from './session/session.ts';
import { openSettingsStore } from './settings/settings-store.ts';
import { createSupervisorHandlers } from './supervisor/supervisor-handlers.ts';
import { openDocumentPreviews } from './previews/open-previews.ts';
import { createPreviewHandlers } from './previews/preview-handlers.ts';
import { createSyncEngine } from './sync/sync-engine.ts';
import { renderApplicantMail } from './templates/applicant-mail.ts';

export interface ServicesOptions {
  identity: AppIdentity;
  profileDir: string;
  log: Logger;
  /** Protects the cache key: Electron's safeStorage on the desktop, a 0600 key file for the web host. */
  sealer: Sealer;
  /** The reference API the host started because none is configured. */
  demoApiUrl?: string;
  /** A session opened before the services start (demo mode, tests). */
  session?: Session;
  now?: () => Date;
  pollIntervalMs?: number;
  retentionMs?: number;
  backoffBaseMs?: number;
  leaseRenewBeforeMs?: number;
  /** Versioned data (eIDAS list, reasons, e-mail templates, form templates); the repository's by default. */
  resourcesDir?: string;
  /** Compute actionable tickets' checks in idle time (default on); benchmarks measuring something else turn it off. */
  backgroundChecks?: boolean;
  /**
   * Pin the checks to each decision (default on). Like background checks, consoles that exercise
   * only delivery turn it off: computing a ticket's checks at every decision is work they do not test.
   */
  decisionEvidence?: boolean;
  /** The readers the CIE login uses: pcscd unless the host gives others (the demo card). */
  cardReaders?: CardReaders;
  /** CIE trust material given by the host (demo mode); otherwise loaded from the files the settings name. */
  cardTrust?: CardTrust;
  /** Demo mode: the virtual card's PIN, shown on the login screen. */
  demoPin?: string;
  /** While signed in offline, how often to ask whether the central API answers again. */
  authProbeIntervalMs?: number;
  /** Native notifications (the desktop app): the services decide when, the host shows them. */
  notify?: { isFocused(): boolean; show(notification: DesktopNotification): void };
}

export interface Services {
  dispatch: Dispatch;
  events: EventHub;
  close(): Promise<void>;
}

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

type TicketChecksEngine = ReturnType<typeof createTicketChecks>;

/** Wires the services and maps every contract method to its handler; both hosts call this. */
export function createServices(options: ServicesOptions): Services {
  const { identity, profileDir, log } = options;
  const now = options.now ?? (() => new Date());
  const events = createEventHub((event, error) => log.error('event listener failed', { event, ...errorFields(error) }));
  const settings = openSettingsStore(profileDir, log.child('settings'));
  const app = createAppService(identity, settings, events, options.demoApiUrl);
  const session = createSessionHolder(options.session);

  const master = loadOrCreateCacheKey(profileDir, options.sealer);
  const db = openCacheDatabase(path.join(profileDir, 'cache.db'), cacheDatabaseKey(master));
  const attachments = openAttachmentStore({
    dir: path.join(profileDir, 'attachments'),
    key: master,
    maxFileBytes: MAX_ATTACHMENT_BYTES,
  });
  const projection = createTicketProjection(db);
  const outbox = createOutbox(db, now);
  const queries = createTicketQueries(db, now);
  const deviceId = `console-${randomUUID().slice(0, 8)}`;
  const previews = openDocumentPreviews({
    profileDir,
    key: master,
    ticket: (ticketId) => queries.ticket(ticketId),
    attachment: (ticketId, sha256) => requireEngine().attachment(ticketId, sha256),
    cached: (sha256) => attachments.has(sha256),
    log: log.child('previews'),
  });
  // Whenever the services hold a file's bytes (a viewer, the checks), its previews are drawn ahead.
  const attachmentOf = async (ticketId: string, sha256: string) => {
    const file = await requireEngine().attachment(ticketId, sha256);
    previews.warm(ticketId, sha256);
    return file;
  };

  const apiUrl = settings.get().apiUrl ?? options.demoApiUrl;
  const publishChanged = (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 1000)
      events.publish('sync.events', { type: 'tickets.changed', ids: ids.slice(i, i + 1000) });
  };
  const api = apiUrl ? createCentralApiClient({ baseUrl: apiUrl, token: () => session.current()?.token }) : undefined;
  const engine = api
    ? createSyncEngine({
        db,
        api,
        projection,
        outbox,
        attachments,
        now,
        log: log.child('sync'),
        onStatus: (status) => events.publish('sync.events', { type: 'status', status }),
        onTicketsChanged: (ids) => {
          publishChanged(ids);
          background?.changed();
        },
        session: () => session.current(),
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
        ...(options.backoffBaseMs === undefined ? {} : { backoffBaseMs: options.backoffBaseMs }),
        ...(options.leaseRenewBeforeMs === undefined ? {} : { leaseRenewBeforeMs: options.leaseRenewBeforeMs }),
      })
    : undefined;
  session.onChange(() => engine?.nudge());
  engine?.start();
  const supervisor = createSupervisorHandlers({
    api,
    apiUrl,
    session,
    events,
    profileDir,
    now,
    log: log.child('supervisor'),
  });

  const readers = options.cardReaders ?? createPcscReaders();
  const loadTrust = trustLoader(options.cardTrust, () => settings.get().cieTrust);
  const signIn = createAuthService({
    readers,
    loadTrust,
    api,
    session,
    known: openKnownOperators(path.join(profileDir, 'known-operators.bin'), master),
    context: `${identity.name} ${identity.version} login`,
    publish: (status) => events.publish('auth.events', { type: 'status', status }),
    log: log.child('auth'),
    now,
    ...(options.demoPin ? { demoPin: options.demoPin } : {}),
    ...(options.authProbeIntervalMs ? { probeIntervalMs: options.authProbeIntervalMs } : {}),
  });
  events.subscribe('sync.events', (event) => {
    if (event.type === 'status' && event.status.phase === 'unauthenticated') signIn.tokenRefused();
  });
  const openTicket = openTicketMemory(profileDir, now);
  // A sign-out closes the ticket on purpose; only a crash leaves one to reopen.
  session.onChange(() => {
    if (!session.current()) openTicket.forget();
  });
  // The services decide when to notify (ticket ids only); the desktop host shows the notification.
  const notifier =
    options.notify &&
    createNotifier({
      glance: (ticketId) => {
        const ticket = queries.ticket(ticketId);
        return ticket
          ? {
              state: ticket.state,
              leaseOwner: ticket.lease?.owner ?? null,
              makerId: ticket.pendingCountersign?.makerId ?? null,
            }
          : undefined;
      },
      operator: () => session.current()?.operator,
      locale: () => settings.get().locale,
      ...options.notify,
    });
  if (notifier) {
    events.subscribe('sync.events', (event) =>
      event.type === 'status' ? notifier.syncStatus(event.status) : notifier.ticketsChanged(event.ids),
    );
  }

  const unconfigured = (): SyncStatus => ({
    online: false,
    phase: 'unconfigured',
    lastSyncAt: null,
    ...outbox.counts(session.current()?.operator.id),
    progress: null,
    error: { code: 'NO_CENTRAL_API', message: 'No central API is configured' },
  });
  const resources = loadCheckResources(
    { resourcesDir: options.resourcesDir ?? SOURCE_RESOURCES_DIR, profileDir },
    log.child('checks'),
  );
  // OCR and PDF reading load on first use: with their libraries they are a third of start-up, and
  // the queue, which the console opens on, needs neither.
  let mrzReader: Promise<MrzReader> | undefined;
  const loadMrzReader = () =>
    (mrzReader ??= import('./documents/ocr/read-mrz-file.ts').then((module) => module.createMrzReader()));
  // The checks engine too (country names in five languages, the MRZ library): the queue shows
  // stored results, and the first ticket or background check loads it.
  const loadParseMrz = () => import('./documents/mrz/parse-mrz.ts').then((module) => module.parseMrz);
  let checksEngine: Promise<TicketChecksEngine> | undefined;
  const loadChecks = () =>
    (checksEngine ??= import('./checks/ticket-checks.ts').then(async ({ createTicketChecks }) => {
      const parseMrz = await loadParseMrz();
      return createTicketChecks({
        db,
        store: createCheckStore(db),
        ticket: (ticketId) => queries.ticket(ticketId),
        attachment: attachmentOf,
        eidasList: resources.eidasList,
        reasons: resources.reasons,
        lookupCliclavoro: async (query) => {
          const answer = await api?.cliclavoro(query);
          if (!answer) return { error: 'no central API is configured' };
          if (answer.ok) return answer.value;
          const { failure } = answer;
          return { error: 'problem' in failure ? failure.problem.detail : failure.message };
        },
        readPdfForm: async (bytes) =>
          (await import('./documents/pdf/read-pdf-form.ts')).readPdfForm(bytes, {
            templates: resources.formTemplates,
            now: now(),
          }),
        readMrz: async (bytes, mimeType, { now: at }) => (await loadMrzReader()).read(bytes, mimeType, { now: at }),
        parseMrz: (text, { now: at }) => parseMrz(text, { now: at }),
        now,
      });
    }));
  // Needs the API for attachments and Cliclavoro: without one there is nothing to compute.
  const background =
    engine && options.backgroundChecks !== false
      ? createBackgroundChecks({
          db,
          check: async (ticketId) => (await loadChecks()).get(ticketId),
          syncBusy: () => {
            const status = engine.status();
            return !status.online || status.phase !== 'idle';
          },
          onChecked: publishChanged,
          log: log.child('background-checks'),
        })
      : undefined;
  background?.start();
  const inForeground = <T>(ticketId: string, work: () => Promise<T>) =>
    background ? background.foreground(ticketId, work) : work();

  const previewMail = (input: ParsedInput<'mail.preview'>) => {
    if (!resources.mailCatalog) throw new ContractFailure('UNAVAILABLE', 'The e-mail templates could not be loaded');
    const ticket = queries.ticket(input.ticketId);
    if (!ticket) throw new ContractFailure('NOT_FOUND', `Ticket ${input.ticketId} is not in this console's cache`);
    const mail = renderApplicantMail(
      {
        action: input.action,
        reasonCodes: input.reasonCodes,
        ...(input.redirectTarget ? { redirectTarget: input.redirectTarget } : {}),
        ...(input.services ? { services: input.services } : {}),
        language: input.language ?? ticket.applicant.language,
        applicant: { nome: ticket.applicant.nome, cognome: ticket.applicant.cognome },
        ticket: { id: ticket.id },
        ...(session.current() ? { operatorName: session.current()!.operator.name } : {}),
        ...(resources.eidasList ? { eidasListDate: resources.eidasList.publishedAt } : {}),
      },
      { catalog: resources.mailCatalog, reasons: resources.reasons },
    );
    return {
      subject: mail.subject,
      body: mail.body,
      language: mail.language,
      fallback: mail.fallback,
      attachments: mail.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
      missingPlaceholders: mail.missingPlaceholders,
    };
  };

  const requireEngine = () => {
    if (!engine) throw new ContractFailure('UNAVAILABLE', 'No central API is configured: set one in Impostazioni');
    return engine;
  };
  const requireOperator = () => {
    const current = session.current();
    if (!current) throw new ContractFailure('FORBIDDEN', 'Sign in with your CIE to decide');
    return current.operator;
  };
  /**
   * The checks the operator saw and the files they were made on. The ticket is read in the same
   * step as the checks engine reads it, so both name the same files. Checks that fail do not stop
   * a decision: it goes without them, and the server weighs only its flags.
   */
  const pinnedEvidence = async (ticketId: string): Promise<PinnedEvidence | undefined> => {
    if (options.decisionEvidence === false) return undefined;
    return inForeground(ticketId, async () => {
      const checks = await loadChecks();
      const ticket = queries.ticket(ticketId);
      return ticket && pinEvidence(ticket, await checks.get(ticketId));
    }).catch((error: unknown) => {
      log.warn('decision recorded without its checks', { ticketId, ...errorFields(error) });
      return undefined;
    });
  };

  const dispatch = createDispatcher(
    withSignIn(signIn.access, {
      'app.info': () => app.info(),
      'app.setLocale': (input) => app.setLocale(input),
      'tickets.query': (input) => queries.query(input, session.current()?.operator.id),
      'tickets.next': () =>
        claimNextTicket({
          candidates: (limit, skip) => queries.nextCandidates(limit, skip),
          claim: (ticketId) => {
            notifier?.claimedHere(ticketId);
            return requireEngine().claim(ticketId);
          },
        }),
      'tickets.get': ({ ticketId }) => queries.detail(ticketId),
      'tickets.claim': ({ ticketId }) => {
        notifier?.claimedHere(ticketId);
        return requireEngine().claim(ticketId);
      },
      'tickets.release': async ({ ticketId }) => ({ released: await requireEngine().release(ticketId) }),
      'attachments.get': async ({ ticketId, sha256 }) => {
        const file = await attachmentOf(ticketId, sha256);
        return { contentType: file.contentType, data: file.data };
      },
      'decisions.submit': async (input) => {
        const operator = requireOperator();
        const recorded = outbox.record(input, operator, deviceId, await pinnedEvidence(input.ticketId));
        publishChanged([input.ticketId]);
        engine?.nudge();
        return recorded;
      },
      'conflicts.resolve': ({ ticketId }) => {
        outbox.resolveConflict(ticketId);
        publishChanged([ticketId]);
        return { resolved: true as const };
      },
      'sync.now': () => engine?.syncNow() ?? unconfigured(),
      'sync.status': () => engine?.status() ?? unconfigured(),
      'checks.get': ({ ticketId, refresh }) =>
        inForeground(ticketId, async () => (await loadChecks()).get(ticketId, { refresh })),
      'checks.setMrz': ({ ticketId, text }) =>
        inForeground(ticketId, async () => (await loadChecks()).setTypedMrz(ticketId, text, requireOperator().id)),
      'checks.parseMrz': async ({ text }) => (await loadParseMrz())(text, { now: now() }),
      'mail.preview': (input) => previewMail(input),
      'reasons.list': () => ({
        version: resources.reasons.version,
        reasons: [...resources.reasons.reasons].sort((a, b) => a.severity - b.severity),
      }),
      'session.current': () => ({ operator: session.current()?.operator ?? null }),
      'auth.status': () => signIn.status(),
      'auth.login': ({ pin }) => signIn.login(pin),
      'auth.unlock': ({ pin }) => signIn.unlock(pin),
      'auth.logout': () => signIn.logout(),
      ...createPreviewHandlers(previews),
      ...supervisor.handlers,
      'app.about': () => aboutConsole(identity, process.versions, loadTrust),
      'session.remember': ({ ticketId }) => {
        openTicket.remember(requireOperator().id, ticketId);
        return { ticketId };
      },
      'session.recall': () => ({ ticketId: openTicket.recall(requireOperator().id) }),
      'auth.lock': () => ({ locked: signIn.lock() }),
    }),
    (method, error) => log.error('contract handler failed', { method, ...errorFields(error) }),
  );

  return {
    dispatch,
    events,
    async close() {
      notifier?.close();
      signIn.close();
      await readers.close();
      await supervisor.close();
      await background?.stop();
      await engine?.stop();
      await (await mrzReader)?.dispose();
      await previews.close();
      db.close();
    },
  };
}
