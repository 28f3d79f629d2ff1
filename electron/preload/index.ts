import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../../common/contract/bridge.ts';
import { BRIDGE_GLOBAL } from '../../common/contract/bridge.ts';
import { EVENT_NAMES, METHOD_NAMES, ipcEventChannel, ipcMethodChannel } from '../../common/contract/names.ts';

// One verb per contract method and one subscription per event; ipcRenderer itself never
// reaches the page, and listeners never see the IPC event object.
const methods = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcMethodChannel(method), input)]),
) as PreloadBridge['methods'];

const events = Object.fromEntries(
  EVENT_NAMES.map((event) => [
    event,
    (listener: (payload: unknown) => void) => {
      const channel = ipcEventChannel(event);
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  ]),
) as PreloadBridge['events'];

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, { methods, events } satisfies PreloadBridge);
