/**
 * `readMrzFromFile`: the MRZ of an identity document from a PNG or JPEG image or the first page
 * of a scanned PDF, offline. The file is checked before any decoding (empty, too many bytes, not
 * an image, more pixels declared than allowed); the image worker decodes it, finds the zone and
 * cuts each line out upright; tesseract.js reads the lines; each reading is snapped to the
 * format's cells, corrected only where the MRZ proves a character wrong, and parsed.
 */
import { z } from 'zod';
import type { MrzFormat, MrzReadResult, MrzReadTimings } from '../../../../common/checks/mrz.ts';
import { CHECK_PROBLEM_CODES, type CheckProblemCode } from '../../../../common/checks/text.ts';
import { checkDimensions } from '../images/decode-image.ts';
import { ImageFileError } from '../images/image-file-error.ts';
import { jpegDimensions, pngDimensions, sniffKind, type FileKind } from '../images/sniff.ts';
import { MRZ_SHAPES } from '../mrz/mrz-layout.ts';
import { parseMrzLines } from '../mrz/parse-mrz.ts';
import { correctReading, type CellEvidence } from './correct-reading.ts';
import { SHAPE_ALPHABET } from './glyph-shapes.ts';
import { ImageWorkerClient, ImageWorkerFailure, ImageWorkerTimeout } from './image-worker-client.ts';
import type { PreparedStrip } from './prepare-strips.ts';
import { readProblem } from './read-problems.ts';
import { UNREAD, snapToCells } from './snap-cells.ts';
import { createTesseractEngine, type TesseractEngine } from './tesseract-engine.ts';

export interface MrzReaderOptions {
  /** Largest file accepted, bytes. */
  maxBytes?: number;
  /** Largest image accepted (from its header, before decoding), pixels. */
  maxPixels?: number;
  /** Per file, from the moment its turn comes. */
  timeoutMs?: number;
}

export interface ReadMrzOptions {
  /** Today, for expiry and date centuries; the clock by default. */
  now?: Date;
  timeoutMs?: number;
}

export interface MrzReader {
  read(bytes: Uint8Array, mimeType: string, options?: ReadMrzOptions): Promise<MrzReadResult>;
  /** Stops the warm workers; a later `read` starts new ones. */
  dispose(): Promise<void>;
}

export const MRZ_READ_DEFAULTS = {
  maxBytes: 10 * 2 ** 20,
  maxPixels: 40_000_000,
  timeoutMs: 20_000,
} as const;

const SUPPORTED_TYPES: Readonly<Record<string, FileKind>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'application/pdf': 'pdf',
};
/** More cells than this that neither tesseract nor the shape matcher could read, and the zone is not worth showing as a reading. */
const MAX_UNREAD_SHARE = 1 / 3;

const InputSchema = z.object({ bytes: z.instanceof(Uint8Array), mimeType: z.string() });

class ReadFailure extends Error {
  readonly code: CheckProblemCode;
  readonly detail: string;

  constructor(code: CheckProblemCode, detail = '') {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = detail;
  }
}

