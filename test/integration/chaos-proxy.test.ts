import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULTS, startChaosProxy, type ChaosProxy, type ChaosRates } from '../support/chaos-proxy.ts';

const JSON_BODY = JSON.stringify({
  ok: true,
  items: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item ${i}` })),
});
const BLOB = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 31 + 7) % 256));

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A tiny upstream that records every request it received in full. */
async function startUpstream() {
  const received: Received[] = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as IncomingMessage) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const path = new URL(req.url ?? '/', 'http://upstream').pathname;
    if (path === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON_BODY);
    } else if (path === '/echo') {
      res.writeHead(201, {
        'Content-Type': req.headers['content-type'] ?? 'application/octet-stream',
        'X-Body-Sha256': createHash('sha256').update(body).digest('hex'),
        'Set-Cookie': ['a=1', 'b=2'],
      });
      res.end(body);
    } else if (path === '/blob') {
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (!range) return void res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(BLOB);
      const [start, end] = [Number(range[1]), Number(range[2])];
      res
        .writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${BLOB.length}` })
        .end(BLOB.subarray(start, end + 1));
    } else if (path === '/stream') {
      // Chunked, and the end waits for the test: proves the proxy streams instead of buffering.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first chunk;');
      await released;
      res.end('rest');
    } else if (path === '/hang') {
      // Never answers: a request in flight for the offline and close tests.
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    received,
    release,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let proxy: ChaosProxy;

beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await proxy?.close();
  await upstream.close();
});

async function withRates(rates: ChaosRates, seed = 1): Promise<ChaosProxy> {
  proxy = await startChaosProxy(upstream.url, { seed, rates });
  return proxy;
}

const at = (path: string) => new URL(path, proxy.url);

/** How a request ends, with its rejection handled at once (it may come while the test awaits something else). */
const settle = (request: Promise<Response>) =>
  request.then(
    (response) => `status ${response.status}`,
    () => 'rejected',
  );

