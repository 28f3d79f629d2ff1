import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentStoreOptions {
  dir: string;
  /** The 32-byte cache key; the store derives its own file key from it. */
  key: Buffer;
  /** Largest attachment accepted, in plaintext bytes. */
  maxFileBytes: number;
}

export interface AttachmentStore {
  /** Stores bytes under their SHA-256; does nothing if they are already stored. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The stored bytes, undefined if absent; a damaged file is deleted and reported, so the caller downloads it again. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  has(sha256: string): boolean;
  delete(sha256: string): Promise<void>;
  /** Every stored hash, sorted. */
  list(): string[];
  /** Bytes the stored files take on disk (ciphertext and headers included). */
  totalBytes(): number;
}

export class InvalidAttachmentHashError extends Error {
  override name = 'InvalidAttachmentHashError';
  readonly code = 'ATTACHMENT_INVALID_HASH';

  constructor(value: unknown) {
    super(`An attachment is named by its SHA-256 as 64 lowercase hex digits, not ${JSON.stringify(String(value))}.`);
  }
}

export class AttachmentTooLargeError extends Error {
  override name = 'AttachmentTooLargeError';
  readonly code = 'ATTACHMENT_TOO_LARGE';

  constructor(sha256: string, size: number, limit: number) {
    super(`Attachment ${sha256} is ${size} bytes; the console stores at most ${limit}.`);
  }
}

export class AttachmentIntegrityError extends Error {
  override name = 'AttachmentIntegrityError';
  readonly code = 'ATTACHMENT_INTEGRITY';
  readonly sha256: string;

  constructor(sha256: string, reason: string) {
    super(`Attachment ${sha256}: ${reason}`);
    this.sha256 = sha256;
  }
}

/**
 * File layout: "ACAT", a version byte, a 12-byte random nonce, the AES-256-GCM ciphertext, the
 * 16-byte tag. The header and the hash are authenticated (AAD), so a file renamed to another
 * hash, or edited anywhere, fails to open. Random nonces are safe well beyond any cache's file
 * count (the limit for one key is 2^32 messages).
 */
const MAGIC = Buffer.from('ACAT', 'ascii');
const VERSION = 1;
const HEADER = Buffer.concat([MAGIC, Buffer.from([VERSION])]);
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SHA256 = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;
const REST = /^[0-9a-f]{62}$/;

/**
 * Identity documents downloaded for the cache, encrypted and named by the SHA-256 of their
 * plaintext in `dir/<first 2 hex>/<other 62>`. Writes are atomic (flushed temporary file,
 * rename), files 0600 in 0700 folders.
 */
export function openAttachmentStore({ dir, key, maxFileBytes }: AttachmentStoreOptions): AttachmentStore {
  if (key.length !== 32) throw new RangeError(`The attachment key must be 32 bytes, not ${key.length}.`);
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new RangeError(`maxFileBytes must be a positive integer, not ${maxFileBytes}.`);
  }
  const fileKey = deriveFileKey(key);
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const fileOf = (sha256: string): string => {
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new InvalidAttachmentHashError(sha256);
    return path.join(dir, sha256.slice(0, 2), sha256.slice(2));
  };

  const stored = (): { sha256: string; file: string }[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((shard) => shard.isDirectory() && SHARD.test(shard.name))
      .flatMap((shard) =>
        readdirSync(path.join(dir, shard.name))
          .filter((rest) => REST.test(rest))
          .map((rest) => ({ sha256: shard.name + rest, file: path.join(dir, shard.name, rest) })),
      )
      .sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));

  return {
    async put(sha256, bytes) {
      const file = fileOf(sha256);
      if (bytes.byteLength > maxFileBytes) throw new AttachmentTooLargeError(sha256, bytes.byteLength, maxFileBytes);
      if (sha256Of(bytes) !== sha256) throw new AttachmentIntegrityError(sha256, 'the bytes do not have this hash.');
      if (existsSync(file)) return;
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeAtomically(file, encrypt(fileKey, sha256, bytes));
    },

    async get(sha256) {
      const file = fileOf(sha256);
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return decryptVerified(fileKey, sha256, sealed);
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
    },

    has: (sha256) => existsSync(fileOf(sha256)),

    async delete(sha256) {
      await rm(fileOf(sha256), { force: true });
    },

    list: () => stored().map(({ sha256 }) => sha256),

    // A file deleted between listing and stat counts as nothing rather than failing the sum.
    totalBytes: () =>
      stored().reduce((total, { file }) => total + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0),
  };
}

/** The cache key also opens the SQLCipher database; a derived key keeps the two uses apart. */
function deriveFileKey(key: Buffer): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'accredita/attachments/v1', 32)));
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function aad(sha256: string): Buffer {
  return Buffer.concat([HEADER, Buffer.from(sha256, 'hex')]);
}

function encrypt(fileKey: KeyObject, sha256: string, plain: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fileKey, nonce).setAAD(aad(sha256));
  return Buffer.concat([HEADER, nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, checked against its hash; anything else is an integrity error, and the caller deletes the file. */
function decryptVerified(fileKey: KeyObject, sha256: string, sealed: Buffer): Buffer {
  const damaged = (reason: string) =>
    new AttachmentIntegrityError(sha256, `${reason} The stored copy is deleted; download it again.`);
  if (sealed.length < HEADER.length + NONCE_BYTES + TAG_BYTES) throw damaged('the file is truncated.');
  if (!sealed.subarray(0, HEADER.length).equals(HEADER)) throw damaged('the file has an unknown header.');
  const nonce = sealed.subarray(HEADER.length, HEADER.length + NONCE_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', fileKey, nonce, { authTagLength: TAG_BYTES })
    .setAAD(aad(sha256))
    .setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  let plain: Buffer;
  try {
    plain = Buffer.concat([
      decipher.update(sealed.subarray(HEADER.length + NONCE_BYTES, -TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw damaged('the file fails authentication (damaged, altered, or encrypted with another key).');
  }
  if (sha256Of(plain) !== sha256) throw damaged('the decrypted bytes do not have this hash.');
  return plain;
}

/** Each writer has its own temporary file, so concurrent puts of one hash end with one whole file. */
async function writeAtomically(file: string, content: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    // Windows refuses to rename over a file another put has just placed (and may hold open): same content, done.
    if (existsSync(file)) return;
    throw error;
  }
}
