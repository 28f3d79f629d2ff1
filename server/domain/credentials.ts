import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
// No look-alike characters: the applicant types this from an e-mail.
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function temporaryPassword(length = 16): string {
  return Array.from({ length }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;

/**
 * scrypt, a deliberately slow hash, computed on libuv's thread pool so the server keeps answering;
 * the parameters travel with the hash so they can be raised later.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface NewCredentials {
  password: string;
  hash: string;
}

/** A temporary password and its hash, prepared before the transaction that may use them. */
export async function newCredentials(): Promise<NewCredentials> {
  const password = temporaryPassword();
  return { password, hash: await hashPassword(password) };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** `ue.` + ASCII surname initial and given-name slug + ticket number: unique per ticket, readable on the phone. */
export function usernameFor(cognome: string, nome: string, ticketId: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase()
      .slice(0, 12) || 'x';
  return `ue.${slug(nome)}.${slug(cognome)}.${ticketId.replace(/\D/g, '').slice(-6)}`;
}
