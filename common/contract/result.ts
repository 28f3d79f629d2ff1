/**
 * Result envelopes carried across every process boundary: Electron IPC keeps only an
 * exception's message, so failures travel as data with a stable code the UI can translate.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNKNOWN_EVENT',
  'BAD_RESPONSE',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'LOCKED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Issue {
  path: string;
  message: string;
}

export interface ContractError {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, issues?: Issue[]): Result<never> => ({
  ok: false,
  error: issues === undefined ? { code, message } : { code, message, issues },
});

/** Thrown inside a process by a handler for an expected failure; the dispatcher turns it into a result. */
export class ContractFailure extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ContractFailure';
    this.code = code;
  }
}
