import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isSandboxUpgradePath, refuseUpgrade } from './upgrade-policy';

describe('the upgrade policy', () => {
  it('lets only /k8s paths through to the sandbox', () => {
    expect(isSandboxUpgradePath('/k8s/c1/api/v1/namespaces/default/pods/p/exec')).toBe(true);
    for (const url of ['/', '/k8sx', '/api/lab/stream', '/_next/webpack-hmr', undefined]) expect(isSandboxUpgradePath(url), String(url)).toBe(false);
  });

  it('answers a refused upgrade with a complete HTTP response and ends the socket', async () => {
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => socket.on('end', resolve));
    refuseUpgrade(socket, 404, 'not here\n');
    await ended;
    const text = Buffer.concat(chunks).toString();
    expect(text).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(text).toContain('connection: close\r\n');
    expect(text).toContain('content-length: 9\r\n');
    expect(text.endsWith('\r\n\r\nnot here\n')).toBe(true);
  });
});
