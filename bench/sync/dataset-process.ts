import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Ticket } from '../../common/api/schemas.ts';
import { readFeed } from './dataset.ts';

export interface RemoteSyncDataset {
  url: string;
  token: string;
  /** Every ticket exactly as `/feed` returned it. */
  documents: Ticket[];
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./serve-dataset.ts', import.meta.url));

/**
 * The dataset's API in a process of its own, as the central API runs on its own machine: the
 * server's work does not share the thread of the peer being measured, for any of the peers.
 */
export async function startSyncDatasetProcess(dir: string, tickets: number): Promise<RemoteSyncDataset> {
  const child = spawn(process.execPath, [entry, dir, String(tickets)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end();
    });
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`dataset server exited with ${code}:\n${errors.join('')}`)));
      createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    });
    const documents = await readFeed(url, token);
    if (documents.length !== tickets) throw new Error(`the feed has ${documents.length} tickets, not ${tickets}`);
    return { url, token, documents, close };
  } catch (error) {
    await close();
    throw error;
  }
}
