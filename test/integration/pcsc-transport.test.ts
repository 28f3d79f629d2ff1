import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listReaders } from '../../electron/services/card/pcsc/list-readers.ts';
import { connectCard, type PcscConnection } from '../../electron/services/card/pcsc/pcsc-transport.ts';
import {
  watchReaders,
  type ReaderEvent,
  type ReaderWatcher,
} from '../../electron/services/card/pcsc/reader-watcher.ts';
import { CardError, type CardApplet } from '../../electron/services/card/transport.ts';
import { createVirtualCardLink, type VirtualCardLink } from '../../electron/services/card/virtual-card-link.ts';
import { ensurePcscd, lockPcscd, stopPcscd, VPCD_READERS } from '../../scripts/lib/pcscd.ts';

const [READER_0, READER_1] = VPCD_READERS;
const PORTS = { [READER_0]: 35963, [READER_1]: 35964 } as const;

/** The Gemalto CIE 3.0 ATR (docs/cie-protocol.md §1.1). */
const CIE_ATR = Uint8Array.from(Buffer.from('3B8F800180318065B08504001112 0FFF8290008A'.replace(/ /g, ''), 'hex'));
const OBJECT_LENGTH = 700;
const CHUNK = 231;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const apdu = (text: string) => Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));

/**
 * A small card: SELECT answers 9000; GET DATA (CA) hands out a 700-byte object 231 bytes at a
 * time behind 61xx, as the CIE does; READ BINARY (B0) over the same bytes answers 6Cxx when Le
 * asks for more than is left; INS EE pulls the card out of the reader while the command runs.
 */
function testApplet(seed: number, pullOut: () => void = () => undefined) {
  const object = Uint8Array.from({ length: OBJECT_LENGTH }, (_, i) => (i * 7 + seed) & 0xff);
  const received: string[] = [];
  let pending: Uint8Array | null = null;
  let resets = 0;
  const withSw = (data: Uint8Array, sw1: number, sw2: number) => Uint8Array.of(...data, sw1, sw2);
  const handOut = (max: number) => {
    const source = pending ?? new Uint8Array(0);
    const data = source.subarray(0, max);
    const rest = source.subarray(max);
    pending = rest.length > 0 ? rest : null;
    return rest.length > 0 ? withSw(data, 0x61, Math.min(rest.length, 256) & 0xff) : withSw(data, 0x90, 0x00);
  };
  const applet: CardApplet & { received: string[]; resets: () => number } = {
    atr: CIE_ATR,
    received,
    resets: () => resets,
    reset: () => {
      resets += 1;
      pending = null;
    },
    process: (command) => {
      received.push(hex(command));
      const [, ins = 0, p1 = 0, p2 = 0] = command;
      const le = command.length === 5 ? command[4] || 256 : 256;
      switch (ins) {
        case 0xa4:
          return Uint8Array.of(0x90, 0x00);
        case 0xca:
          pending = object;
          return handOut(CHUNK);
        case 0xc0:
          return pending ? handOut(le) : Uint8Array.of(0x69, 0x85);
        case 0xb0: {
          const offset = (p1 << 8) | p2;
          const available = Math.min(CHUNK, OBJECT_LENGTH - offset);
          if (available <= 0) return Uint8Array.of(0x6b, 0x00);
          if (command[4] !== 0 && le > available) return Uint8Array.of(0x6c, available);
          return withSw(object.subarray(offset, offset + Math.min(le, available)), 0x90, 0x00);
        }
        case 0xee:
          pullOut();
          return Uint8Array.of(0x90, 0x00);
        default:
          return Uint8Array.of(0x6d, 0x00);
      }
    },
  };
  return { applet, object };
}

interface Seen {
  event: ReaderEvent;
  at: number;
}

/** Records a watcher's events with the time each arrived. */
function record(watcher: ReaderWatcher) {
  const seen: Seen[] = [];
  watcher.subscribe((event) => seen.push({ event, at: performance.now() }));
  const waitFor = (match: (event: ReaderEvent) => boolean, after = 0, timeout = 3_000) =>
    vi.waitFor(
      () => {
        const hit = seen.find((entry) => entry.at >= after && match(entry.event));
        if (!hit) throw new Error(`no such event yet; seen: ${seen.map((entry) => entry.event.type).join(', ')}`);
        return hit;
      },
      { timeout, interval: 5 },
    );
  return { seen, waitFor };
}

const is =
  (type: ReaderEvent['type'], reader?: string) =>
  (event: ReaderEvent): boolean =>
    event.type === type && (reader === undefined || ('reader' in event && event.reader === reader));

