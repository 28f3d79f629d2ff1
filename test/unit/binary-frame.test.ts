import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../common/contract/binary-frame.ts';
import { parseResult } from '../../common/contract/validation.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('binary frames of the web host', () => {
  it('keeps a message without bytes a text frame of plain JSON', () => {
    const message = { type: 'result', id: 7, result: { ok: true, value: { rows: [{ id: 'UE-1' }], note: '$bytes' } } };
    const frame = encodeFrame(message);
    expect(frame).toBe(JSON.stringify(message));
    expect(decodeFrame(frame as string)).toEqual(message);
  });

  it('carries every byte field (Buffer or Uint8Array, nested or in arrays) byte for byte, without base64', () => {
    const form = new Uint8Array(70_000).map((_, i) => i % 251);
    const message = {
      type: 'result',
      id: 3,
      result: { ok: true, value: { contentType: 'image/png', data: png, parts: [form, new Uint8Array(0)] } },
    };
    const frame = encodeFrame(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    const bytes = frame as Uint8Array;
    // Header, then the files as they are: a few dozen bytes over their sum, not a third more.
    expect(bytes.byteLength).toBeLessThan(png.byteLength + form.byteLength + 200);
    expect(Buffer.from(bytes).includes(Buffer.from(form.subarray(0, 64)))).toBe(true);

    const decoded = decodeFrame(bytes.slice().buffer) as typeof message;
    expect(decoded.type).toBe('result');
    expect(decoded.result.value.contentType).toBe('image/png');
    expect(Buffer.from(decoded.result.value.data).equals(png)).toBe(true);
    expect(decoded.result.value.parts[0]).toEqual(form);
    expect(decoded.result.value.parts[1]).toHaveLength(0);
  });

  it('gives bytes the contract accepts as an answer', () => {
    const frame = encodeFrame({ ok: true, value: { contentType: 'application/pdf', data: png } }) as Uint8Array;
    const result = parseResult('attachments.get', decodeFrame(frame) as never);
    expect(result.ok && Buffer.from(result.value.data).equals(png)).toBe(true);
  });

  it('refuses frames that are cut short or point outside themselves', () => {
    const frame = encodeFrame({ data: png }) as Uint8Array;
    expect(() => decodeFrame(frame.subarray(0, 3))).toThrow(/shorter than its header length/);
    expect(() => decodeFrame(frame.subarray(0, 10))).toThrow(/shorter than its header/);
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(/outside the frame/);
    const header = new TextEncoder().encode('{"data":{"$bytes":[0,9999]}}');
    const forged = new Uint8Array(4 + header.byteLength);
    new DataView(forged.buffer).setUint32(0, header.byteLength);
    forged.set(header, 4);
    expect(() => decodeFrame(forged)).toThrow(/outside the frame/);
    expect(() => decodeFrame(new Uint8Array([0, 0, 0, 2, 0xff, 0xfe]))).toThrow();
  });
});
