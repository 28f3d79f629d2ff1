import { createHash, verify, X509Certificate } from 'node:crypto';
import type { Logger } from '../../log/logger.ts';
import { CardError, type CardTransport } from '../transport.ts';
import { concat } from './bytes.ts';
import { FILE, readDerFile } from './files.ts';
import { authenticateServicesKey, readNis } from './nis.ts';
import { CieSecretSchema, unblockWithPuk, verifyPin } from './pin.ts';
import { parseRsaPublicKey } from './rsa.ts';
import { asCardOperation, openSecureChannel, readVerifiedSod, startSession, type CardSession } from './session.ts';
import { signWithAuthenticationKey } from './sign.ts';
import { checkSodHash, SOD_TAG, type VerifiedSod } from './sod.ts';
import type { CardTrust } from './trust.ts';

export { loadCardTrust, type CardTrust, type CardTrustFiles } from './trust.ts';
export { CieSecretSchema } from './pin.ts';

/**
 * The CIE operations the console needs (docs/cie-protocol.md §8, docs/cie-protocol-impl.md), over
 * any CardTransport. Every failure is a CardError; a removed or reset card surfaces as the
 * transport's error, and the next call starts again from SELECT, as the middleware does.
 */

export interface CardOptions {
  trust: CardTrust;
  /** Validity instant for the SOD chain; the clock by default. */
  now?: Date;
  logger?: Logger;
}

/** What identifies one physical card without its PIN (the pinless pair of §2.3). */
export interface CardIdentity {
  /** Twelve-digit NIS (EF.ID_Servizi). */
  nis: string;
  /** SHA-256 of EF 1005 (the internal-authentication public key, DER), lowercase hex. */
  ef1005Hash: string;
  /** Maker named by the ATR; undefined for an ATR no source lists. */
  maker: string | undefined;
}

export interface CieLoginProof extends CardIdentity {
  /** The holder's authentication certificate (EF 1003, DER). */
  certificate: Uint8Array;
  /** CA certificates (DER) from the trust configuration, for the server to build the chain. */
  chain: Uint8Array[];
  /** RSASSA-PKCS1-v1_5 SHA-256 over nonce ‖ context, made by key 0x81. */
  signature: Uint8Array;
}

export interface LoginRequest extends CardOptions {
  pin: string;
  nonce: string;
  context: string;
}

/** The bytes signed at login; the server's verifier (server/auth/cie-proof.ts) rebuilds the same. */
export const loginMessage = (nonce: string, context: string): Uint8Array =>
  concat(Buffer.from(nonce, 'utf8'), Buffer.from(context, 'utf8'));

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * NIS, EF 1005 and (unless `verifySod` is false) EF.SOD checked against the CSCAs, then a fresh
 * internal authenticate with key 0x83: the card holds the key it shows.
 */
async function identify(
  session: CardSession,
  options: CardOptions,
  verifySod: boolean,
): Promise<{ identity: CardIdentity; sod: VerifiedSod | undefined }> {
  const nis = await readNis(session.plain);
  const servicesKey = await readDerFile(session.plain, FILE.SERVICES_KEY);
  let sod: VerifiedSod | undefined;
  if (verifySod) {
    sod = await readVerifiedSod(session, options.trust, options.now ?? new Date());
    checkSodHash(sod, SOD_TAG.NIS, Buffer.from(nis, 'latin1'));
    checkSodHash(sod, SOD_TAG.SERVICES_KEY, servicesKey);
  }
  await authenticateServicesKey(session.plain, parseRsaPublicKey(servicesKey));
  return { identity: { nis, ef1005Hash: sha256Hex(servicesKey), maker: session.chip.maker }, sod };
}

/** Reads the card's identity without the PIN (for the same-card check at unlock). */
export async function readCardIdentity(
  transport: CardTransport,
  options: CardOptions & { verifySod?: boolean },
): Promise<CardIdentity> {
  return asCardOperation(async () => {
    const session = await startSession(transport, options.logger);
    return (await identify(session, options, options.verifySod ?? true)).identity;
  });
}

/** True when two reads came from the same card: same NIS and same EF 1005 key. */
export const isSameCard = (recorded: Pick<CardIdentity, 'nis' | 'ef1005Hash'>, current: CardIdentity): boolean =>
  recorded.nis === current.nis && recorded.ef1005Hash === current.ef1005Hash;

/**
 * The login flow (§3, §4): identity and SOD, DH + DAPP, VERIFY PIN, the authentication
 * certificate, and a signature over nonce ‖ context, checked here against the certificate before
 * it leaves (a card signing with another key is refused as CERTIFICATE).
 */
export async function loginProof(transport: CardTransport, request: LoginRequest): Promise<CieLoginProof> {
  if (!CieSecretSchema.safeParse(request.pin).success) throw new CardError('WRONG_PIN', 'The PIN must be 8 digits');
  return asCardOperation(async () => {
    const session = await startSession(transport, request.logger);
    const { identity, sod } = await identify(session, request, true);
    if (!sod) throw new CardError('SOD_INVALID', 'EF.SOD was not verified');
    const channel = await openSecureChannel(session, sod, request.trust);
    await verifyPin(channel, request.pin);
    const certificate = await readDerFile(channel, FILE.CERTIFICATE);
    checkSodHash(sod, SOD_TAG.CERTIFICATE, certificate);
    let parsed: X509Certificate;
    try {
      parsed = new X509Certificate(certificate);
    } catch {
      throw new CardError('CERTIFICATE', 'EF 1003 does not hold an X.509 certificate');
    }
    const message = loginMessage(request.nonce, request.context);
    const signature = await signWithAuthenticationKey(channel, message);
    if (!verify('sha256', message, parsed.publicKey, signature)) {
      throw new CardError('CERTIFICATE', "The card's signature does not match its certificate");
    }
    return { ...identity, certificate, chain: request.trust.authenticationChain, signature };
  });
}

export interface UnblockRequest extends CardOptions {
  puk: string;
  newPin: string;
}

/** Unblocks (and resets) the PIN with the PUK over an authenticated secure channel. */
export async function unblockPin(transport: CardTransport, request: UnblockRequest): Promise<void> {
  for (const [kind, value] of [
    ['PUK', request.puk],
    ['new PIN', request.newPin],
  ] as const) {
    if (!CieSecretSchema.safeParse(value).success) throw new CardError('WRONG_PIN', `The ${kind} must be 8 digits`);
  }
  return asCardOperation(async () => {
    const session = await startSession(transport, request.logger);
    const sod = await readVerifiedSod(session, request.trust, request.now ?? new Date());
    const channel = await openSecureChannel(session, sod, request.trust);
    await unblockWithPuk(channel, request.puk, request.newPin);
  });
}
