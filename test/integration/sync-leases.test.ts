import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { startConsole } from '../support/console-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let anna: string;

// Two-second leases, renewed with 1.5 s left: a claim outlives its first lease only by renewal.
const LEASE_SECONDS = 2;
const RENEW_BEFORE_MS = 1500;

beforeAll(async () => {
  api = await startApiFixture({ leaseSeconds: LEASE_SECONDS });
  anna = await api.loginAs('op-anna');
});
afterAll(() => api.close());

async function newTicket(): Promise<string> {
  return (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
}

const leaseOf = async (id: string) =>
  (await api.request('GET', `/tickets/${id}`, { token: anna })).json.lease as {
    owner: string;
    expiresAt: string;
  } | null;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lease renewal', () => {
  it('keeps a claimed ticket while the console works on it, and lets it go once released', async () => {
    const id = await newTicket();
    const console = startConsole({
      apiUrl: api.server.url,
      token: anna,
      operatorId: 'op-anna',
      leaseRenewBeforeMs: RENEW_BEFORE_MS,
    });
    try {
      await console.settled();
      const first = await console.call<{ expiresAt: string }>('tickets.claim', { ticketId: id });
      await pause(LEASE_SECONDS * 1000 * 2);
      const renewed = await leaseOf(id);
      expect(renewed?.owner).toBe('op-anna');
      expect(Date.parse(renewed!.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
      // The queue shows the renewed lease too.
      const row = (
        await console.call<{ rows: { id: string; leaseOwner: string | null }[] }>('tickets.query', { text: id })
      ).rows[0];
      expect(row?.leaseOwner).toBe('op-anna');

      await console.call('tickets.release', { ticketId: id });
      await pause(LEASE_SECONDS * 1000 * 1.5);
      expect(await leaseOf(id)).toBeNull();
    } finally {
      await console.remove();
    }
  });

  it('stops renewing once the ticket is decided', async () => {
    const id = await newTicket();
    const console = startConsole({
      apiUrl: api.server.url,
      token: anna,
      operatorId: 'op-anna',
      leaseRenewBeforeMs: RENEW_BEFORE_MS,
    });
    try {
      await console.settled();
      await console.call('tickets.claim', { ticketId: id });
      await console.call('decisions.submit', { ticketId: id, action: 'SEND_FORM' });
      await console.settled();
      await pause(LEASE_SECONDS * 1000 * 1.5);
      expect(await leaseOf(id)).toBeNull();
    } finally {
      await console.remove();
    }
  });
});
