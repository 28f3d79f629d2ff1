import type { Dispatch } from '../../common/contract/dispatch.ts';
import { METHOD_NAMES, ipcMethodChannel, type MethodName } from '../../common/contract/names.ts';
import { fail, type Result } from '../../common/contract/result.ts';
import { isTrustedSender, type FrameLike } from './trusted-sender.ts';

export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: { readonly id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

/** The handler for one method: refuses foreign frames before anything is parsed. */
export function contractIpcHandler(method: MethodName, dispatch: Dispatch, trustedOrigins: readonly string[]) {
  return async (event: InvokeEventLike, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
      return fail('FORBIDDEN', `${method}: call from an untrusted frame refused`);
    }
    return dispatch(method, input, { host: 'electron', client: `webContents:${event.sender.id}` });
  };
}

/** Registers one IPC channel per contract method; returns the function that removes them. */
export function registerContractIpc(
  ipc: IpcMainLike,
  dispatch: Dispatch,
  trustedOrigins: readonly string[],
): () => void {
  for (const method of METHOD_NAMES) {
    ipc.handle(ipcMethodChannel(method), contractIpcHandler(method, dispatch, trustedOrigins));
  }
  return () => METHOD_NAMES.forEach((method) => ipc.removeHandler(ipcMethodChannel(method)));
}
