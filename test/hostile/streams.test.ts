/**
 * Hostile SPDY/3.1 peers against the session the sandbox runs for port-forward (and kubectl
 * 1.27-1.30 upgrades): oversized frames, control-frame floods, header bombs, stream floods and
 * forged stream ids end that one session with GOAWAY; a fresh session keeps working afterwards.
 * Hostile tar archives (kubectl cp into a pod) are refused by member count, size and checksum.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY_HEADER_DICTIONARY } from '../../lib/k8s/sandbox/apiserver/spdy/dictionary';
import { encodeHeaderBlock, SpdySession, type SpdyStream } from '../../lib/k8s/sandbox/apiserver/spdy/session';
import { ForwardedConnection } from '../../lib/k8s/sandbox/apiserver/portforward-bridge';
import { readTar, ustarHeader } from '../../lib/k8s/sandbox/runtime/shell/utils/tar';

const control = (type: number, body: Buffer, flags = 0, version = 3) => {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | version, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(body.length, 5, 3);
  return Buffer.concat([h, body]);
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** A client's header compressor: one zlib stream with the SPDY dictionary, as spdystream's. */
function clientCompressor() {
  const d = zlib.createDeflate({ dictionary: SPDY_HEADER_DICTIONARY });
  return (block: Buffer) =>
    new Promise<Buffer>((resolve) => {
      const out: Buffer[] = [];
      const on = (c: Buffer) => out.push(c);
      d.on('data', on);
      d.write(block);
      d.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        d.off('data', on);
        resolve(Buffer.concat(out));
      });
    });
}

function harness(onStream: (s: SpdyStream) => boolean = () => true) {
  const written: Buffer[] = [];
  let closed = false;
  const session = new SpdySession({ write: (b) => written.push(b), close: () => (closed = true) }, onStream);
  let closeErr: Error | undefined;
  session.onClose((e) => (closeErr = e));
  const compress = clientCompressor();
  const syn = async (id: number, headers: Record<string, string>) => control(1, Buffer.concat([u32(id), u32(0), Buffer.from([0, 0]), await compress(encodeHeaderBlock(headers))]));
  const settle = () => new Promise((r) => setTimeout(r, 30));
  const frameTypes = () => written.filter((b) => b[0] & 0x80).map((b) => b.readUInt16BE(2));
  return { session, written, syn, settle, frameTypes, closed: () => closed, error: () => closeErr };
}

async function healthySessionStillWorks(): Promise<void> {
  const h = harness();
  h.session.receive(await h.syn(1, { streamtype: 'data', port: '80', requestid: '0' }));
  await h.settle();
  expect(h.frameTypes()).toEqual([2]); // SYN_REPLY
  expect(h.closed()).toBe(false);
}

describe('hostile SPDY peers', () => {
  it('refuses a frame longer than the limit with GOAWAY, without buffering it', async () => {
    const h = harness();
    const head = Buffer.alloc(8);
    head.writeUInt32BE(1, 0);
    head.writeUIntBE(0xffffff, 5, 3); // a 16 MiB data frame announced
    h.session.receive(head);
    await h.settle();
    expect(h.closed()).toBe(true);
    expect(h.error()?.message).toMatch(/frame of 16777215 bytes exceeds/);
    expect(h.frameTypes()).toContain(7);
    await healthySessionStillWorks();
  });

  it('closes a session flooded with pings once it passes the control-frame budget', async () => {
    const h = harness();
    const ping = control(6, u32(1));
    const flood = Buffer.concat(Array.from({ length: 1000 }, () => ping));
    for (let i = 0; i < 101; i++) h.session.receive(flood);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.closed()).toBe(true);
    expect(h.error()?.message).toMatch(/more than 100000 control frames/);
    await healthySessionStillWorks();
  });

  it('answers pings (echo) while within the budget', async () => {
    const h = harness();
    h.session.receive(control(6, u32(7)));
    await h.settle();
    expect(h.frameTypes()).toEqual([6]);
    expect(h.written[0].readUInt32BE(8)).toBe(7);
  });

  it('refuses a header block that inflates past 16 KiB (a zlib bomb) with GOAWAY', async () => {
    const h = harness();
    h.session.receive(await h.syn(1, { streamtype: 'data', bomb: 'a'.repeat(1024 * 1024) }));
    await h.settle();
    expect(h.closed()).toBe(true);
    expect(h.error()?.message).toMatch(/inflates past 16384 bytes/);
    await healthySessionStillWorks();
  });

  it('refuses a header block that is not zlib at all', async () => {
    const h = harness();
    h.session.receive(control(1, Buffer.concat([u32(1), u32(0), Buffer.from([0, 0]), Buffer.from('not zlib at all')])));
    await h.settle();
    expect(h.closed()).toBe(true);
    await healthySessionStillWorks();
  });

  it('refuses stream ids that go backwards, are even (server-initiated) or zero', async () => {
    for (const ids of [[3, 1], [2], [0]]) {
      const h = harness();
      for (const id of ids) h.session.receive(await h.syn(id, { streamtype: 'data', port: '80', requestid: '0' }));
      await h.settle();
      expect(h.closed(), ids.join(',')).toBe(true);
      expect(h.error()?.message).toMatch(/invalid stream id/);
    }
    await healthySessionStillWorks();
  });

  it('refuses data for a stream that was never opened', async () => {
    const h = harness();
    const data = Buffer.concat([u32(99), Buffer.from([0, 0, 0, 1]), Buffer.from('x')]);
    h.session.receive(data);
    await h.settle();
    expect(h.error()?.message).toMatch(/data for stream 99 that was never opened/);
  });

  it('refuses streams past 128 open at once with RST_STREAM (refused), keeping the session', async () => {
    const h = harness();
    for (let i = 0; i < 130; i++) h.session.receive(await h.syn(2 * i + 1, { streamtype: 'data', port: '80', requestid: String(i) }));
    await h.settle();
    expect(h.session.openStreams).toBe(128);
    expect(h.frameTypes().filter((t) => t === 3)).toHaveLength(2);
    expect(h.closed()).toBe(false);
  });

  it('refuses another SPDY version and unknown control frame types', async () => {
    const v2 = harness();
    v2.session.receive(control(6, u32(1), 0, 2));
    await v2.settle();
    expect(v2.error()?.message).toMatch(/unsupported version 2/);
    const odd = harness();
    odd.session.receive(control(42, Buffer.alloc(4)));
    await odd.settle();
    expect(odd.error()?.message).toMatch(/unknown control frame type 42/);
    await healthySessionStillWorks();
  });

  it('refuses a port-forward stream without a valid port or type (RST, session kept)', async () => {
    const accepted: string[] = [];
    const h = harness((s) => {
      const ok = /^\d+$/.test(s.headers.port ?? '') && Number(s.headers.port) <= 65535;
      if (ok) accepted.push(s.headers.port);
      return ok;
    });
    h.session.receive(await h.syn(1, { streamtype: 'data', port: '99999', requestid: '0' }));
    h.session.receive(await h.syn(3, { streamtype: 'data', port: '../etc', requestid: '1' }));
    await h.settle();
    expect(h.frameTypes()).toEqual([3, 3]);
    expect(accepted).toEqual([]);
    expect(h.closed()).toBe(false);
  });
});

