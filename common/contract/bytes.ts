import { z } from 'zod';

/**
 * A file's bytes in an answer: Electron's IPC carries them as they are, the web host's WebSocket
 * as a binary frame (binary-frame.ts); never base64 inside JSON.
 */
export const BytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected bytes' });