async function rejection(promise: Promise<unknown>): Promise<CardError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(CardError);
  return error as CardError;
}

describe('PC/SC transport through the real pcscd and vsmartcard-vpcd', () => {
  let lock: { release(): void } | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  const figures: Record<string, number> = {};
  const later = <T extends { close?: () => Promise<void>; remove?: () => Promise<void> }>(thing: T): T => {
    cleanups.push(async () => {
      await thing.close?.();
      await thing.remove?.();
    });
    return thing;
  };

  const readerShows = (reader: string, card: boolean) =>
    vi.waitFor(
      async () => {
        const view = (await listReaders()).find((candidate) => candidate.name === reader);
        if (Boolean(view?.atr) !== card) throw new Error(`${reader} does not show ${card ? 'a' : 'no'} card yet`);
      },
      { timeout: 3_000, interval: 20 },
    );

  /**
   * A test card in a vpcd reader, and pcscd's word that it is there. The previous test's card
   * must be gone first: pcscd sees a removal up to ~0.4 s late and would report the old card.
   */
  async function insertCard(reader: keyof typeof PORTS, seed: number) {
    await readerShows(reader, false);
    const { applet, object } = testApplet(seed, () => void link.remove());
    const link: VirtualCardLink = later(createVirtualCardLink(applet, { port: PORTS[reader] }));
    await link.insert();
    await readerShows(reader, true);
    return { link, applet, object };
  }

  beforeAll(async () => {
    lock = await lockPcscd();
    await ensurePcscd();
  }, 130_000);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    try {
      await ensurePcscd();
    } finally {
      lock?.release();
      console.info('PC/SC figures (ms):', JSON.stringify(figures));
    }
  });

  it('lists both vpcd readers, empty until a card is inserted', async () => {
    const readers = await listReaders();
    for (const name of VPCD_READERS) expect(readers).toContainEqual({ name, atr: null });
  });

  it('reports an inserted card with its ATR, and its removal at once', async () => {
    const watcher = later(watchReaders());
    const events = record(watcher);
    await watcher.ready;
    expect(watcher.service()).toBe('up');
    expect(watcher.readers().map((reader) => reader.name)).toEqual(expect.arrayContaining([...VPCD_READERS]));

    await readerShows(READER_0, false);
    const { applet } = testApplet(1);
    const link = later(createVirtualCardLink(applet, { port: PORTS[READER_0] }));
    const insertingAt = performance.now();
    await link.insert();
    const connectedAt = performance.now();
    const inserted = await events.waitFor(is('card-inserted', READER_0), insertingAt);
    figures.insert_ms = Math.round(inserted.at - connectedAt);
    expect(inserted.event.type === 'card-inserted' && hex(inserted.event.atr)).toBe(hex(CIE_ATR));
    expect(watcher.readers().find((reader) => reader.name === READER_0)?.atr).toEqual(CIE_ATR);

    const removedAt = performance.now();
    await link.remove();
    const removed = await events.waitFor(is('card-removed', READER_0), removedAt);
    figures.remove_ms = Math.round(removed.at - removedAt);
    expect(watcher.readers().find((reader) => reader.name === READER_0)?.atr).toBeNull();
    expect(events.seen.filter((entry) => entry.event.type === 'card-removed')).toHaveLength(1);
  });

  it('holds the card exclusively with T=1: a second connection is a sharing violation, no event fires', async () => {
    await insertCard(READER_0, 2);
    const watcher = later(watchReaders());
    const events = record(watcher);
    await watcher.ready;
    const quietFrom = performance.now();

    const connection = later(await connectCard(READER_0));
    expect(connection.atr).toEqual(CIE_ATR);
    const second = await rejection(connectCard(READER_0));
    expect(second.code).toBe('SHARING_VIOLATION');
    expect(second.message).toMatch(/Another program is using the card/);
    expect(await connection.transmit(apdu('00A4040C06A00000000039'))).toEqual(Uint8Array.of(0x90, 0x00));

    await delay(300);
    expect(events.seen.filter((entry) => entry.at >= quietFrom).map((entry) => entry.event.type)).toEqual([]);
  });

  it('assembles a 700-byte answer through 61xx and GET RESPONSE, and resends a 6Cxx command with the right Le', async () => {
    const { applet, object } = await insertCard(READER_0, 3);
    const connection = later(await connectCard(READER_0));

    const whole = await connection.transmit(apdu('00CA0000 00'));
    expect(whole).toEqual(Uint8Array.of(...object, 0x90, 0x00));
    expect(applet.received).toEqual(['00ca000000', '00c0000000', '00c00000d5']);

    applet.received.length = 0;
    const tail = await connection.transmit(apdu('00B002B2 20'));
    expect(tail).toEqual(Uint8Array.of(...object.subarray(0x2b2), 0x90, 0x00));
    expect(applet.received).toEqual(['00b002b220', '00b002b20a']);

    const rounds = 20;
    const started = performance.now();
    for (let i = 0; i < rounds; i += 1) await connection.transmit(apdu('00A4040C06A00000000039'));
    figures.apdu_round_trip_ms = Math.round(((performance.now() - started) / rounds) * 10) / 10;
  });

  it('resets the card: the applet loses its session and the connection goes on', async () => {
    const { applet } = await insertCard(READER_0, 4);
    const connection = later(await connectCard(READER_0));
    const before = applet.resets();
    await connection.reset();
    // The vpcd thread passes the reset on as a message; it lands before any later command.
    await vi.waitFor(() => expect(applet.resets()).toBeGreaterThan(before), { timeout: 1_000, interval: 5 });
    expect(connection.atr).toEqual(CIE_ATR);
    expect(await connection.transmit(apdu('00A4000000'))).toEqual(Uint8Array.of(0x90, 0x00));
  });

  it('fails with CARD_REMOVED when the card leaves during a command, and stays failed', async () => {
    await insertCard(READER_0, 5);
    const connection: PcscConnection = later(await connectCard(READER_0));
    const started = performance.now();
    const during = await rejection(connection.transmit(apdu('00EE0000')));
    figures.removed_mid_command_ms = Math.round(performance.now() - started);
    expect(during.code).toBe('CARD_REMOVED');
    expect(during.message).toMatch(/removed/);
    expect((await rejection(connection.transmit(apdu('00A4000000')))).code).toBe('CARD_REMOVED');
    await connection.close();
    expect((await rejection(connection.transmit(apdu('00A4000000')))).code).toBe('TRANSPORT');
  });

  it('serves two cards in the two readers at the same time', async () => {
    const first = await insertCard(READER_0, 6);
    const second = await insertCard(READER_1, 7);
    const [one, two] = await Promise.all([connectCard(READER_0), connectCard(READER_1)]).then((both) =>
      both.map((connection) => later(connection)),
    );
    const answers = await Promise.all([one!.transmit(apdu('00CA000000')), two!.transmit(apdu('00CA000000'))]);
    expect(answers[0]).toEqual(Uint8Array.of(...first.object, 0x90, 0x00));
    expect(answers[1]).toEqual(Uint8Array.of(...second.object, 0x90, 0x00));
    expect(first.object).not.toEqual(second.object);
  });

  it('reports pcscd going down as NO_SERVICE, and the readers and the card coming back with it', async () => {
    const { link } = await insertCard(READER_0, 8);
    let linkDropped = false;
    const watcher = later(watchReaders({ retryMs: 100 }));
    const events = record(watcher);
    await watcher.ready;
    expect(watcher.readers().find((reader) => reader.name === READER_0)?.atr).toEqual(CIE_ATR);
    const connection = later(await connectCard(READER_0));
    const watchLink = setInterval(() => (linkDropped ||= !link.inserted), 10);
    cleanups.push(async () => clearInterval(watchLink));

    const killedAt = performance.now();
    await stopPcscd({ signal: 'SIGKILL' });
    const removed = await events.waitFor(is('card-removed', READER_0), killedAt);
    figures.card_removed_after_pcscd_killed_ms = Math.round(removed.at - killedAt);
    const down = await events.waitFor(is('service-down'), killedAt);
    for (const name of VPCD_READERS) await events.waitFor(is('reader-removed', name), killedAt);
    expect(down.event.type === 'service-down' && down.event.error.code).toBe('NO_SERVICE');
    expect(watcher.service()).toBe('down');
    expect(watcher.readers()).toEqual([]);

    const listing = await rejection(listReaders());
    expect(listing.code).toBe('NO_SERVICE');
    expect(listing.message).toMatch(/smart-card service is not running: start pcscd/);
    expect((await rejection(connectCard(READER_0))).code).toBe('NO_SERVICE');
    expect((await rejection(connection.transmit(apdu('00A4000000')))).code).toBe('NO_SERVICE');
    await vi.waitFor(() => expect(linkDropped).toBe(true), { timeout: 2_000, interval: 10 });

    const restartedAt = performance.now();
    expect((await ensurePcscd()).startedHere).toBe(true);
    await events.waitFor(is('service-up'), restartedAt);
    for (const name of VPCD_READERS) await events.waitFor(is('reader-added', name), restartedAt);
    await link.insert();
    await events.waitFor(is('card-inserted', READER_0), restartedAt);
    expect(watcher.service()).toBe('up');
  });
});
