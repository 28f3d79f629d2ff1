import path from 'node:path';
import type { Ticket, TicketState } from '../../common/api/schemas.ts';
import { cacheDatabaseKey, openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createCheckStore } from '../../electron/services/checks/check-store.ts';
import { loadOrCreateCacheKey } from '../../electron/services/security/cache-key.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { BENCH_SURNAMES } from '../sync/query-cache.ts';

const SURNAMES = BENCH_SURNAMES;
const GIVEN = ['Anna', 'Jürgen', 'Lucía', 'Wei', 'Arjun', 'Zofia', 'Håkon', 'Olena', 'João', 'Fatima'];
const COUNTRIES = ['DE', 'FR', 'ES', 'PL', 'RO', 'UA', 'BR', 'IN', 'CN', 'US', 'MA', 'GB', 'CH', 'TR', 'AR'];
const STATES: TicketState[] = [
  'NEW',
  'FORM_SENT',
  'DOCS_RECEIVED',
  'DOCS_RECEIVED',
  'UNDER_REVIEW',
  'APPROVED',
  'REJECTED',
];
const OPERATORS = [
  { owner: 'op-giulia', ownerName: 'Giulia Bianchi' },
  { owner: 'op-marco', ownerName: 'Marco Rossi' },
];
const PAGE = 5000;

/** A checks result with the parts the queue summarises; every third one flags something. */
function checksResult(n: number) {
  return {
    eligibility: {
      outcome: n % 11 === 0 ? 'REDIRECT_SPID_CIE' : n % 13 === 0 ? 'REDIRECT_EIDAS' : 'ELIGIBLE',
      taxId: { kind: n % 11 === 0 ? 'ITALIAN_CF' : 'OTHER' },
      findings: n % 13 === 0 ? [{ redirectTarget: 'EIDAS' }] : [],
    },
    mrz: { used: n % 7 === 0 ? null : { valid: n % 9 !== 0 }, problem: n % 7 === 0 ? { code: 'MRZ_NOT_FOUND' } : null },
    crossCheck: { worst: n % 5 === 0 ? 'NO_MATCH' : n % 3 === 0 ? 'PARTIAL' : 'MATCH' },
    duplicates: n % 17 === 0 ? [{ ticketId: 'x' }] : [],
  };
}

/**
 * A web-host profile whose cache holds `size` tickets, written through the services' own
 * projection and check store (as sync and the checks engine would), with the key file the
 * web host reads: `npm run web -- --profile <dir>` opens it as it is.
 */
export function fillBigProfile(profileDir: string, size: number): void {
  const master = loadOrCreateCacheKey(profileDir, keyFileSealer());
  const db = openCacheDatabase(path.join(profileDir, 'cache.db'), cacheDatabaseKey(master));
  try {
    const projection = createTicketProjection(db);
    const checks = createCheckStore(db);
    const random = seededRandom(42);
    const started = Date.UTC(2026, 0, 5);
    for (let from = 0; from < size; from += PAGE) {
      const entries: { kind: 'ticket'; ticket: Ticket }[] = [];
      for (let i = from; i < Math.min(from + PAGE, size); i += 1) {
        const country = COUNTRIES[i % COUNTRIES.length]!;
        const createdAt = new Date(started + i * 150_000).toISOString();
        const held = random() < 0.1 ? OPERATORS[i % OPERATORS.length]! : null;
        entries.push({
          kind: 'ticket',
          ticket: {
            id: `UE-2026-${String(i + 1).padStart(6, '0')}`,
            version: 1,
            state: held ? 'UNDER_REVIEW' : STATES[Math.floor(random() * STATES.length)]!,
            applicant: {
              nome: GIVEN[(i * 7) % GIVEN.length]!,
              cognome: `${SURNAMES[i % SURNAMES.length]}${i % 997}`,
              email: `applicant${i}@example.org`,
              telefono: '+4915123456789',
              nationality: country,
              residenceCountry: country,
              birthDate: '1980-05-17',
              language: 'en',
            },
            consentAt: createdAt,
            attachments: [],
            evidenceHash: '0'.repeat(64),
            lease: held ? { ...held, expiresAt: '2099-01-01T00:00:00.000Z' } : null,
            lastDecision: null,
            pendingCountersign: null,
            createdAt,
            updatedAt: createdAt,
          },
        });
      }
      projection.applyFeedPage(entries, `bench-${from}`, new Date().toISOString());
      db.transaction(() => {
        for (const { ticket } of entries) {
          const n = Number(ticket.id.slice(-6));
          if (n % 3 === 0) continue;
          checks.put(ticket.id, {
            inputKey: 'bench',
            computedAt: ticket.createdAt,
            resultJson: JSON.stringify(checksResult(n)),
            documentNumbers: [],
            birthDates: [],
          });
        }
      })();
    }
    // A few decisions waiting to be sent, as after an offline hour.
    db.prepare('UPDATE tickets SET pending = 1 WHERE rowid % 997 = 0').run();
  } finally {
    db.close();
  }
}
