import { randomBytes, X509Certificate } from 'node:crypto';
import type { AuthStatus, LoginFailureCode, LoginOutcome } from '../../../common/contract/auth-methods.ts';
import { codiceFiscaleOfSubject } from '../../../common/domain/codice-fiscale.ts';
import type { CentralApiClient } from '../api/central-api-client.ts';
import type { CardReaders, ReaderEvent } from '../card/card-readers.ts';
import { loginMessage, loginProof, type CardTrust, type CieLoginProof } from '../card/cie/index.ts';
import { CardError } from '../card/transport.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import type { SessionHolder } from '../session/session.ts';
import type { KnownOperatorStore } from './known-operators.ts';
import { verifyProofLocally } from './local-proof.ts';

export interface AuthServiceOptions {
  readers: CardReaders;
  /** The CIE trust material; a rejection means it is not configured or unreadable. */
  loadTrust: () => Promise<CardTrust>;
  api: Pick<CentralApiClient, 'nonce' | 'login' | 'session'> | undefined;
  session: SessionHolder;
  known: KnownOperatorStore;
  /** Signed along with the nonce, naming this console (docs/cie-protocol.md §4). */
  context: string;
  publish: (status: AuthStatus) => void;
  log: Logger;
  now?: () => Date;
  demoPin?: string;
  /** While signed in offline, how often to ask whether the central API answers again. */
  probeIntervalMs?: number;
}

type Failure = Extract<LoginOutcome, { ok: false }>['failure'];

class LoginFailure extends Error {
  readonly failure: Failure;
  constructor(code: LoginFailureCode, detail: string, triesLeft?: number) {
    super(detail);
    this.failure = triesLeft === undefined ? { code, detail } : { code, detail, triesLeft };
  }
}

const CARD_FAILURE: Record<CardError['code'], LoginFailureCode> = {
  CARD_REMOVED: 'CARD_REMOVED',
  CARD_RESET: 'CARD_REMOVED',
  NO_READER: 'NO_READER',
  NO_SERVICE: 'NO_SERVICE',
  SHARING_VIOLATION: 'READER_BUSY',
  TRANSPORT: 'CARD_ERROR',
  PROTOCOL: 'CARD_ERROR',
  WRONG_PIN: 'WRONG_PIN',
  PIN_BLOCKED: 'PIN_BLOCKED',
  NOT_A_CIE: 'NOT_A_CIE',
  SOD_INVALID: 'CARD_INVALID',
  CERTIFICATE: 'CARD_INVALID',
};

