/**
 * pcscd for tests, benchmarks and the demo: the real daemon with the vsmartcard-vpcd driver,
 * started when it is not running, with errors that say which Debian package is missing.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { listReaders } from '../../electron/services/card/pcsc/list-readers.ts';
import { CardError } from '../../electron/services/card/transport.ts';

const RUN_DIR = '/run/pcscd';
const SOCKET = path.join(RUN_DIR, 'pcscd.comm');
const PID_FILE = path.join(RUN_DIR, 'pcscd.pid');
const VPCD_CONFIG = '/etc/reader.conf.d/vpcd';

/** The readers /etc/reader.conf.d/vpcd declares, on TCP ports 35963 and 35964. */
export const VPCD_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;

/** Something this machine lacks; the message names the Debian package or the command to run. */
export class PcscdSetupError extends Error {
  override name = 'PcscdSetupError';
}

export interface PcscdStatus {
  /** True when this call started the daemon (it keeps running after this process ends). */
  startedHere: boolean;
  pid?: number;
  log?: string;
}

const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

function findPcscd(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN];
  const found = dirs.map((dir) => path.join(dir, 'pcscd')).find((candidate) => existsSync(candidate));
  if (!found) {
    throw new PcscdSetupError('pcscd is not installed: install the Debian package "pcscd" (apt-get install pcscd)');
  }
  return found;
}

function checkVpcdDriver(): void {
  const missing = new PcscdSetupError(
    'The vsmartcard-vpcd driver is not installed: install the Debian package "vsmartcard-vpcd" ' +
      '(apt-get install vsmartcard-vpcd), then restart pcscd',
  );
  if (!existsSync(VPCD_CONFIG)) throw missing;
  const library = /^\s*LIBPATH\s+(\S+)/m.exec(readFileSync(VPCD_CONFIG, 'utf8'))?.[1];
  if (!library || !existsSync(library)) throw missing;
}

/** Whether a daemon accepts connections on the socket: a stale socket file refuses them. */
function socketAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(SOCKET);
    const done = (answers: boolean) => {
      probe.destroy();
      resolve(answers);
    };
    probe.setTimeout(1_000, () => done(false));
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
  });
}

async function vpcdReadersListed(): Promise<boolean> {
  try {
    const names = (await listReaders()).map((reader) => reader.name);
    return VPCD_READERS.every((name) => names.includes(name));
  } catch (error) {
    if (error instanceof CardError && error.code === 'NO_SERVICE' && /binding did not load/.test(error.message)) {
      throw new PcscdSetupError(`${error.message}; install the Debian packages "libpcsclite1" and "libpcsclite-dev"`);
    }
    if (error instanceof CardError && error.code === 'NO_SERVICE') return false;
    throw error;
  }
}

async function waitForReaders(deadline: number, gone: () => string | undefined): Promise<boolean> {
  for (;;) {
    if (await vpcdReadersListed()) return true;
    const reason = gone();
    if (reason) throw new PcscdSetupError(reason);
    if (Date.now() >= deadline) return false;
    await delay(50);
  }
}

const logTail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
};

/**
 * Makes sure pcscd runs with the two vpcd readers: starts `pcscd -f` in the background when no
 * daemon answers, after removing the socket and pid file a killed daemon leaves behind (they make
 * a new one refuse to start). Throws PcscdSetupError naming what to install or do.
 */
export async function ensurePcscd(options: { timeoutMs?: number; logFile?: string } = {}): Promise<PcscdStatus> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const executable = findPcscd();
  checkVpcdDriver();
  if (await socketAnswers()) {
    if (await waitForReaders(Date.now() + timeoutMs, () => undefined)) return { startedHere: false };
    throw new PcscdSetupError(
      `pcscd is running without the readers ${VPCD_READERS.join(', ')}: it reads ${VPCD_CONFIG} only at start, ` +
        'so restart it (systemctl restart pcscd, or kill it and run pcscd -f)',
    );
  }

  try {
    rmSync(SOCKET, { force: true });
    rmSync(PID_FILE, { force: true });
    mkdirSync(RUN_DIR, { recursive: true });
  } catch (error) {
    throw new PcscdSetupError(
      `Cannot prepare ${RUN_DIR} to start pcscd (${(error as Error).message}): start pcscd as root (systemctl start pcscd)`,
    );
  }
  const log = options.logFile ?? path.join(os.tmpdir(), 'accredita-pcscd.log');
  const output = openSync(log, 'a');
  const child = spawn(executable, ['-f'], { detached: true, stdio: ['ignore', output, output] });
  closeSync(output);
  child.unref();
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = `pcscd exited at start (${signal ?? `code ${code}`}); its log ${log} ends with:\n${logTail(log)}`;
  });
  child.once('error', (error) => {
    exit = `pcscd could not be started: ${error.message}`;
  });
  if (await waitForReaders(Date.now() + timeoutMs, () => exit)) return { startedHere: true, pid: child.pid, log };
  throw new PcscdSetupError(`pcscd started but did not list the vpcd readers within ${timeoutMs} ms; see ${log}`);
}

/** Stops the running pcscd (the one its pid file names) and waits until its socket stops answering. */
export async function stopPcscd(options: { signal?: NodeJS.Signals; timeoutMs?: number } = {}): Promise<void> {
  const pid = Number.parseInt(existsSync(PID_FILE) ? readFileSync(PID_FILE, 'utf8') : '', 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    if (await socketAnswers()) throw new PcscdSetupError(`pcscd answers but ${PID_FILE} does not name it`);
    return;
  }
  const signal = options.signal ?? 'SIGTERM';
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  while (await socketAnswers()) {
    if (Date.now() >= deadline) throw new PcscdSetupError(`pcscd (pid ${pid}) is still answering after ${signal}`);
    await delay(20);
  }
}

const LOCK_DIR = path.join(os.tmpdir(), 'accredita-pcscd.lock');
const OWNER_FILE = path.join(LOCK_DIR, 'owner');

/** A process that is gone or a zombie (this machine's PID 1 does not reap orphans) holds nothing. */
function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function lockIsStale(): boolean {
  const owner = Number.parseInt(existsSync(OWNER_FILE) ? readFileSync(OWNER_FILE, 'utf8') : '', 10);
  if (Number.isInteger(owner)) return !processAlive(owner);
  // Created but not yet signed: give its creator a moment.
  return Date.now() - (statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 5_000;
}

/**
 * Holds pcscd and the two vpcd readers for one test file or benchmark. Test files run in parallel;
 * two virtual cards cannot share a vpcd port, and a test that stops pcscd must not pull it from
 * under another. Every user of the vpcd readers in tests takes this lock.
 */
export async function lockPcscd(options: { timeoutMs?: number } = {}): Promise<{ release(): void }> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(OWNER_FILE, String(process.pid));
      return { release: () => rmSync(LOCK_DIR, { recursive: true, force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale()) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new PcscdSetupError(`The vpcd readers stayed locked by another process (${OWNER_FILE}) for too long`);
    }
    await delay(100);
  }
}
