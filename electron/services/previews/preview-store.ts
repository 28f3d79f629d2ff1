import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** A drawn preview: the image and what the viewer needs to place it. */
export interface StoredPreview {
  contentType: 'image/png';
  width: number;
  height: number;
  /** Where the document lies in the image (identity documents), in its pixels. */
  document: { x: number; y: number; width: number; height: number } | null;
  data: Uint8Array;
}

export interface PreviewStore {
  get(sha256: string, variant: string): Promise<StoredPreview | undefined>;
  has(sha256: string, variant: string): boolean;
  put(sha256: string, variant: string, preview: StoredPreview): Promise<void>;
  /**
   * Deletes the previews of attachments `keepFile` no longer wants (their file left the cache)
   * and the variants `keepVariant` no longer wants (a size no viewer asks for); answers how many.
   */
  prune(keepFile: (sha256: string) => boolean, keepVariant: (variant: string) => boolean): Promise<number>;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** `page-<n>-w<width>` or `image-w<width>`: the only names written, so the only ones read. */
export const VARIANT = /^(page-[1-9]\d{0,3}|image)-w[1-9]\d{0,3}(\.\d{1,20})?$/;

const MAGIC = Buffer.from('APRV', 'ascii');
const VERSION = 1;
const HEADER = Buffer.concat([MAGIC, Buffer.from([VERSION])]);
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const MetaSchema = z.strictObject({
  contentType: z.literal('image/png'),
  width: z.int().positive(),
  height: z.int().positive(),
  document: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
});

/**
 * Previews drawn from the cached attachments, kept beside them and encrypted like them (they show
 * the same applicant data): `dir/<attachment sha256>/<variant>`, AES-256-GCM under a key derived
 * from the cache key for this use, the hash and the variant authenticated, files 0600 in 0700
 * folders. A preview can always be drawn again, so a damaged or unreadable file is simply
 * deleted and reported absent, and writes skip the fsync that attachments pay for.
 */
export function openPreviewStore({ dir, key }: { dir: string; key: Buffer }): PreviewStore {
  if (key.length !== 32) throw new RangeError(`The preview key must be 32 bytes, not ${key.length}.`);
  const fileKey = createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'accredita/previews/v1', 32)));
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const fileOf = (sha256: string, variant: string): string => {
    if (!SHA256.test(sha256)) throw new RangeError(`Not a SHA-256: ${JSON.stringify(sha256)}`);
    if (!VARIANT.test(variant)) throw new RangeError(`Not a preview variant: ${JSON.stringify(variant)}`);
    return path.join(dir, sha256, variant);
  };

  return {
    async get(sha256, variant) {
      const file = fileOf(sha256, variant);
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const preview = open(fileKey, sha256, variant, sealed);
      if (!preview) await rm(file, { force: true });
      return preview;
    },

    has: (sha256, variant) => existsSync(fileOf(sha256, variant)),

    async put(sha256, variant, preview) {
      const file = fileOf(sha256, variant);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, seal(fileKey, sha256, variant, preview), { mode: 0o600, flag: 'wx' });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async prune(keepFile, keepVariant) {
      let removed = 0;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || !SHA256.test(entry.name)) continue;
        const folder = path.join(dir, entry.name);
        if (!keepFile(entry.name)) {
          removed += readdirSync(folder).length;
          await rm(folder, { recursive: true, force: true });
          continue;
        }
        for (const name of readdirSync(folder)) {
          // Leftover temporary files of a write that was cut short go too.
          if (VARIANT.test(name) && keepVariant(name)) continue;
          await rm(path.join(folder, name), { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}

function aad(sha256: string, variant: string): Buffer {
  return Buffer.concat([HEADER, Buffer.from(sha256, 'hex'), Buffer.from(variant, 'ascii')]);
}

function seal(fileKey: KeyObject, sha256: string, variant: string, preview: StoredPreview): Buffer {
  const { data, ...meta } = preview;
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fileKey, nonce).setAAD(aad(sha256, variant));
  const body = Buffer.concat([cipher.update(length), cipher.update(json), cipher.update(data), cipher.final()]);
  return Buffer.concat([HEADER, nonce, body, cipher.getAuthTag()]);
}

/** The preview, or undefined when the file is damaged, altered, foreign or from another key. */
function open(fileKey: KeyObject, sha256: string, variant: string, sealed: Buffer): StoredPreview | undefined {
  if (sealed.length < HEADER.length + NONCE_BYTES + TAG_BYTES + 4) return undefined;
  if (!sealed.subarray(0, HEADER.length).equals(HEADER)) return undefined;
  const nonce = sealed.subarray(HEADER.length, HEADER.length + NONCE_BYTES);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey, nonce, { authTagLength: TAG_BYTES })
      .setAAD(aad(sha256, variant))
      .setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(sealed.subarray(HEADER.length + NONCE_BYTES, -TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
  const length = plain.readUInt32BE(0);
  if (4 + length > plain.length) return undefined;
  let meta: z.output<typeof MetaSchema>;
  try {
    meta = MetaSchema.parse(JSON.parse(plain.subarray(4, 4 + length).toString('utf8')));
  } catch {
    return undefined;
  }
  return { ...meta, data: plain.subarray(4 + length) };
}
