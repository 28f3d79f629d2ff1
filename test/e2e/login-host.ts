/**
 * The web host for the login e2e, as its own process: the real host (`runWebHost`) with nobody
 * signed in, in front of the reference API holding the deterministic demo data (seed 1), and one
 * in-process reader holding a virtual CIE (the demo wiring of scripts/lib/demo-api.ts). The API
 * trusts the virtual PKI and knows every demo staff member but Sara Conti, so her card shows
 * UNKNOWN_OPERATOR.
 *
 * The console reaches the API through a proxy whose network the test can cut. Commands on stdin,
 * each answered `<command> done`:
 *   remove            the card leaves the reader
 *   insert            the card comes back
 *   swap <identity>   the card on the reader is replaced by <identity>'s (a DEMO_STAFF id)
 *   offline / online  the network between console and API goes down / comes back
 *   tamper-audit      one row of the server's audit log is edited behind the chain's back
 *
 * Usage: node test/e2e/login-host.ts --profile <dir> --tickets <n> [--card <identity>]
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runWebHost } from '../../electron/host/run-web-host.ts';
import type { CardReaders, ReaderEvent } from '../../electron/services/card/card-readers.ts';
import { createInProcessReaders, type InProcessReaders } from '../../electron/services/card/in-process-readers.ts';
import { startApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { createVirtualCie, createVirtualCiePki } from '../../server/demo/virtual-cie/index.ts';
import { startChaosProxy } from '../support/chaos-proxy.ts';

const HOLDERS = ['op-giulia', 'op-marco', 'op-sara', 'sup-elena'] as const;
const NOT_ENROLLED = 'op-sara';

const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    tickets: { type: 'string', default: '24' },
    card: { type: 'string', default: 'op-giulia' },
  },
  strict: true,
});
const profileDir = path.resolve(values.profile ?? '');

const pki = await createVirtualCiePki();
const cards = await Promise.all(HOLDERS.map((identity) => createVirtualCie({ identity, pki })));
const server = await startApiServer({
  dbFile: path.join(profileDir, 'central-api.db'),
  port: 0,
  systemKey: randomBytes(24).toString('base64url'),
  version: 'e2e',
  trust: {
    roots: cards[0]!.serverRoots.map((der) => new X509Certificate(der)),
    requiredPolicies: [CIE_AUTH_POLICY],
    policiesOf: certificatePolicies,
  },
});
await seedDemoData(server, { count: Number(values.tickets), seed: 1 });
// The seed enrols every demo staff member; one is taken off again (she made no decision in the data set).
server.db.prepare('DELETE FROM operators WHERE id = ?').run(NOT_ENROLLED);
const proxy = await startChaosProxy(server.url, { seed: 1 });

/** One reader whose card can be pulled, put back or exchanged for another holder's. */
function swappableReader(readers: Map<string, InProcessReaders>, first: string) {
  let current = readers.get(first)!;
  const listeners = new Set<(event: ReaderEvent) => void>();
  for (const reader of readers.values()) {
    reader.subscribe((event) => {
      if (reader === current) listeners.forEach((listener) => listener(event));
    });
  }
  const facade: CardReaders = {
    ready: Promise.resolve(),
    service: () => 'up',
    readers: () => current.readers(),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect: (name) => current.connect(name),
    close: async () => listeners.clear(),
  };
  return {
    facade,
    remove: () => current.remove(),
    insert: () => current.insert(),
    swap(identity: string) {
      const next = readers.get(identity);
      if (!next) throw new Error(`No card for ${identity}`);
      current.remove();
      next.remove();
      current = next;
      next.insert();
    },
  };
}

const reader = swappableReader(
  new Map(cards.map((card, i) => [HOLDERS[i]!, createInProcessReaders(card.applet)])),
  values.card,
);

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'remove') reader.remove();
  else if (command === 'insert') reader.insert();
  else if (command === 'swap' && argument) reader.swap(argument);
  else if (command === 'offline' || command === 'online') proxy.setOffline(command === 'offline');
  else if (command === 'tamper-audit') {
    // Whoever holds the database file can drop the trigger that keeps the log append-only.
    server.db.exec('DROP TRIGGER IF EXISTS audit_no_update');
    server.db.prepare("UPDATE audit SET actor = 'nobody' WHERE seq = (SELECT MAX(seq) / 2 FROM audit)").run();
  } else return;
  process.stdout.write(`${line.trim()} done\n`);
});

const first = cards[HOLDERS.indexOf(values.card as (typeof HOLDERS)[number])] ?? cards[0]!;
process.stdout.write(`Card PIN: ${first.pin}\n`);
await runWebHost(['--port', '0', '--no-open', '--profile', profileDir], async () => ({
  url: proxy.url,
  card: { readers: reader.facade, trust: first.trust, pin: first.pin },
  close: async () => {
    await proxy.close();
    await server.close();
  },
}));