describe('hostile forwarded connections', () => {
  const sink = () => {
    const out: string[] = [];
    let ended = false;
    return { out, ended: () => ended, write: (d: Buffer | string) => out.push(String(d)), end: () => (ended = true) };
  };
  const httpListener = { port: 80, http: async () => ({ status: 200, body: 'ok' }) };

  it('answers 431 to request headers that never end, instead of buffering them', () => {
    const s = sink();
    const c = new ForwardedConnection(httpListener, s);
    c.data(Buffer.from('GET / HTTP/1.1\r\n'));
    for (let i = 0; i < 100; i++) c.data(Buffer.from(`X-${i}: ${'a'.repeat(500)}\r\n`));
    expect(s.out.join('')).toMatch(/^HTTP\/1.1 431 /);
    expect(s.ended()).toBe(true);
  });

  it('answers 413 to a body larger than 1 MiB', () => {
    const s = sink();
    new ForwardedConnection(httpListener, s).data(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n'));
    expect(s.out.join('')).toMatch(/^HTTP\/1.1 413 /);
  });

  it('answers a well-formed request after the hostile ones', async () => {
    const s = sink();
    new ForwardedConnection(httpListener, s).data(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await new Promise((r) => setTimeout(r, 10));
    expect(s.out.join('')).toMatch(/^HTTP\/1.1 200 OK\r\n[\s\S]*Content-Length: 2\r\nConnection: close\r\n\r\nok$/);
  });
});

describe('hostile tar archives (kubectl cp into a pod)', () => {
  const member = (name: string, body: string) => {
    const b = Buffer.from(body);
    return Buffer.concat([ustarHeader(name, 'file', b.length, 0, 0o644), b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  };

  it('refuses an archive of more than 10,000 members (a tar bomb of tiny files)', () => {
    const one = member('f', '');
    const bomb = Buffer.concat([...Array.from({ length: 10_001 }, () => one), Buffer.alloc(1024)]);
    expect(() => readTar(bomb)).toThrowError(/too many members \(the sandbox's limit is 10000\)/);
    expect(readTar(Buffer.concat([member('ok', 'x'), Buffer.alloc(1024)]))).toHaveLength(1);
  });

  it('refuses a member whose size runs past the end of the archive instead of reading beyond it', () => {
    const h = ustarHeader('big', 'file', 1024 * 1024 * 1024, 0, 0o644);
    expect(() => readTar(Buffer.concat([h, Buffer.from('tiny')]))).toThrowError('short read');
  });

  it('refuses bytes that are not a tar header (bad checksum)', () => {
    expect(() => readTar(Buffer.from('kubelab-tar v1\n'.padEnd(1024, 'x')))).toThrowError('invalid tar header checksum');
  });

  it('reads the long names Go writes as PAX path records, so a climbing name cannot hide in them', () => {
    const pax = Buffer.from('30 path=../../../etc/shadow-x\n');
    const paxHeader = Buffer.from(ustarHeader('PaxHeaders/x', 'file', pax.length, 0, 0o644));
    paxHeader[156] = 'x'.charCodeAt(0);
    let sum = 0;
    paxHeader.write('        ', 148, 'latin1');
    for (const b of paxHeader) sum += b;
    paxHeader.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const archive = Buffer.concat([paxHeader, pax, Buffer.alloc(512 - pax.length), member('innocent', 'x'), Buffer.alloc(1024)]);
    expect(readTar(archive).map((m) => m.name)).toEqual(['../../../etc/shadow-x']);
  });
});
