/**
 * A sealer protects a small secret (the cache key) at rest. The desktop app seals with the
 * operating system's keystore (`safeStorageSealer` in electron/main); the web host, which has no
 * access to it, uses `keyFileSealer`.
 */
export interface Sealer {
  /** Names the key file (`cache-key.<kind>`), so a key sealed one way is never read the other way. */
  kind: 'safeStorage' | 'keyfile';
  /** False when the secret is stored without OS protection: the file's permissions are all there is. */
  osProtected: boolean;
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

export type SealerKind = Sealer['kind'];
export const SEALER_KINDS: readonly SealerKind[] = ['safeStorage', 'keyfile'];

export type SealerErrorCode =
  'SEALER_UNAVAILABLE' | 'SEALER_PLAINTEXT_BACKEND' | 'SEALER_BACKEND_CHANGED' | 'SEALER_UNSEAL_FAILED';

export class SealerError extends Error {
  override name = 'SealerError';
  readonly code: SealerErrorCode;

  constructor(code: SealerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The weaker mode: the secret is stored as it is, and the protection is the key file's mode
 * (0600, in the 0700 profile), i.e. any process of the same OS user, or anyone with the disk,
 * can read it. Used by the web host, which cannot reach the OS keystore.
 */
export function keyFileSealer(): Sealer {
  return {
    kind: 'keyfile',
    osProtected: false,
    seal: (plain) => Buffer.from(plain),
    unseal: (sealed) => Buffer.from(sealed),
  };
}
