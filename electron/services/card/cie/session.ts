import { X509Certificate } from 'node:crypto';
import type { Logger } from '../../log/logger.ts';
import { CardError, type CardTransport } from '../transport.ts';
import { selectCieApplication } from './applications.ts';
import { classifyAtr, unknownChip, type CieChip } from './atr.ts';
import { hex } from './bytes.ts';
import { readCardCa, runDapp } from './dapp.ts';
import { exchangeDhKeys, readDhParameters } from './dh.ts';
import { FILE, readDerFile } from './files.ts';
import { createPlainChannel, type CardChannel } from './plain-channel.ts';
import { parseRsaPublicKey } from './rsa.ts';
import { createSecureChannel, type SecureChannel } from './secure-messaging.ts';
import { checkSodHash, SOD_TAG, verifySod, type VerifiedSod } from './sod.ts';
import type { CardTrust } from './trust.ts';

/** One pass over a card: the connection, the chip it announced, and the plain channel into the CIE DF. */
export interface CardSession {
  transport: CardTransport;
  chip: CieChip;
  plain: CardChannel;
}

/**
 * Recognises the chip from the ATR (an unknown ATR is logged and tried, not refused) and enters
 * the CIE application, which is what confirms a CIE.
 */
export async function startSession(transport: CardTransport, logger?: Logger): Promise<CardSession> {
  const known = classifyAtr(transport.atr);
  if (!known)
    logger?.warn('card ATR not in the CIE table; trying the generic CIE sequence', { atr: hex(transport.atr) });
  const chip = known ?? unknownChip(transport.atr);
  const plain = createPlainChannel(transport);
  await selectCieApplication(plain, chip);
  return { transport, chip, plain };
}

/** Reads EF.SOD and checks its signature and chain to the configured CSCAs. */
export async function readVerifiedSod(session: CardSession, trust: CardTrust, now: Date): Promise<VerifiedSod> {
  const cscas = trust.cscaCertificates.map((der) => new X509Certificate(der));
  return verifySod(await readDerFile(session.plain, FILE.SOD), cscas, now);
}

/**
 * DH, then DAPP (§3.1 steps 4–8). The chip key of EF 1004 is checked against the SOD first: chip
 * authentication only means something if the key is the one the State signed, and the PIN or
 * PUK is sent only to a chip that passed it.
 */
export async function openSecureChannel(
  session: CardSession,
  sod: VerifiedSod,
  trust: CardTrust,
): Promise<SecureChannel> {
  const parameters = await readDhParameters(session.plain, session.chip);
  const chipKeyDer = await readDerFile(session.plain, FILE.DAPP_KEY);
  checkSodHash(sod, SOD_TAG.DAPP_KEY, chipKeyDer);
  const ca = await readCardCa(session.plain);
  const dh = await exchangeDhKeys(session.plain, parameters);
  const channel = createSecureChannel(session.transport, dh.session);
  await runDapp(channel, dh, ca, parseRsaPublicKey(chipKeyDer), trust.dapp);
  return channel;
}

/**
 * Runs a card operation and reports every failure as a CardError: the card's bytes can break any
 * parser, and the caller needs one typed error to show and to reset its state on.
 */
export async function asCardOperation<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CardError) throw error;
    throw new CardError('PROTOCOL', `Unexpected card data: ${(error as Error).message}`);
  }
}
