import { contract, type MethodOutput, type ParsedInput } from './methods.ts';
import { isMethodName, type MethodName } from './names.ts';
import { ContractFailure, fail, ok, type Result } from './result.ts';
import { describeIssues, toIssues } from './validation.ts';

export interface CallContext {
  host: 'electron' | 'web';
  /** Identifies the window or connection that made the call, for logs and per-client state. */
  client: string;
}

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export type Dispatch = (method: unknown, input: unknown, context: CallContext) => Promise<Result<unknown>>;

/**
 * The single entry point both hosts use: the method name is checked against the contract, the
 * input parsed with its schema, the handler's answer checked against the output schema, and
 * every outcome returned as an envelope.
 */
export function createDispatcher(
  handlers: Handlers,
  onUnexpected: (method: MethodName, error: unknown) => void,
): Dispatch {
  return async (method, input, context) => {
    if (!isMethodName(method)) {
      return fail('UNKNOWN_METHOD', `Unknown method: ${String(method).slice(0, 80)}`);
    }
    const spec = contract.methods[method];
    const parsedInput = spec.input.safeParse(input === undefined ? {} : input);
    if (!parsedInput.success) {
      const issues = toIssues(parsedInput.error);
      return fail('BAD_REQUEST', `${method}: ${describeIssues(issues)}`, issues);
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => unknown;
      const value = await handler(parsedInput.data, context);
      const parsedOutput = spec.output.safeParse(value);
      if (!parsedOutput.success) {
        onUnexpected(method, parsedOutput.error);
        return fail('INTERNAL', `${method}: the service produced an invalid answer`);
      }
      return ok(parsedOutput.data);
    } catch (error) {
      if (error instanceof ContractFailure) return fail(error.code, error.message);
      onUnexpected(method, error);
      return fail('INTERNAL', `${method}: unexpected failure, see the application log`);
    }
  };
}
