import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { fillForm } from '../../server/demo/form-filler.ts';
import { ANNA } from '../support/icao-specimen.ts';
import { tempDir } from '../support/temp-dir.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir('checks-cli');
afterAll(() => dir.remove());

/** The CLI as a user runs it: its own process, output parsed from stdout. */
async function run(...args: string[]): Promise<{ code: number; json: Record<string, unknown> | null; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/checks.ts', ...args], {
      cwd: root,
      timeout: 60_000,
    });
    return { code: 0, json: JSON.parse(stdout) as Record<string, unknown>, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, json: null, stderr: failed.stderr };
  }
}

describe('npm run checks', () => {
  it('reads the MRZ of an ID image and prints it with the check results', async () => {
    const document = await renderIdDocument({ ...ANNA, expiryDate: '2034-04-15' }, { layout: 'TD3', seed: 3 });
    const file = path.join(dir.dir, 'passport.png');
    writeFileSync(file, document.bytes);
    const { code, json } = await run('mrz', file);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      mimeType: 'image/png',
      result: { ok: true, lines: document.mrz, mrz: { valid: true, expired: false, fields: { surname: 'ERIKSSON' } } },
    });
  });

  it('parses a typed MRZ and reports a wrong check digit', async () => {
    const { json } = await run(
      'mrz-text',
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< L898902C37UTO7408122F1204159ZE184226B<<<<<10',
    );
    expect(json).toMatchObject({ result: { ok: true, valid: false, checkDigits: { documentNumber: false } } });
  });

  it('reads the fields of a filled form', async () => {
    const form = await fillForm({ cognome: 'Eriksson', nome: 'Anna Maria', data_firma: '2025-03-01' });
    const file = path.join(dir.dir, 'form.pdf');
    writeFileSync(file, form);
    const { code, json } = await run('pdf-fields', file);
    expect(code).toBe(0);
    expect(json).toMatchObject({ result: { status: 'READ', values: { 'applicant.surname': 'Eriksson' } } });
  });

  it('answers garbage with a coded problem, and bad usage with exit status 2', async () => {
    const file = path.join(dir.dir, 'noise.bin');
    writeFileSync(file, Buffer.from('not an image at all'));
    expect((await run('mrz', file)).json).toMatchObject({
      result: { ok: false, problem: { code: 'UNSUPPORTED_TYPE' } },
    });
    expect((await run('pdf-fields', file)).json).toMatchObject({ result: { status: 'UNREADABLE' } });
    expect(await run('mrz')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
    expect(await run('mrz', path.join(dir.dir, 'missing.png'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ENOENT'),
    });
  });
});
