import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import { ContractFailure } from '../../common/contract/result.ts';
import { createPreviewThread, type PreviewThread } from '../../electron/services/documents/previews/preview-thread.ts';
import { createDocumentPreviews } from '../../electron/services/previews/document-previews.ts';
import { openPreviewStore, type StoredPreview } from '../../electron/services/previews/preview-store.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { fillForm } from '../../server/demo/form-filler.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { ANNA, ANNA_CARD } from '../support/icao-specimen.ts';
import { tempDir } from '../support/temp-dir.ts';

const log = createLogger('test', 'error', () => {});
const key = Buffer.alloc(32, 7);
const SHA = (n: number) => String(n).repeat(64).slice(0, 64);

/** Share of pixels that are not near white: ink on a page, a document on a scan. */
function inked(png: Uint8Array): number {
  const { data, width, height } = PNG.sync.read(Buffer.from(png));
  let marked = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.min(data[i]!, data[i + 1]!, data[i + 2]!) < 200) marked += 1;
  return marked / (width * height);
}

const pngSize = (png: Uint8Array) => {
  const { width, height } = PNG.sync.read(Buffer.from(png));
  return { width, height };
};

let thread: PreviewThread;
let form: Uint8Array;
beforeAll(async () => {
  thread = createPreviewThread();
  form = await fillForm({ cognome: 'KOWALSKA', nome: 'ANNA', data_nascita: '1990-04-12', sesso: 'F' });
});
afterAll(() => thread.close());

describe('preview drawing (in its thread)', () => {
  it('draws page 1 of a form at the exact width, its height from the page, as a PNG', async () => {
    const outcome = await thread.run({ kind: 'page', bytes: form, page: 1, width: 480.6 }, 20_000);
    if (!outcome.ok) throw new Error(outcome.detail);
    const { width, height, png, document } = outcome.raster;
    // A4 portrait: 841.89 / 595.28 of the width, rounded down as pdf.js sizes a canvas.
    expect({ width, height }).toEqual({ width: 480, height: Math.floor((480.6 * 841.89) / 595.28) });
    expect(pngSize(png)).toEqual({ width, height });
    expect(document).toBeNull();
    const share = inked(png);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.4);
  });

  it('refuses a page the PDF does not have, and a file that is not a PDF, without losing the thread', async () => {
    const missing = await thread.run({ kind: 'page', bytes: form, page: 9, width: 300 }, 20_000);
    expect(missing).toMatchObject({ ok: false, reason: 'unreadable' });
    const junk = await thread.run(
      { kind: 'page', bytes: new TextEncoder().encode('not a pdf'), page: 1, width: 300 },
      20_000,
    );
    expect(junk).toMatchObject({ ok: false, reason: 'unreadable' });
    const again = await thread.run({ kind: 'page', bytes: form, page: 2, width: 200 }, 20_000);
    expect(again.ok).toBe(true);
  });

  it('scales a photo of a document whole, the document being all of it', async () => {
    const photo = await renderIdDocument(ANNA, { layout: 'TD3', seed: 1, format: 'jpeg' });
    const outcome = await thread.run(
      { kind: 'image', bytes: photo.bytes, contentType: photo.mimeType, width: 176 },
      20_000,
    );
    if (!outcome.ok) throw new Error(outcome.detail);
    const { width, height, png, document } = outcome.raster;
    expect(width).toBe(176);
    expect(height).toBe(Math.round((photo.height * 176) / photo.width));
    expect(document).toEqual({ x: 0, y: 0, width, height });
    expect(inked(png)).toBeGreaterThan(0.1);
  });

  it("crops a scanner's PDF to its picture, as the viewer frames it", async () => {
    const scan = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 3, format: 'pdf' });
    const outcome = await thread.run(
      { kind: 'image', bytes: scan.bytes, contentType: scan.mimeType, width: 352 },
      20_000,
    );
    if (!outcome.ok) throw new Error(outcome.detail);
    const { width, height, document } = outcome.raster;
    // The picture alone (about a card's proportions), not the A4 page around it.
    expect(width).toBe(352);
    expect(Math.abs(width / height - scan.width / scan.height)).toBeLessThan(0.02);
    // All of it is document (to the rounding of its height to whole pixels).
    expect(document).toMatchObject({ x: 0, y: 0, width });
    expect(Math.abs(document!.height - height)).toBeLessThan(1);
  });

  it('crops a page drawn in full to what lies on the glass, with a margin', async () => {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([595.28, 841.89]);
    // A card-sized dark block and a line of text, 100 pt from the left and the top.
    page.drawRectangle({ x: 100, y: 841.89 - 100 - 153, width: 243, height: 153, color: rgb(0.2, 0.3, 0.4) });
    const bytes = await pdf.save();
    const outcome = await thread.run({ kind: 'image', bytes, contentType: 'application/pdf', width: 400 }, 20_000);
    if (!outcome.ok) throw new Error(outcome.detail);
    const { width, height, document } = outcome.raster;
    expect(width).toBe(400);
    // The region is the block plus 3 % of its longer side each way.
    const margin = 0.03 * 243;
    expect(width / height).toBeCloseTo((243 + 2 * margin) / (153 + 2 * margin), 1);
    expect(document!.x).toBeGreaterThan(0);
    expect(document!.x + document!.width).toBeLessThan(width);
    expect(document!.width / width).toBeCloseTo(243 / (243 + 2 * margin), 1);
  });

  it('refuses an image whose declared size is past the limit before decoding it', async () => {
    const header = PNG.sync.write(new PNG({ width: 1, height: 1 }));
    // IHDR width and height rewritten to 20000 × 20000.
    header.writeUInt32BE(20_000, 16);
    header.writeUInt32BE(20_000, 20);
    const outcome = await thread.run({ kind: 'image', bytes: header, contentType: 'image/png', width: 176 }, 20_000);
    expect(outcome).toMatchObject({ ok: false, reason: 'unreadable' });
  });

  it('stops a drawing that runs past its deadline and starts a new thread for the next', async () => {
    const slow = await thread.run({ kind: 'page', bytes: form, page: 1, width: 4000 }, 1);
    expect(slow).toMatchObject({ ok: false, reason: 'timeout' });
    const next = await thread.run({ kind: 'page', bytes: form, page: 1, width: 100 }, 20_000);
    expect(next.ok).toBe(true);
  });
});