export function createMrzReader(readerOptions: MrzReaderOptions = {}): MrzReader {
  const settings = { ...MRZ_READ_DEFAULTS, ...readerOptions };
  const images = new ImageWorkerClient();
  let engine: Promise<TesseractEngine> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const stopEngine = async () => {
    const running = engine;
    engine = null;
    if (running) await running.then((e) => e.terminate()).catch(() => undefined);
  };

  async function readOne(bytes: Uint8Array, mimeType: string, options: ReadMrzOptions): Promise<MrzReadResult> {
    const started = performance.now();
    const timings: MrzReadTimings = { imageMs: 0, ocrMs: 0, totalMs: 0 };
    const finish = () => ({ ...timings, totalMs: Math.round(performance.now() - started) });
    try {
      const kind = screen(bytes, mimeType, settings);
      const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
      const deadline = Date.now() + timeoutMs;
      const imageStarted = performance.now();
      const prepared = await images.run({ bytes, kind, maxPixels: settings.maxPixels }, deadline).catch((error) => {
        if (error instanceof ImageWorkerTimeout) throw new ReadFailure('TIMEOUT', `${timeoutMs} ms`);
        if (error instanceof ImageWorkerFailure && isProblemCode(error.code))
          throw new ReadFailure(error.code, error.message);
        throw error;
      });
      timings.imageMs = Math.round(performance.now() - imageStarted);
      if (!prepared.found) throw new ReadFailure('MRZ_NOT_FOUND');

      const ocrStarted = performance.now();
      const cells = await recogniseLines(prepared.strips, prepared.format, deadline, timeoutMs);
      timings.ocrMs = Math.round(performance.now() - ocrStarted);

      const all = cells.flat();
      const unread = all.filter((c) => c.char === UNREAD && !c.shapes).length;
      if (unread > all.length * MAX_UNREAD_SHARE) throw new ReadFailure('OCR_FAILED', `${unread}/${all.length}`);
      const { lines, corrections } = correctReading(prepared.format, cells);
      const mrz = parseMrzLines(prepared.format, lines, { now: options.now });
      if (!mrz.ok) return { ok: false, problem: mrz.problem, timings: finish() };
      return {
        ok: true,
        rawLines: cells.map((line) => line.map((c) => c.char).join('')),
        lines,
        corrections,
        mrz,
        confidence: Math.round((all.reduce((sum, c) => sum + c.confidence, 0) / all.length) * 10) / 1000,
        source: { kind, width: prepared.width, height: prepared.height },
        timings: finish(),
      };
    } catch (error) {
      if (error instanceof ReadFailure)
        return { ok: false, problem: readProblem(error.code, error.detail), timings: finish() };
      if (error instanceof ImageFileError)
        return { ok: false, problem: readProblem(error.code, error.message), timings: finish() };
      return { ok: false, problem: readProblem('OCR_FAILED', (error as Error).message), timings: finish() };
    }
  }

  async function recogniseLines(
    strips: PreparedStrip[],
    format: MrzFormat,
    deadline: number,
    timeoutMs: number,
  ): Promise<CellEvidence[][]> {
    engine ??= createTesseractEngine();
    const { length } = MRZ_SHAPES[format];
    const work = (async () => {
      const ready = await engine!;
      const lines: CellEvidence[][] = [];
      for (const strip of strips) {
        const symbols = await ready.recognise(strip.png);
        const cells = snapToCells(symbols, strip.firstCellX, strip.pitch, length);
        lines.push(cells.map((cell, k) => ({ ...cell, shapes: shapesOf(strip, k) })));
      }
      return lines;
    })();
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ReadFailure('TIMEOUT', `${timeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      return await Promise.race([work, expiry]);
    } catch (error) {
      // A recogniser that timed out or failed may be stuck mid-job: start afresh next time.
      work.catch(() => undefined);
      await stopEngine();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    read(bytes, mimeType, options = {}) {
      const input = InputSchema.safeParse({ bytes, mimeType });
      if (!input.success) {
        const problem = readProblem('UNSUPPORTED_TYPE', 'not a byte array');
        return Promise.resolve({ ok: false, problem, timings: { imageMs: 0, ocrMs: 0, totalMs: 0 } });
      }
      // One file at a time: the workers are single-threaded, and each file's deadline starts on its turn.
      const result = queue.then(() => readOne(bytes, mimeType, options));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      await Promise.all([images.terminate(), stopEngine()]);
    },
  };
}

function shapesOf(strip: PreparedStrip, cell: number): Float32Array | null {
  const scores = strip.shapes.subarray(cell * SHAPE_ALPHABET.length, (cell + 1) * SHAPE_ALPHABET.length);
  return scores.length === SHAPE_ALPHABET.length && !Number.isNaN(scores[0]) ? scores : null;
}

/** Refuses before decoding: empty, too big, not an image we read, more pixels declared than allowed. */
function screen(bytes: Uint8Array, mimeType: string, settings: { maxBytes: number; maxPixels: number }): FileKind {
  if (bytes.length === 0) throw new ReadFailure('FILE_EMPTY');
  if (bytes.length > settings.maxBytes) {
    throw new ReadFailure('FILE_TOO_LARGE', `${mebibytes(bytes.length)} MiB > ${mebibytes(settings.maxBytes)} MiB`);
  }
  const kind = sniffKind(bytes);
  const declared = SUPPORTED_TYPES[mimeType.toLowerCase().split(';')[0]!.trim()];
  if (!kind) {
    // Declared as something we read but not that inside: damaged. Anything else: not ours to read.
    if (declared) throw new ReadFailure('CORRUPT_FILE', `not a ${declared.toUpperCase()} file`);
    throw new ReadFailure('UNSUPPORTED_TYPE', mimeType || 'unknown type');
  }
  if (kind === 'png') checkDimensions(pngDimensions(bytes), settings);
  if (kind === 'jpeg') checkDimensions(jpegDimensions(bytes), settings);
  return kind;
}

const mebibytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const isProblemCode = (code: string): code is CheckProblemCode =>
  (CHECK_PROBLEM_CODES as readonly string[]).includes(code);

let shared: MrzReader | null = null;

/** Reads with one process-wide reader, whose workers stay warm between files. */
export function readMrzFromFile(bytes: Uint8Array, mimeType: string, options?: ReadMrzOptions): Promise<MrzReadResult> {
  shared ??= createMrzReader();
  return shared.read(bytes, mimeType, options);
}

/** Stops the process-wide reader's workers (on shutdown, or in tests). */
export async function disposeMrzReader(): Promise<void> {
  const reader = shared;
  shared = null;
  await reader?.dispose();
}
