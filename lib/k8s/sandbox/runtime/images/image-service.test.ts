import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { imageConfig, imageDigest, ImageServiceImpl, UnknownImageError } from './image-service';

describe('ImageServiceImpl.pull', () => {
  const images = new ImageServiceImpl();

  it('pulls a known image with its normalised reference, a stable digest, size and pull time', () => {
    const r = images.pull('nginx:1.27');
    expect(r).toEqual({ ok: true, imageRef: 'docker.io/library/nginx:1.27', imageID: `docker.io/library/nginx@${imageDigest('docker.io/library/nginx:1.27')}`, sizeBytes: 72_100_000, pullMs: 3284 });
    expect(imageDigest('docker.io/library/nginx:1.27')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(images.pull('docker.io/library/nginx:1.27')).toEqual(r);
  });

  it('fails an unknown tag of a known repository with not found', () => {
    expect(images.pull('nginx:9.9')).toEqual({
      ok: false,
      reason: 'ErrImagePull',
      message: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.9": failed to resolve reference "docker.io/library/nginx:9.9": docker.io/library/nginx:9.9: not found',
    });
  });

  it('fails an unknown repository with pull access denied', () => {
    expect(images.pull('nosuch:1.0')).toEqual({
      ok: false,
      reason: 'ErrImagePull',
      message:
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuch:1.0": failed to resolve reference "docker.io/library/nosuch:1.0": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
  });

  it('reports a malformed reference as InvalidImageName', () => {
    expect(images.pull('Nginx:1.27')).toMatchObject({ ok: false, reason: 'InvalidImageName' });
  });

  it('knows every image the course content uses', () => {
    for (const image of ['busybox:1.36', 'nginx:1.27', 'redis:7.2', 'prom/node-exporter:v1.8.1', 'postgres:16', 'fluentd:v1.14-1', 'prom/prometheus:v2.53.0', 'prom/alertmanager:v0.27.0', 'haproxy:2.9', 'grafana/grafana:11.1.0', 'fluent/fluent-bit:3.0']) {
      expect(images.pull(image), image).toMatchObject({ ok: true });
    }
  });

  it('remembers which node has an image, whatever spelling names it', () => {
    images.markPresent('worker-1', 'busybox:1.36');
    expect(images.present('worker-1', 'docker.io/library/busybox:1.36')).toBe(true);
    expect(images.present('worker-2', 'busybox:1.36')).toBe(false);
  });
});

describe('imageConfig', () => {
  it('gives nginx its entrypoint, cmd, welcome page and a shell', () => {
    const c = imageConfig('nginx:1.27');
    expect([c.entrypoint, c.cmd, c.hasShell, c.env.NGINX_VERSION]).toEqual([['/docker-entrypoint.sh'], ['nginx', '-g', 'daemon off;'], true, '1.27.3']);
    expect(c.files['/usr/share/nginx/html/index.html']).toContain('<title>Welcome to nginx!</title>');
    expect(c.files['/etc/os-release']).toContain('bookworm');
  });

  it('has no shell in the distroless fluent-bit image, and httpd says It works!', () => {
    expect(imageConfig('fluent/fluent-bit:3.0').hasShell).toBe(false);
    expect(imageConfig('httpd:2.4').files['/usr/local/apache2/htdocs/index.html']).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('throws UnknownImageError for an image it cannot pull', () => {
    expect(() => imageConfig('nosuch:1')).toThrow(UnknownImageError);
  });

  it('names only programs that the image commands table has', async () => {
    const { imageCommands } = await import('./index');
    for (const e of CATALOG) for (const b of e.config(e.tags[0]).binaries) expect(imageCommands[b], `${e.name} ${b}`).toBeDefined();
  });
});