describe('chaos proxy, no faults', () => {
  it('passes method, path, query, headers and a 2 MB binary body both ways, rewriting Host', async () => {
    await withRates({});
    const payload = randomBytes(2 * 1024 * 1024);
    const response = await fetch(at('/echo?x=1&y=%C3%A8'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Trace': 'abc' },
      body: payload,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-body-sha256')).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(Buffer.from(await response.arrayBuffer()).equals(payload)).toBe(true);

    expect(upstream.received).toHaveLength(1);
    const [seen] = upstream.received;
    expect(seen?.method).toBe('PUT');
    expect(seen?.url).toBe('/echo?x=1&y=%C3%A8');
    expect(seen?.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(seen?.headers['x-trace']).toBe('abc');
    expect(seen?.body.equals(payload)).toBe(true);
    expect(proxy.stats()).toMatchObject({ requests: 1, forwarded: 1, upstreamErrors: 0 });
  });

  it('passes Range headers and partial responses', async () => {
    await withRates({});
    const response = await fetch(at('/blob'), { headers: { Range: 'bytes=100-1099' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-1099/${BLOB.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(BLOB.subarray(100, 1100))).toBe(true);
    expect(upstream.received[0]?.headers.range).toBe('bytes=100-1099');
  });

  it('streams a response before the upstream has finished it', async () => {
    await withRates({});
    const response = await fetch(at('/stream'));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first chunk;');
    upstream.release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('rest');
  });

  it('answers 502 when the upstream is down', async () => {
    await upstream.close();
    await withRates({});
    const response = await fetch(at('/json'));
    expect(response.status).toBe(502);
    expect(proxy.stats().upstreamErrors).toBe(1);
  });
});

describe('chaos proxy, each fault', () => {
  it('dropBeforeForward: the client fails and the upstream never sees the request', async () => {
    await withRates({ dropBeforeForward: 1 });
    await expect(fetch(at('/echo'), { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(upstream.received).toHaveLength(0);
    expect(proxy.stats()).toMatchObject({ requests: 1, dropBeforeForward: 1, forwarded: 0 });
  });

  it('dropAfterForward: the upstream applies the request but the client fails', async () => {
    await withRates({ dropAfterForward: 1 });
    await expect(fetch(at('/echo'), { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ requests: 1, dropAfterForward: 1, forwarded: 1 });
  });

  it('delay: waits within delayMs, then forwards', async () => {
    await withRates({ delay: 1, delayMs: [150, 160] });
    const started = performance.now();
    const response = await fetch(at('/json'));
    expect(await response.json()).toEqual(JSON.parse(JSON_BODY));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ requests: 1, delay: 1, forwarded: 1 });
  });

  it('error503: answers 503 with Retry-After 0 or 1 and never reaches the upstream', async () => {
    await withRates({ error503: 1 });
    for (let i = 0; i < 5; i++) {
      const response = await fetch(at('/echo'), { method: 'POST', body: 'x' });
      expect(response.status).toBe(503);
      expect(['0', '1']).toContain(response.headers.get('retry-after'));
      await response.arrayBuffer();
    }
    expect(upstream.received).toHaveLength(0);
    expect(proxy.stats()).toMatchObject({ requests: 5, error503: 5, forwarded: 0 });
  });

  it('error502AfterForward: the upstream applies the request, the client gets 502', async () => {
    await withRates({ error502AfterForward: 1 });
    const response = await fetch(at('/echo'), { method: 'POST', body: 'x' });
    expect(response.status).toBe(502);
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ requests: 1, error502AfterForward: 1, forwarded: 1 });
  });

  it('resetMidBody: the head arrives with the true length, reading the body fails', async () => {
    await withRates({ resetMidBody: 1 });
    const response = await fetch(at('/json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(JSON_BODY)));
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ requests: 1, resetMidBody: 1, forwarded: 1 });
  });

  it('duplicate: the upstream receives the same request twice, the client the second answer', async () => {
    await withRates({ duplicate: 1 });
    const response = await fetch(at('/echo'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
      body: '{"decision":"approve"}',
    });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('{"decision":"approve"}');
    expect(upstream.received).toHaveLength(2);
    const [first, second] = upstream.received;
    expect(second?.headers).toEqual(first?.headers);
    expect(second?.body.equals(first!.body)).toBe(true);
    expect(first?.headers['idempotency-key']).toBe('k-1');
    expect(proxy.stats()).toMatchObject({ requests: 1, duplicate: 1, forwarded: 2 });
  });

  it('truncateBody: a complete HTTP message whose JSON is cut short', async () => {
    await withRates({ truncateBody: 1 });
    const response = await fetch(at('/json'));
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeLessThan(Buffer.byteLength(JSON_BODY));
    await expect(response.json()).rejects.toThrow(SyntaxError);
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ requests: 1, truncateBody: 1, forwarded: 1 });
  });
});

describe('chaos proxy, control', () => {
  /** One request; which fault it got (from the stats) and what the client saw. */
  async function observe(): Promise<string> {
    const before = proxy.stats();
    const upstreamBefore = upstream.received.length;
    let seen: string;
    try {
      const response = await fetch(at('/json'));
      try {
        await response.json();
        seen = String(response.status);
      } catch {
        seen = `${response.status} broken body`;
      }
    } catch {
      seen = 'rejected';
    }
    const after = proxy.stats();
    const faults = FAULTS.filter((kind) => after[kind] !== before[kind]);
    return `${faults.join('+') || 'none'}: ${seen}, upstream +${upstream.received.length - upstreamBefore}`;
  }

  const everyFault: ChaosRates = Object.fromEntries(FAULTS.map((kind) => [kind, 0.1]));

  async function run(seed: number): Promise<string[]> {
    await withRates({ ...everyFault, delayMs: [0, 3] }, seed);
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) outcomes.push(await observe());
    await proxy.close();
    return outcomes;
  }

  it('gives the same faults for the same seed and request order, at most one per request', async () => {
    const first = await run(42);
    const again = await run(42);
    const other = await run(43);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    for (const outcome of first) expect(outcome.slice(0, outcome.indexOf(':'))).not.toContain('+');
    // Spot-check that each fault looks to the client the way it is documented.
    const expected: Record<string, RegExp> = {
      none: /^none: 200, upstream \+1$/,
      delay: /^delay: 200, upstream \+1$/,
      dropBeforeForward: /^dropBeforeForward: rejected, upstream \+0$/,
      dropAfterForward: /^dropAfterForward: rejected, upstream \+1$/,
      error503: /^error503: 503, upstream \+0$/,
      error502AfterForward: /^error502AfterForward: 502, upstream \+1$/,
      resetMidBody: /^resetMidBody: 200 broken body, upstream \+1$/,
      duplicate: /^duplicate: 200, upstream \+2$/,
      truncateBody: /^truncateBody: 200 broken body, upstream \+1$/,
    };
    for (const outcome of [...first, ...other]) {
      const kind = outcome.slice(0, outcome.indexOf(':'));
      expect(outcome).toMatch(expected[kind] ?? /unknown kind/);
    }
    // Seed 42 happens to draw every kind within 50 requests, so each is checked above at least once.
    expect(new Set(first.map((outcome) => outcome.slice(0, outcome.indexOf(':')))).size).toBe(FAULTS.length + 1);
  });

  it('changes rates at run time and rejects impossible ones', async () => {
    await withRates({});
    expect((await fetch(at('/json'))).status).toBe(200);
    proxy.setRates({ error503: 1 });
    expect((await fetch(at('/json'))).status).toBe(503);
    proxy.setRates({});
    expect((await fetch(at('/json'))).status).toBe(200);
    expect(() => proxy.setRates({ error503: 0.6, duplicate: 0.6 })).toThrow(RangeError);
    expect(() => proxy.setRates({ delay: -0.1 })).toThrow(RangeError);
    expect(() => proxy.setRates({ delay: 0.1, delayMs: [10, 5] })).toThrow(RangeError);
  });

  it('offline: closes open connections, refuses new ones fast, and recovers', async () => {
    await withRates({});
    const hanging = settle(fetch(at('/hang')));
    await expect.poll(() => upstream.received.length).toBe(1);
    proxy.setOffline(true);
    expect(await hanging).toBe('rejected');

    const started = performance.now();
    await expect(fetch(at('/json'))).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats().offlineRefused).toBeGreaterThanOrEqual(1);

    proxy.setOffline(false);
    const response = await fetch(at('/json'));
    expect(await response.json()).toEqual(JSON.parse(JSON_BODY));
  });

  it('offline: a request waiting out its delay is not forwarded', async () => {
    await withRates({ delay: 1, delayMs: [200, 200] });
    const delayed = settle(fetch(at('/json')));
    await expect.poll(() => proxy.stats().requests).toBe(1);
    proxy.setOffline(true);
    expect(await delayed).toBe('rejected');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.received).toHaveLength(0);
  });

  it('close() ends client and upstream sockets and pending delays promptly', async () => {
    await withRates({});
    const hanging = settle(fetch(at('/hang')));
    await expect.poll(() => upstream.received.length).toBe(1);
    proxy.setRates({ delay: 1, delayMs: [10_000, 10_000] });
    const delayed = settle(fetch(at('/json')));
    await expect.poll(() => proxy.stats().requests).toBe(2);

    const started = performance.now();
    await proxy.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await hanging).toBe('rejected');
    expect(await delayed).toBe('rejected');
    expect(upstream.received).toHaveLength(1);
  });
});
