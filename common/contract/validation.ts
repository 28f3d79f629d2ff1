import type { z } from 'zod';
import { contract, type EventPayload, type MethodOutput } from './methods.ts';
import type { EventName, MethodName } from './names.ts';
import { fail, ok, type Issue, type Result } from './result.ts';

export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

const describe = (issues: Issue[]): string =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');

/** Checks an envelope received from another process, including the value against the method's output schema. */
export function parseResult<M extends MethodName>(method: M, raw: unknown): Result<MethodOutput<M>> {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { ok?: unknown }).ok !== 'boolean') {
    return fail('BAD_RESPONSE', `${method}: the response is not a result envelope`);
  }
  const envelope = raw as { ok: boolean; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (!envelope.ok) {
    const { code, message } = envelope.error ?? {};
    return typeof code === 'string' && typeof message === 'string'
      ? (raw as Result<never>)
      : fail('BAD_RESPONSE', `${method}: malformed error envelope`);
  }
  const parsed = contract.methods[method].output.safeParse(envelope.value);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    return fail('BAD_RESPONSE', `${method}: ${describe(issues)}`, issues);
  }
  return ok(parsed.data as MethodOutput<M>);
}

export function parseEvent<E extends EventName>(event: E, raw: unknown): EventPayload<E> | undefined {
  const parsed = contract.events[event].safeParse(raw);
  return parsed.success ? (parsed.data as EventPayload<E>) : undefined;
}

export { describe as describeIssues };
