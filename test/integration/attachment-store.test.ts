import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AttachmentIntegrityError,
  AttachmentTooLargeError,
  InvalidAttachmentHashError,
  openAttachmentStore,
} from '../../electron/services/attachments/attachment-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const MAX = 64 * 1024;
let root: { dir: string; remove(): void };
let dir: string;
const key = randomBytes(32);

beforeEach(() => {
  root = tempDir('attachments');
  dir = path.join(root.dir, 'attachments');
});
afterEach(() => root.remove());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const open = (withKey = key) => openAttachmentStore({ dir, key: withKey, maxFileBytes: MAX });
const fileOf = (hash: string) => path.join(dir, hash.slice(0, 2), hash.slice(2));

/** Every file under the store's folder, temporary ones included. */
function allFiles(folder = dir): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? allFiles(full) : [full];
  });
}

async function expectIntegrityError(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(AttachmentIntegrityError);
  await expect(promise).rejects.toMatchObject({ code: 'ATTACHMENT_INTEGRITY' });
}

async function storedDocument(): Promise<{ bytes: Buffer; hash: string; file: string }> {
  const bytes = randomBytes(4096);
  const hash = sha256(bytes);
  await open().put(hash, bytes);
  return { bytes, hash, file: fileOf(hash) };
}

describe('attachment store', () => {
  it('stores, lists, reads back and deletes a document', async () => {
    const store = open();
    const { bytes, hash, file } = await storedDocument();
    expect(store.has(hash)).toBe(true);
    expect(store.list()).toEqual([hash]);
    expect(Buffer.from((await store.get(hash)) ?? []).equals(bytes)).toBe(true);
    expect(store.totalBytes()).toBe(statSync(file).size);
    expect(statSync(file).size).toBeGreaterThan(bytes.length);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }

    await store.delete(hash);
    expect(store.has(hash)).toBe(false);
    expect(await store.get(hash)).toBeUndefined();
    expect(store.list()).toEqual([]);
    expect(store.totalBytes()).toBe(0);
  });

  it('refuses bytes that do not match the hash they are stored under', async () => {
    const store = open();
    const other = sha256(Buffer.from('another document'));
    await expectIntegrityError(store.put(other, Buffer.from('a document')));
    expect(store.list()).toEqual([]);
  });

  it('detects a flipped bit, deletes the file and reports it', async () => {
    const { hash, file } = await storedDocument();
    const sealed = readFileSync(file);
    sealed[sealed.length >> 1] = (sealed[sealed.length >> 1] ?? 0) ^ 0x01;
    writeFileSync(file, sealed);
    const store = open();
    await expectIntegrityError(store.get(hash));
    expect(store.has(hash)).toBe(false);
  });

  it('detects a truncated file, however short', async () => {
    for (const length of [2000, 20, 0]) {
      const { hash, file } = await storedDocument();
      truncateSync(file, length);
      await expectIntegrityError(open().get(hash));
      expect(open().has(hash)).toBe(false);
    }
  });

  it('detects a file moved to another document’s name', async () => {
    const first = await storedDocument();
    const second = await storedDocument();
    writeFileSync(second.file, readFileSync(first.file));
    await expectIntegrityError(open().get(second.hash));
  });

  it('writes no plaintext to disk', async () => {
    const marker = 'PASSAPORTO-MARKER-7f3a9c';
    const bytes = Buffer.from(`%PDF-1.7 ${marker} ${marker}\n`.repeat(50));
    await open().put(sha256(bytes), bytes);
    const files = allFiles();
    expect(files).toHaveLength(1);
    for (const file of files) expect(readFileSync(file).includes(marker)).toBe(false);
  });

  it('refuses a document over the size limit', async () => {
    const store = open();
    const bytes = randomBytes(MAX + 1);
    await expect(store.put(sha256(bytes), bytes)).rejects.toBeInstanceOf(AttachmentTooLargeError);
    await expect(store.put(sha256(bytes), bytes)).rejects.toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    const limit = randomBytes(MAX);
    await store.put(sha256(limit), limit);
    expect(store.list()).toEqual([sha256(limit)]);
  });

  it('ends concurrent puts of one document with one readable file and no temporary files', async () => {
    const store = open();
    const bytes = randomBytes(MAX);
    const hash = sha256(bytes);
    await Promise.all(Array.from({ length: 20 }, () => store.put(hash, bytes)));
    expect(allFiles()).toEqual([fileOf(hash)]);
    expect(Buffer.from((await store.get(hash)) ?? []).equals(bytes)).toBe(true);
    await store.put(hash, bytes);
    expect(allFiles()).toEqual([fileOf(hash)]);
  });

  it('refuses anything but a lowercase SHA-256 as a name', async () => {
    const store = open();
    const valid = sha256(Buffer.from('x'));
    const invalid = [
      '../x',
      '',
      valid.toUpperCase(),
      `${valid}0`,
      valid.slice(1),
      `../${valid.slice(3)}`,
      `${valid.slice(0, 63)}/`,
    ];
    for (const name of invalid) {
      await expect(store.put(name, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidAttachmentHashError);
      await expect(store.get(name)).rejects.toMatchObject({ code: 'ATTACHMENT_INVALID_HASH' });
      await expect(store.delete(name)).rejects.toBeInstanceOf(InvalidAttachmentHashError);
      expect(() => store.has(name)).toThrow(InvalidAttachmentHashError);
    }
    expect(readdirSync(root.dir)).toEqual(['attachments']);
  });

  it('detects a file encrypted with another key and removes it', async () => {
    const { hash } = await storedDocument();
    const otherKey = open(randomBytes(32));
    await expectIntegrityError(otherKey.get(hash));
    expect(otherKey.has(hash)).toBe(false);
  });

  it('ignores stray files when listing and counting', async () => {
    const { hash, file } = await storedDocument();
    writeFileSync(`${file}.123.abcd.tmp`, 'left by a crash');
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const store = open();
    expect(store.list()).toEqual([hash]);
    expect(store.totalBytes()).toBe(statSync(file).size);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => open(randomBytes(16))).toThrow(RangeError);
  });
});
