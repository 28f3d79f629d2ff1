import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from '../../common/contract/dispatch.ts';
import { contract } from '../../common/contract/methods.ts';
import { EVENT_NAMES, METHOD_NAMES } from '../../common/contract/names.ts';
import { ContractFailure } from '../../common/contract/result.ts';
import { parseEvent, parseResult } from '../../common/contract/validation.ts';
import { ClientMessageSchema } from '../../common/contract/wire.ts';

const context = { host: 'web', client: 'test' } as const;
const info = {
  name: 'Accredita',
  version: '1.2.3',
  mode: 'demo',
  host: 'web',
  locale: 'it',
  platform: 'linux',
  apiUrl: null,
} as const;

function dispatcherWith(overrides: Partial<Handlers> = {}) {
  const onUnexpected = vi.fn();
  const unused = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      () => {
        throw new Error(`${method} is not part of this test`);
      },
    ]),
  ) as unknown as Handlers;
  const handlers: Handlers = {
    ...unused,
    'app.info': () => info,
    'app.setLocale': ({ locale }) => ({ locale }),
    ...overrides,
  };
  return { dispatch: createDispatcher(handlers, onUnexpected), onUnexpected };
}

describe('contract', () => {
  it('declares a schema for exactly the names the preload exposes', () => {
    expect(Object.keys(contract.methods).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(contract.events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('answers a valid call with an ok envelope', async () => {
    const { dispatch } = dispatcherWith();
    expect(await dispatch('app.setLocale', { locale: 'en' }, context)).toEqual({ ok: true, value: { locale: 'en' } });
    expect(await dispatch('app.info', undefined, context)).toEqual({ ok: true, value: info });
  });

  it('refuses an unknown method with UNKNOWN_METHOD', async () => {
    const { dispatch } = dispatcherWith();
    const result = await dispatch('app.rm -rf', {}, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch(42, {}, context)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it.each([
    ['an unsupported locale', { locale: 'fr' }, 'locale'],
    ['a missing field', {}, 'locale'],
    ['an unknown field', { locale: 'it', admin: true }, '(root)'],
    ['a wrong type', { locale: 7 }, 'locale'],
    ['a non-object', 'it', '(root)'],
    ['null', null, '(root)'],
  ])('rejects %s with BAD_REQUEST naming the field', async (_label, input, path) => {
    const handler = vi.fn();
    const { dispatch } = dispatcherWith({ 'app.setLocale': handler });
    const result = await dispatch('app.setLocale', input, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.issues?.map((i) => i.path)).toContain(path);
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects input to a method that takes none', async () => {
    const { dispatch } = dispatcherWith();
    expect(await dispatch('app.info', { verbose: true }, context)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('turns a handler answer that breaks the contract into INTERNAL and reports it', async () => {
    const { dispatch, onUnexpected } = dispatcherWith({
      'app.info': () => ({ ...info, mode: 'maybe' }) as never,
    });
    expect(await dispatch('app.info', {}, context)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(onUnexpected).toHaveBeenCalledOnce();
  });

  it('passes a coded failure through and hides an unexpected exception', async () => {
    const coded = dispatcherWith({
      'app.setLocale': () => {
        throw new ContractFailure('UNAVAILABLE', 'settings locked');
      },
    });
    expect(await coded.dispatch('app.setLocale', { locale: 'it' }, context)).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'settings locked' },
    });

    const crashing = dispatcherWith({
      'app.info': () => {
        throw new Error('secret path /home/operator/profile');
      },
    });
    const result = await crashing.dispatch('app.info', {}, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/home/operator');
    expect(crashing.onUnexpected).toHaveBeenCalledOnce();
  });
});

describe('parsing answers from another process', () => {
  it('accepts a valid envelope and checks the value against the output schema', () => {
    expect(parseResult('app.info', { ok: true, value: info })).toEqual({ ok: true, value: info });
    expect(parseResult('app.info', { ok: true, value: { ...info, host: 'mainframe' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_RESPONSE' },
    });
  });

  it.each([undefined, null, 'ok', { ok: 'yes' }, { ok: false }, { ok: false, error: { code: 1 } }])(
    'refuses a malformed envelope %j with BAD_RESPONSE',
    (raw) => {
      expect(parseResult('app.info', raw)).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
    },
  );

  it('keeps a well-formed failure as it is', () => {
    const failure = { ok: false, error: { code: 'FORBIDDEN', message: 'no' } };
    expect(parseResult('app.setLocale', failure)).toEqual(failure);
  });

  it('drops an event payload that does not match the contract', () => {
    const good = { type: 'locale.changed', locale: 'en', at: '2026-11-23T10:00:00.000Z' };
    expect(parseEvent('app.events', good)).toEqual(good);
    expect(parseEvent('app.events', { ...good, locale: 'xx' })).toBeUndefined();
    expect(parseEvent('app.events', { type: 'shutdown' })).toBeUndefined();
  });
});

describe('web host wire messages', () => {
  it('accepts the three client message kinds', () => {
    expect(ClientMessageSchema.safeParse({ type: 'call', id: 1, method: 'app.info' }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ type: 'subscribe', event: 'app.events' }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ type: 'unsubscribe', event: 'app.events' }).success).toBe(true);
  });

  it.each([
    { type: 'call', id: -1, method: 'app.info' },
    { type: 'call', id: 1.5, method: 'app.info' },
    { type: 'call', id: 1, method: 'x'.repeat(101) },
    { type: 'call', id: 1, method: 'app.info', extra: true },
    { type: 'subscribe', event: 'everything' },
    { type: 'eval', code: '1+1' },
    [],
  ])('rejects %j', (message) => {
    expect(ClientMessageSchema.safeParse(message).success).toBe(false);
  });
});
