import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { SEALER_KINDS, type Sealer } from './sealer.ts';

/** AES-256 for the attachments, and the raw key SQLCipher takes for the cache database. */
export const CACHE_KEY_BYTES = 32;

export type CacheKeyErrorCode = 'CACHE_KEY_OTHER_SEALER' | 'CACHE_KEY_UNSEAL_FAILED' | 'CACHE_KEY_CORRUPT';

export class CacheKeyError extends Error {
  override name = 'CacheKeyError';
  readonly code: CacheKeyErrorCode;
  /** The key file concerned; it is left exactly as it was found. */
  readonly file: string;

  constructor(code: CacheKeyErrorCode, file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.file = file;
  }
}

/**
 * The key that encrypts the console's cache (database and attachments), stored sealed in
 * `<profile>/cache-key.<kind>`. Created on first use. An existing key that cannot be read is an
 * error, never a reason to make a new one: a new key would make the existing cache unreadable,
 * and with it the decisions still waiting in the outbox.
 */
export function loadOrCreateCacheKey(profileDir: string, sealer: Sealer): Buffer {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const file = keyFile(profileDir, sealer.kind);

  for (const other of SEALER_KINDS.filter((kind) => kind !== sealer.kind)) {
    const otherFile = keyFile(profileDir, other);
    if (existsSync(otherFile)) {
      throw new CacheKeyError(
        'CACHE_KEY_OTHER_SEALER',
        otherFile,
        `The cache in ${profileDir} is locked with a key sealed by ${other}, which this host (${sealer.kind}) cannot open. ` +
          `Open this profile with the host that created it, or start this one with another profile directory (--profile).`,
      );
    }
  }

  const existing = readKey(file, sealer);
  if (existing) return existing;

  const key = randomBytes(CACHE_KEY_BYTES);
  if (createExclusively(file, sealer.seal(key))) return key;
  // Another process created the key between our read and our write: its key is the one in use.
  return readKey(file, sealer) ?? raceLost(file);
}

function keyFile(profileDir: string, kind: Sealer['kind']): string {
  return path.join(profileDir, `cache-key.${kind}`);
}

function readKey(file: string, sealer: Sealer): Buffer | undefined {
  let sealed: Buffer;
  try {
    sealed = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let key: Buffer;
  try {
    key = sealer.unseal(sealed);
  } catch (error) {
    throw new CacheKeyError(
      'CACHE_KEY_UNSEAL_FAILED',
      file,
      `The cache key in ${file} cannot be unsealed. ${(error as Error).message} ` +
        `The file was left untouched; if the key is lost for good, see docs/encryption-at-rest.md.`,
      { cause: error },
    );
  }
  if (key.length !== CACHE_KEY_BYTES) {
    throw new CacheKeyError(
      'CACHE_KEY_CORRUPT',
      file,
      `The cache key in ${file} is ${key.length} bytes instead of ${CACHE_KEY_BYTES}; the file is damaged. ` +
        `It was left untouched; if the key is lost for good, see docs/encryption-at-rest.md.`,
    );
  }
  return key;
}

/**
 * Writes the sealed key to a flushed temporary file and hard-links it into place. Unlike a
 * rename, a link never replaces an existing file, so two processes starting on a fresh profile
 * cannot overwrite each other's key. Returns false if the file already exists.
 */
function createExclusively(file: string, content: Buffer): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    flush(temp);
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  // The new directory entry must survive a crash too: the cache is encrypted with this key from now on.
  if (process.platform !== 'win32') flush(path.dirname(file));
  return true;
}

function flush(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function raceLost(file: string): never {
  throw new Error(`${file} existed a moment ago and is now gone; another process is changing the profile.`);
}
