import { describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../common/contract/dispatch.ts';
import { METHOD_NAMES, ipcMethodChannel } from '../../common/contract/names.ts';
import { ok } from '../../common/contract/result.ts';
import { contractIpcHandler, registerContractIpc, type InvokeEventLike } from '../../electron/main/ipc.ts';
import { isTrustedSender, originOf } from '../../electron/main/trusted-sender.ts';

const TRUSTED = ['app://accredita'];
const mainFrame = (url: string) => ({ url, parent: null });
const invokeEvent = (frame: InvokeEventLike['senderFrame']): InvokeEventLike => ({
  senderFrame: frame,
  sender: { id: 7 },
});

describe('IPC sender checks', () => {
  it('computes an origin for custom schemes, which WHATWG reports as "null"', () => {
    expect(new URL('app://accredita/coda').origin).toBe('null');
    expect(originOf('app://accredita/coda')).toBe('app://accredita');
    expect(originOf('not a url')).toBeUndefined();
  });

  it.each([
    ['our main frame', mainFrame('app://accredita/coda'), true],
    ['a subframe of our page', { url: 'app://accredita/x', parent: { url: 'app://accredita/' } }, false],
    ['a foreign origin', mainFrame('https://evil.example/'), false],
    ['a look-alike host', mainFrame('app://accredita.evil/'), false],
    ['a file URL', mainFrame('file:///tmp/index.html'), false],
    ['a data URL', mainFrame('data:text/html,<script>1</script>'), false],
    ['a destroyed frame', null, false],
  ])('%s → trusted %s', (_label, frame, expected) => {
    expect(isTrustedSender(frame, TRUSTED)).toBe(expected);
  });

  it('refuses a call from a foreign frame without dispatching it', async () => {
    const dispatch = vi.fn<Dispatch>(async () => ok({}));
    const handler = contractIpcHandler('app.setLocale', dispatch, TRUSTED);
    const result = await handler(invokeEvent(mainFrame('https://evil.example/')), { locale: 'en' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches a call from our main frame with the Electron context', async () => {
    const dispatch = vi.fn<Dispatch>(async () => ok({ locale: 'en' }));
    const handler = contractIpcHandler('app.setLocale', dispatch, TRUSTED);
    const result = await handler(invokeEvent(mainFrame('app://accredita/impostazioni')), { locale: 'en' });
    expect(result).toEqual({ ok: true, value: { locale: 'en' } });
    expect(dispatch).toHaveBeenCalledWith(
      'app.setLocale',
      { locale: 'en' },
      { host: 'electron', client: 'webContents:7' },
    );
  });

  it('registers exactly one channel per contract method and removes them all', () => {
    const handled = new Map<string, unknown>();
    const ipc = {
      handle: (channel: string, listener: unknown) => void handled.set(channel, listener),
      removeHandler: (channel: string) => void handled.delete(channel),
    };
    const unregister = registerContractIpc(ipc, vi.fn(), TRUSTED);
    expect([...handled.keys()].sort()).toEqual(METHOD_NAMES.map(ipcMethodChannel).sort());
    unregister();
    expect(handled.size).toBe(0);
  });
});
