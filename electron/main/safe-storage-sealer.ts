import type { SafeStorage } from 'electron';
import { SealerError, type Sealer } from '../services/security/sealer.ts';

/** The part of Electron's `safeStorage` the sealer uses; tests pass a fake. */
export type SafeStorageLike = Pick<
  SafeStorage,
  | 'isEncryptionAvailable'
  | 'encryptString'
  | 'decryptString'
  | 'getSelectedStorageBackend'
  | 'setUsePlainTextEncryption'
>;

/**
 * Sealed layout: "ACSS", a version byte, the backend's name (length-prefixed ASCII), then
 * safeStorage's ciphertext. The backend is recorded because on Linux a different keyring (another
 * desktop session, a `--password-store` switch) decrypts to garbage or fails obscurely; comparing
 * names first turns that into an error that says what changed.
 */
const MAGIC = Buffer.from('ACSS', 'ascii');
const VERSION = 1;

/** Chromium's `--password-store` value for each Linux backend, to tell the operator how to get the old one back. */
const PASSWORD_STORE_SWITCH: Readonly<Record<string, string>> = {
  basic_text: 'basic',
  gnome_libsecret: 'gnome-libsecret',
  kwallet: 'kwallet',
  kwallet5: 'kwallet5',
  kwallet6: 'kwallet6',
};

/**
 * Seals with the OS keystore through Electron's safeStorage: Keychain on macOS, DPAPI on
 * Windows, libsecret or KWallet on Linux. As Signal Desktop does, it refuses to run when
 * encryption is unavailable and, on Linux, refuses the `basic_text` backend (a hard-coded
 * password, i.e. no protection) unless the operator allowed it explicitly; then the sealer says
 * it is not OS-protected. Call it after the app is ready: before, Linux has no backend yet.
 */
export function safeStorageSealer(
  safeStorage: SafeStorageLike,
  platform: string,
  allowPlaintextBackend: boolean,
): Sealer {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform;
  if (backend === 'basic_text') {
    if (!allowPlaintextBackend) {
      throw new SealerError(
        'SEALER_PLAINTEXT_BACKEND',
        'No OS keyring is available (safeStorage backend "basic_text"), so the cache key would be stored with a ' +
          'publicly known password. Install and unlock GNOME Keyring or KWallet, or start Accredita with ' +
          '--password-store=gnome-libsecret (or kwallet5/kwallet6); allow the plaintext backend only knowingly ' +
          '(see docs/encryption-at-rest.md).',
      );
    }
    // Electron reports basic_text as unavailable until plain-text encryption is accepted explicitly.
    safeStorage.setUsePlainTextEncryption(true);
  }
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SealerError(
      'SEALER_UNAVAILABLE',
      backend === 'unknown'
        ? 'safeStorage was used before the app was ready; create the sealer after app.whenReady().'
        : `The OS keystore (${backend}) refuses to encrypt; unlock it (log in to the desktop session) and restart Accredita.`,
    );
  }

  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, backend.length]), Buffer.from(backend, 'ascii')]);

  return {
    kind: 'safeStorage',
    osProtected: backend !== 'basic_text',
    seal: (plain) => Buffer.concat([header, safeStorage.encryptString(plain.toString('base64'))]),
    unseal(sealed) {
      const { sealedWith, ciphertext } = parse(sealed);
      if (sealedWith !== backend) throw backendChanged(sealedWith, backend);
      let text: string;
      try {
        text = safeStorage.decryptString(ciphertext);
      } catch (error) {
        throw new SealerError(
          'SEALER_UNSEAL_FAILED',
          `The OS keystore (${backend}) cannot decrypt the secret: the keyring was reset, or the profile comes ` +
            'from another user or computer.',
          { cause: error },
        );
      }
      const plain = Buffer.from(text, 'base64');
      if (plain.toString('base64') !== text) {
        throw new SealerError(
          'SEALER_UNSEAL_FAILED',
          `The OS keystore (${backend}) decrypted the secret to something else.`,
        );
      }
      return plain;
    },
  };
}

function parse(sealed: Buffer): { sealedWith: string; ciphertext: Buffer } {
  const nameStart = MAGIC.length + 2;
  const nameEnd = nameStart + (sealed[MAGIC.length + 1] ?? 0);
  if (sealed.length <= nameEnd || !sealed.subarray(0, MAGIC.length).equals(MAGIC) || sealed[MAGIC.length] !== VERSION) {
    throw new SealerError('SEALER_UNSEAL_FAILED', 'The secret is not in the format this version of Accredita seals.');
  }
  return { sealedWith: sealed.toString('ascii', nameStart, nameEnd), ciphertext: sealed.subarray(nameEnd) };
}

function backendChanged(sealedWith: string, current: string): SealerError {
  const store = PASSWORD_STORE_SWITCH[sealedWith];
  const remedy =
    store && current in PASSWORD_STORE_SWITCH
      ? `Start Accredita with --password-store=${store} to use the keyring that holds it.`
      : 'A profile cannot be moved between operating systems; use a new profile here.';
  return new SealerError(
    'SEALER_BACKEND_CHANGED',
    `The secret was sealed by the "${sealedWith}" keystore, but this session uses "${current}". ${remedy}`,
  );
}
