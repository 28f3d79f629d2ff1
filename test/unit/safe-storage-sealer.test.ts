import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeStorageSealer, type SafeStorageLike } from '../../electron/main/safe-storage-sealer.ts';
import { SealerError } from '../../electron/services/security/sealer.ts';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/**
 * Behaves like Electron's safeStorage: basic_text counts as unavailable until plain-text
 * encryption is accepted, and a ciphertext only decrypts with the keyring secret that made it.
 */
function fakeSafeStorage(options: { backend?: Backend; available?: boolean; secret?: string } = {}): SafeStorageLike {
  const { backend = 'gnome_libsecret', available = true, secret = 'keyring-1' } = options;
  let plainTextAccepted = false;
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((byte, i) => byte ^ secret.charCodeAt(i % secret.length)));
  return {
    getSelectedStorageBackend: () => backend,
    setUsePlainTextEncryption: (use) => {
      plainTextAccepted = use;
    },
    isEncryptionAvailable: () => (backend === 'basic_text' ? plainTextAccepted : available),
    encryptString: (text) => Buffer.concat([Buffer.from(`${secret}:`), mask(Buffer.from(text))]),
    decryptString(encrypted) {
      if (!encrypted.subarray(0, secret.length + 1).equals(Buffer.from(`${secret}:`))) {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
      return mask(encrypted.subarray(secret.length + 1)).toString();
    },
  };
}

function expectSealerError(run: () => unknown, code: SealerError['code']): SealerError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SealerError);
    expect((error as SealerError).code).toBe(code);
    return error as SealerError;
  }
  throw new Error(`expected ${code}`);
}

describe('safeStorage sealer', () => {
  it('round-trips a key through the OS keystore without storing it in clear', () => {
    const sealer = safeStorageSealer(fakeSafeStorage(), 'linux', false);
    expect(sealer).toMatchObject({ kind: 'safeStorage', osProtected: true });
    const key = randomBytes(32);
    const sealed = sealer.seal(key);
    expect(sealed.includes(key)).toBe(false);
    expect(sealed.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(sealer.unseal(sealed).equals(key)).toBe(true);
  });

  it('does not ask for a Linux backend on Windows and macOS', () => {
    for (const platform of ['win32', 'darwin']) {
      const safeStorage: SafeStorageLike = {
        ...fakeSafeStorage(),
        getSelectedStorageBackend: () => {
          throw new Error('getSelectedStorageBackend is Linux only');
        },
      };
      const sealer = safeStorageSealer(safeStorage, platform, false);
      const key = randomBytes(32);
      expect(sealer.unseal(sealer.seal(key)).equals(key)).toBe(true);
    }
  });

  it('refuses the basic_text backend unless it is allowed, and then says the key is not OS-protected', () => {
    const error = expectSealerError(
      () => safeStorageSealer(fakeSafeStorage({ backend: 'basic_text' }), 'linux', false),
      'SEALER_PLAINTEXT_BACKEND',
    );
    expect(error.message).toContain('--password-store=gnome-libsecret');

    const sealer = safeStorageSealer(fakeSafeStorage({ backend: 'basic_text' }), 'linux', true);
    expect(sealer.osProtected).toBe(false);
    const key = randomBytes(32);
    expect(sealer.unseal(sealer.seal(key)).equals(key)).toBe(true);
  });

  it('refuses to run when encryption is unavailable', () => {
    expectSealerError(
      () => safeStorageSealer(fakeSafeStorage({ available: false }), 'win32', false),
      'SEALER_UNAVAILABLE',
    );
    const early = expectSealerError(
      () => safeStorageSealer(fakeSafeStorage({ backend: 'unknown', available: false }), 'linux', false),
      'SEALER_UNAVAILABLE',
    );
    expect(early.message).toContain('app.whenReady()');
  });

  it('detects a change of keyring backend and names the switch that brings the old one back', () => {
    const sealed = safeStorageSealer(fakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux', false).seal(
      randomBytes(32),
    );
    const kde = safeStorageSealer(fakeSafeStorage({ backend: 'kwallet5', secret: 'wallet' }), 'linux', false);
    const error = expectSealerError(() => kde.unseal(sealed), 'SEALER_BACKEND_CHANGED');
    expect(error.message).toContain('"gnome_libsecret"');
    expect(error.message).toContain('--password-store=gnome-libsecret');
  });

  it('detects a profile sealed on another operating system', () => {
    const sealed = safeStorageSealer(fakeSafeStorage(), 'win32', false).seal(randomBytes(32));
    const error = expectSealerError(
      () => safeStorageSealer(fakeSafeStorage(), 'linux', false).unseal(sealed),
      'SEALER_BACKEND_CHANGED',
    );
    expect(error.message).toContain('"win32"');
  });

  it('reports a keyring that can no longer decrypt, and bytes that are not a sealed key', () => {
    const sealed = safeStorageSealer(fakeSafeStorage({ secret: 'before-reset' }), 'linux', false).seal(randomBytes(32));
    const reset = safeStorageSealer(fakeSafeStorage({ secret: 'after-reset' }), 'linux', false);
    const error = expectSealerError(() => reset.unseal(sealed), 'SEALER_UNSEAL_FAILED');
    expect(error.cause).toBeInstanceOf(Error);

    for (const garbage of [Buffer.alloc(0), Buffer.from('not sealed at all'), sealed.subarray(0, 8)]) {
      expectSealerError(() => reset.unseal(garbage), 'SEALER_UNSEAL_FAILED');
    }
  });
});
