import { ApiProblem } from './problem.ts';

/**
 * One byte range from a Range header (RFC 9110 §14), or undefined to send the whole file.
 * Multi-range and malformed headers are ignored, as the RFC allows; an unsatisfiable one is 416.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  let start: number;
  let end: number;
  if (first === '') {
    start = Math.max(0, size - Number(last));
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end || size === 0) {
    throw new ApiProblem(416, 'RANGE_NOT_SATISFIABLE', `The file has ${size} bytes`, { size });
  }
  return { start, end };
}