/** The card this session signed in with, and where it sits. */
interface SignedIn {
  reader: string;
  nis: string;
  ef1005Hash: string;
  certificate: string;
  codiceFiscale: string;
  mode: 'online' | 'offline';
  since: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const localNonce = () => randomBytes(32).toString('hex');

/**
 * Sign-in with the CIE, lock on removal and unlock with the same card (docs/cie-login.md). One
 * card flow at a time; every outcome is a LoginOutcome, never an exception.
 */
export function createAuthService(options: AuthServiceOptions) {
  const { readers, session, known, log } = options;
  const now = options.now ?? (() => new Date());
  let signedIn: SignedIn | undefined;
  let locked = false;
  let busy: 'login' | 'unlock' | null = null;
  let trust: 'ready' | 'missing' = 'ready';
  let apiAnswers = false;
  /** The central API refused the online session's token (expired, revoked): a fresh login is needed. */
  let tokenRefused = false;
  let probe: NodeJS.Timeout | undefined;
  const startedAt = now().toISOString();

  const status = (): AuthStatus => {
    const current = session.current();
    return {
      readers: {
        service: readers.service(),
        readers: readers.readers().map((reader) => ({ name: reader.name, cardPresent: reader.atr !== null })),
      },
      // A session opened by the host (tests, benchmarks) counts as an online sign-in at start.
      session: current
        ? { operator: current.operator, mode: signedIn?.mode ?? 'online', locked, since: signedIn?.since ?? startedAt }
        : null,
      busy,
      trust,
      reauthRequired: (signedIn?.mode === 'offline' && apiAnswers) || (signedIn?.mode === 'online' && tokenRefused),
      demoPin: options.demoPin ?? null,
    };
  };
  const publish = () => options.publish(status());

  const lock = (why: string) => {
    if (!signedIn || locked) return;
    locked = true;
    log.info('console locked', { why });
    publish();
  };

  const onReaderEvent = (event: ReaderEvent) => {
    const reader = signedIn?.reader;
    if (
      (event.type === 'card-removed' && event.reader === reader) ||
      (event.type === 'reader-removed' && event.reader === reader) ||
      event.type === 'service-down'
    ) {
      lock(event.type);
      return;
    }
    publish();
  };
  const unsubscribe = readers.subscribe(onReaderEvent);

  const cardReader = (): string => {
    if (readers.service() === 'down') throw new LoginFailure('NO_SERVICE', 'The smart-card service is not running');
    const all = readers.readers();
    if (all.length === 0) throw new LoginFailure('NO_READER', 'No card reader is connected');
    const withCard = all.find((reader) => reader.atr !== null);
    if (!withCard) throw new LoginFailure('NO_CARD', 'No card in the reader');
    return withCard.name;
  };

  const cardTrust = async (): Promise<CardTrust> => {
    try {
      const loaded = await options.loadTrust();
      trust = 'ready';
      return loaded;
    } catch (error) {
      trust = 'missing';
      throw new LoginFailure('TRUST_MISSING', (error as Error).message);
    }
  };

  /** Runs the card flow on the card in the reader, with a fresh connection closed afterwards. */
  const withCard = async <T>(
    run: (reader: string, proofOf: (nonce: string) => Promise<CieLoginProof>) => Promise<T>,
    pin: string,
  ) => {
    const loaded = await cardTrust();
    const reader = cardReader();
    const transport = await readers.connect(reader);
    try {
      return await run(reader, (nonce) =>
        loginProof(transport, { pin, nonce, context: options.context, trust: loaded, now: now(), logger: log }),
      );
    } finally {
      await transport.close().catch(() => undefined);
    }
  };

  const serverFailure = (
    failure: Extract<Awaited<ReturnType<CentralApiClient['login']>>, { ok: false }>['failure'],
  ) => {
    switch (failure.kind) {
      case 'unauthorized':
        return new LoginFailure(
          failure.code === 'CERTIFICATE_EXPIRED' ? 'CERTIFICATE_EXPIRED' : 'PROOF_REFUSED',
          failure.message,
        );
      case 'rejected':
        return new LoginFailure(
          failure.problem.code === 'UNKNOWN_OPERATOR' ? 'UNKNOWN_OPERATOR' : 'PROOF_REFUSED',
          failure.problem.detail,
        );
      default:
        return new LoginFailure('SERVER_ERROR', 'message' in failure ? failure.message : failure.problem.detail);
    }
  };

  const sameOperatorOnly = (codiceFiscale: string) => {
    if (signedIn && signedIn.codiceFiscale !== codiceFiscale) {
      throw new LoginFailure('DIFFERENT_OPERATOR', 'Another operator is signed in: sign out first');
    }
  };

  const startSession = (reader: string, proof: CieLoginProof, codiceFiscale: string, mode: 'online' | 'offline') => {
    signedIn = {
      reader,
      nis: proof.nis,
      ef1005Hash: proof.ef1005Hash,
      certificate: base64(proof.certificate),
      codiceFiscale,
      mode,
      since: now().toISOString(),
    };
    locked = false;
    apiAnswers = false;
    tokenRefused = false;
    watchForServer();
  };

  const loginOnline = async (reader: string, proofOf: (nonce: string) => Promise<CieLoginProof>, nonce: string) => {
    const proof = await proofOf(nonce);
    const codiceFiscale = codiceFiscaleOfSubject(new X509Certificate(proof.certificate).subject) ?? '';
    sameOperatorOnly(codiceFiscale);
    const answer = await options.api!.login({
      nonce,
      context: options.context,
      certificate: base64(proof.certificate),
      chain: proof.chain.map(base64),
      signature: base64(proof.signature),
    });
    if (!answer.ok) throw serverFailure(answer.failure);
    const { token, operator } = answer.value;
    known.remember({
      codiceFiscale,
      operator,
      nis: proof.nis,
      ef1005Hash: proof.ef1005Hash,
      certificate: base64(proof.certificate),
      lastOnlineLogin: now().toISOString(),
    });
    startSession(reader, proof, codiceFiscale, 'online');
    session.set({ token, operator });
  };

  const loginOffline = async (reader: string, proofOf: (nonce: string) => Promise<CieLoginProof>) => {
    const nonce = localNonce();
    const proof = await proofOf(nonce);
    const verdict = verifyProofLocally(
      proof,
      loginMessage(nonce, options.context),
      (await cardTrust()).authenticationChain,
      (codiceFiscale) => known.find(codiceFiscale),
      now(),
    );
    if (!verdict.ok) throw new LoginFailure(verdict.code, verdict.detail);
    sameOperatorOnly(verdict.known.codiceFiscale);
    startSession(reader, proof, verdict.known.codiceFiscale, 'offline');
    session.set({ operator: verdict.known.operator });
  };

  const outcome = async (kind: 'login' | 'unlock', run: () => Promise<void>): Promise<LoginOutcome> => {
    if (busy) return { ok: false, failure: { code: 'BUSY', detail: `A ${busy} is running` } };
    busy = kind;
    publish();
    try {
      await run();
      return { ok: true, status: { ...status(), busy: null } };
    } catch (error) {
      if (error instanceof LoginFailure) return { ok: false, failure: error.failure };
      if (error instanceof CardError) {
        return {
          ok: false,
          failure: {
            code: CARD_FAILURE[error.code],
            detail: error.message,
            ...(error.triesLeft === undefined ? {} : { triesLeft: error.triesLeft }),
          },
        };
      }
      log.error(`${kind} failed`, errorFields(error));
      return { ok: false, failure: { code: 'CARD_ERROR', detail: (error as Error).message } };
    } finally {
      busy = null;
      publish();
    }
  };

  /** While signed in offline: notices when the central API answers again, so the UI can ask for a fresh login. */
  function watchForServer() {
    clearInterval(probe);
    probe = undefined;
    if (signedIn?.mode !== 'offline' || !options.api) return;
    const api = options.api;
    probe = setInterval(() => {
      void api.nonce().then((answer) => {
        const answers = answer.ok;
        if (answers !== apiAnswers) {
          apiAnswers = answers;
          publish();
        }
      });
    }, options.probeIntervalMs ?? 15_000);
    probe.unref();
  }

  return {
    status,
    login: (pin: string) =>
      outcome('login', () => {
        if (locked) return Promise.reject(new LoginFailure('LOCKED', 'The console is locked: unlock it or sign out'));
        return withCard(async (reader, proofOf) => {
          const api = options.api;
          const nonce = api ? await api.nonce() : undefined;
          if (nonce?.ok) return loginOnline(reader, proofOf, nonce.value.nonce);
          if (nonce && nonce.failure.kind !== 'network' && nonce.failure.kind !== 'unavailable') {
            throw serverFailure(nonce.failure);
          }
          return loginOffline(reader, proofOf);
        }, pin);
      }),

    unlock: (pin: string) =>
      outcome('unlock', () => {
        const recorded = signedIn;
        if (!recorded || !locked) return Promise.reject(new LoginFailure('NOT_LOCKED', 'The console is not locked'));
        return withCard(async (reader, proofOf) => {
          const nonce = localNonce();
          const proof = await proofOf(nonce);
          // Same chip (NIS and EF 1005 key, proven by a fresh internal authenticate in the card flow) and same holder certificate.
          if (
            proof.nis !== recorded.nis ||
            proof.ef1005Hash !== recorded.ef1005Hash ||
            base64(proof.certificate) !== recorded.certificate
          ) {
            throw new LoginFailure('DIFFERENT_CARD', 'This is not the card that signed in');
          }
          signedIn = { ...recorded, reader };
          locked = false;
        }, pin);
      }),

    logout(): AuthStatus {
      signedIn = undefined;
      locked = false;
      apiAnswers = false;
      watchForServer();
      session.set(undefined);
      publish();
      return status();
    },

    /**
     * The sync engine met a 401. It may concern a token older than this session's, so the service
     * asks the server about the current one before asking the operator for a fresh login.
     */
    tokenRefused() {
      const token = session.current()?.token;
      if (signedIn?.mode !== 'online' || tokenRefused || !token || !options.api) return;
      void options.api.session().then((answer) => {
        if (answer.ok || answer.failure.kind !== 'unauthorized' || session.current()?.token !== token) return;
        tokenRefused = true;
        publish();
      });
    },

    /** The operator's own lock (menu, shortcut): as pulling the card, unlocked by the same card and PIN. */
    lock(): boolean {
      lock('operator');
      return locked;
    },

    /** Whether contract calls other than sign-in may run: signed in and not locked. */
    access: (): 'open' | 'signed-out' | 'locked' => (!session.current() ? 'signed-out' : locked ? 'locked' : 'open'),

    close() {
      clearInterval(probe);
      unsubscribe();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
