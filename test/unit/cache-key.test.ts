import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheKeyError, loadOrCreateCacheKey } from '../../electron/services/security/cache-key.ts';
import { keyFileSealer, type Sealer } from '../../electron/services/security/sealer.ts';
import { tempDir } from '../support/temp-dir.ts';

let profile: { dir: string; remove(): void };
beforeEach(() => {
  profile = tempDir('cache-key');
});
afterEach(() => profile.remove());

/** Stands in for the OS keystore: reversible, but the stored bytes are not the key. */
function xorSealer(mask = 0x5a): Sealer {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ mask));
  return { kind: 'safeStorage', osProtected: true, seal: xor, unseal: xor };
}

function expectCacheKeyError(run: () => unknown, code: CacheKeyError['code']): CacheKeyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CacheKeyError);
    expect((error as CacheKeyError).code).toBe(code);
    return error as CacheKeyError;
  }
  throw new Error(`expected ${code}`);
}

describe('cache key', () => {
  it('creates 32 random bytes once and returns the same key on the next start', () => {
    const dir = path.join(profile.dir, 'profile');
    const key = loadOrCreateCacheKey(dir, keyFileSealer());
    expect(key).toHaveLength(32);
    expect(loadOrCreateCacheKey(dir, keyFileSealer()).equals(key)).toBe(true);
    expect(readdirSync(dir)).toEqual(['cache-key.keyfile']);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dir, 'cache-key.keyfile')).mode & 0o777).toBe(0o600);
    }
  });

  it('stores the key sealed, in a file named after the sealer', () => {
    const key = loadOrCreateCacheKey(profile.dir, xorSealer());
    const stored = readFileSync(path.join(profile.dir, 'cache-key.safeStorage'));
    expect(stored.equals(key)).toBe(false);
    expect(loadOrCreateCacheKey(profile.dir, xorSealer()).equals(key)).toBe(true);
  });

  it('refuses a profile whose key another kind of sealer made, creating nothing', () => {
    loadOrCreateCacheKey(profile.dir, xorSealer());
    const error = expectCacheKeyError(
      () => loadOrCreateCacheKey(profile.dir, keyFileSealer()),
      'CACHE_KEY_OTHER_SEALER',
    );
    expect(error.message).toContain('--profile');
    expect(readdirSync(profile.dir)).toEqual(['cache-key.safeStorage']);
  });

  it('reports an unseal failure and leaves the key file as it was', () => {
    loadOrCreateCacheKey(profile.dir, xorSealer());
    const file = path.join(profile.dir, 'cache-key.safeStorage');
    const before = readFileSync(file);
    const failing: Sealer = {
      ...xorSealer(),
      unseal: () => {
        throw new Error('The keyring is locked.');
      },
    };
    const error = expectCacheKeyError(() => loadOrCreateCacheKey(profile.dir, failing), 'CACHE_KEY_UNSEAL_FAILED');
    expect(error.message).toContain('The keyring is locked.');
    expect(error.file).toBe(file);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a key of the wrong length instead of replacing it', () => {
    const file = path.join(profile.dir, 'cache-key.keyfile');
    for (const content of [Buffer.alloc(0), Buffer.alloc(31, 1), Buffer.alloc(33, 1)]) {
      writeFileSync(file, content);
      expectCacheKeyError(() => loadOrCreateCacheKey(profile.dir, keyFileSealer()), 'CACHE_KEY_CORRUPT');
      expect(readFileSync(file).equals(content)).toBe(true);
    }
  });

  it('keeps the key of a process that created it first instead of overwriting it', () => {
    const file = path.join(profile.dir, 'cache-key.keyfile');
    const theirs = Buffer.alloc(32, 7);
    const racing: Sealer = {
      ...keyFileSealer(),
      seal(plain) {
        // Another process finishes creating the key while this one is sealing its own.
        if (!existsSync(file)) writeFileSync(file, theirs);
        return Buffer.from(plain);
      },
    };
    expect(loadOrCreateCacheKey(profile.dir, racing).equals(theirs)).toBe(true);
    expect(readFileSync(file).equals(theirs)).toBe(true);
    expect(readdirSync(profile.dir)).toEqual(['cache-key.keyfile']);
  });
});