describe('preview store', () => {
  const preview: StoredPreview = {
    contentType: 'image/png',
    width: 2,
    height: 1,
    document: null,
    data: new Uint8Array([1, 2, 3, 4]),
  };

  it('keeps previews encrypted, 0600, and reads them back', async () => {
    const dir = tempDir('preview-store');
    try {
      const store = openPreviewStore({ dir: dir.dir, key });
      await store.put(SHA(1), 'page-1-w480.5', preview);
      const file = path.join(dir.dir, SHA(1), 'page-1-w480.5');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file).includes(Buffer.from('image/png'))).toBe(false);
      expect(await store.get(SHA(1), 'page-1-w480.5')).toEqual({ ...preview, data: Buffer.from(preview.data) });
      expect(await store.get(SHA(1), 'image-w176')).toBeUndefined();
      // Another key cannot open it.
      expect(
        await openPreviewStore({ dir: dir.dir, key: Buffer.alloc(32, 8) }).get(SHA(1), 'page-1-w480.5'),
      ).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it('deletes a damaged or renamed file and reports it absent', async () => {
    const dir = tempDir('preview-store');
    try {
      const store = openPreviewStore({ dir: dir.dir, key });
      await store.put(SHA(1), 'image-w176', preview);
      const file = path.join(dir.dir, SHA(1), 'image-w176');
      const sealed = readFileSync(file);
      sealed[sealed.length - 20]! ^= 1;
      writeFileSync(file, sealed);
      expect(await store.get(SHA(1), 'image-w176')).toBeUndefined();
      expect(store.has(SHA(1), 'image-w176')).toBe(false);
      // The variant is authenticated: a file moved to another size does not open.
      await store.put(SHA(1), 'image-w176', preview);
      writeFileSync(path.join(dir.dir, SHA(1), 'image-w352'), readFileSync(file));
      expect(await store.get(SHA(1), 'image-w352')).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it('refuses names that are not a hash and a variant', async () => {
    const dir = tempDir('preview-store');
    try {
      const store = openPreviewStore({ dir: dir.dir, key });
      await expect(store.put('../x', 'image-w176', preview)).rejects.toThrow(RangeError);
      await expect(store.put(SHA(1), '../../etc', preview)).rejects.toThrow(RangeError);
    } finally {
      dir.remove();
    }
  });

  it('prunes the previews of files that left the cache and of sizes no viewer asks for', async () => {
    const dir = tempDir('preview-store');
    try {
      const store = openPreviewStore({ dir: dir.dir, key });
      await store.put(SHA(1), 'image-w176', preview);
      await store.put(SHA(1), 'image-w200', preview);
      await store.put(SHA(2), 'page-1-w480', preview);
      const removed = await store.prune(
        (sha) => sha === SHA(1),
        (variant) => variant !== 'image-w200',
      );
      expect(removed).toBe(2);
      expect(readdirSync(dir.dir)).toEqual([SHA(1)]);
      expect(readdirSync(path.join(dir.dir, SHA(1)))).toEqual(['image-w176']);
    } finally {
      dir.remove();
    }
  });
});

describe('document previews service', () => {
  const at = (iso: string) => `2026-11-0${iso}T10:00:00.000Z`;
  const file = (sha: string, kind: 'FORM' | 'ID_COPY', receivedAt: string, contentType = 'application/pdf') => ({
    sha256: sha,
    filename: `${kind}.bin`,
    contentType,
    kind,
    size: 1,
    receivedAt,
  });

  async function setup(options: { quietMs?: number } = {}) {
    const dir = tempDir('previews');
    const photo = await renderIdDocument(ANNA, { layout: 'TD3', seed: 2, format: 'png' });
    const older = await fillForm({ cognome: 'OLDER' });
    const bytes = new Map<string, { contentType: string; data: Uint8Array }>([
      [SHA(1), { contentType: 'application/pdf', data: older }],
      [SHA(2), { contentType: 'application/pdf', data: form }],
      [SHA(3), { contentType: 'image/png', data: photo.bytes }],
    ]);
    const ticket = {
      id: 'UE-2026-000001',
      attachments: [
        file(SHA(1), 'FORM', at('1')),
        file(SHA(2), 'FORM', at('2')),
        file(SHA(3), 'ID_COPY', at('1'), 'image/png'),
      ],
    } as unknown as Ticket;
    const fetched: string[] = [];
    const make = () =>
      createDocumentPreviews({
        store: openPreviewStore({ dir: path.join(dir.dir, 'previews'), key }),
        thread: createPreviewThread,
        widthsFile: path.join(dir.dir, 'widths.json'),
        ticket: (id) => (id === ticket.id ? ticket : undefined),
        attachment: async (_id, sha) => {
          fetched.push(sha);
          const found = bytes.get(sha);
          if (!found) throw new ContractFailure('NOT_FOUND', 'no such file');
          return found;
        },
        cached: (sha) => bytes.has(sha),
        log,
        quietMs: options.quietMs ?? 0,
      });
    return { dir, make, fetched, ticket };
  }

  it('shows the newest form when no file is named, and draws each preview once', async () => {
    const { dir, make, fetched, ticket } = await setup();
    const previews = make();
    try {
      const first = await previews.page({ ticketId: ticket.id, page: 1, width: 300 });
      expect(first.sha256).toBe(SHA(2));
      expect(first.width).toBe(300);
      const again = await previews.page({ ticketId: ticket.id, sha256: SHA(2), page: 1, width: 300 });
      expect(Buffer.from(again.data).equals(Buffer.from(first.data))).toBe(true);
      expect(fetched).toEqual([SHA(2)]);
      const older = await previews.page({ ticketId: ticket.id, sha256: SHA(1), page: 1, width: 300 });
      expect(Buffer.from(older.data).equals(Buffer.from(first.data))).toBe(false);
      const image = await previews.image({ ticketId: ticket.id, width: 176 });
      expect(image).toMatchObject({ sha256: SHA(3), width: 176, document: { x: 0, y: 0, width: 176 } });
    } finally {
      await previews.close();
      dir.remove();
    }
  });

  it('answers NOT_FOUND for a ticket or file it does not know, BAD_REQUEST for a page of an image', async () => {
    const { dir, make, ticket } = await setup();
    const previews = make();
    try {
      await expect(previews.page({ ticketId: 'UE-2026-999999', page: 1, width: 300 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(previews.image({ ticketId: ticket.id, sha256: SHA(9), width: 176 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(previews.page({ ticketId: ticket.id, sha256: SHA(3), page: 1, width: 300 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    } finally {
      await previews.close();
      dir.remove();
    }
  });

  it('warms a fetched file at the sizes last asked for, remembered across starts', async () => {
    const { dir, make, fetched, ticket } = await setup();
    const first = make();
    await first.page({ ticketId: ticket.id, sha256: SHA(2), page: 1, width: 321.5 });
    await first.image({ ticketId: ticket.id, width: 150 });
    await first.close();
    expect(JSON.parse(readFileSync(path.join(dir.dir, 'widths.json'), 'utf8'))).toEqual({
      page: [321.5],
      image: [150],
    });

    const second = make();
    try {
      fetched.length = 0;
      second.warm(ticket.id, SHA(1));
      // Already drawn: warming it again fetches nothing.
      second.warm(ticket.id, SHA(3));
      await second.idle();
      expect(fetched).toEqual([SHA(1)]);
      expect(readdirSync(path.join(dir.dir, 'previews', SHA(1)))).toEqual(['page-1-w321.5']);
    } finally {
      await second.close();
      dir.remove();
    }
  });

  it('lets a viewer go before warming, which waits for a quiet moment', async () => {
    const { dir, make, fetched, ticket } = await setup({ quietMs: 300 });
    const previews = make();
    try {
      await previews.page({ ticketId: ticket.id, sha256: SHA(2), page: 1, width: 200 });
      fetched.length = 0;
      previews.warm(ticket.id, SHA(1));
      const asked = previews.image({ ticketId: ticket.id, width: 120 });
      await asked;
      // The request was drawn while the warming still waited for its quiet moment.
      expect(fetched).toEqual([SHA(3)]);
      await previews.idle();
      expect(fetched).toEqual([SHA(3), SHA(1)]);
    } finally {
      await previews.close();
      dir.remove();
    }
  });
});
