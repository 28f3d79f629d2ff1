/**
 * `npm run checks -- <command> <input>`: the checks engine on any file, printing JSON.
 *   mrz <image-or-pdf>      read the MRZ of an ID document (PNG, JPEG, or the first page of a PDF)
 *   mrz-text "<lines>"      parse and validate a typed MRZ (lines separated by newlines or spaces)
 *   pdf-fields <pdf>        read the filled Accreditamento Utente Estero form
 * Exit status: 0 when the engine answered (its answer may be a coded problem), 2 for bad usage
 * or a file that cannot be opened.
 */
import { readFileSync } from 'node:fs';
import { parseMrz } from '../electron/services/documents/mrz/parse-mrz.ts';
import { createMrzReader } from '../electron/services/documents/ocr/read-mrz-file.ts';
import { readPdfForm } from '../electron/services/documents/pdf/read-pdf-form.ts';

const USAGE = `usage: npm run checks -- mrz <image-or-pdf> | mrz-text "<MRZ lines>" | pdf-fields <pdf>\n`;

/** What the bytes are, by their signature: the file name may lie. */
function sniff(bytes: Uint8Array): string {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return 'application/octet-stream';
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    process.exit(2);
  }
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

const [command, input, ...rest] = process.argv.slice(2);
if (!command || !input || rest.length > 0) {
  process.stderr.write(USAGE);
  process.exit(2);
}

switch (command) {
  case 'mrz': {
    const bytes = readInput(input);
    const mimeType = sniff(bytes);
    const reader = createMrzReader();
    try {
      print({ file: input, mimeType, result: await reader.read(bytes, mimeType) });
    } finally {
      await reader.dispose();
    }
    break;
  }
  case 'mrz-text':
    print({ text: input, result: parseMrz(input) });
    break;
  case 'pdf-fields': {
    const bytes = readInput(input);
    print({ file: input, result: await readPdfForm(bytes) });
    break;
  }
  default:
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    process.exit(2);
}
