import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxShardsConfig, nginxShardMaps } from './nginx-shards';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

describe('the NGINX config for shards', () => {
  it('hashes every shard by one key, consistently, and passes upgrades, streams and forwarded headers', () => {
    const conf = nginxShardsConfig({ listen: 8080, shards: ['10.0.0.1:3000', '10.0.0.2:3000'], prefix: '/var/lib/kubelab-nginx' });
    expect(conf).toContain('hash $kubelab_shard_key consistent;');
    expect(conf).toContain('server 10.0.0.1:3000 max_fails=1 fail_timeout=10s;');
    expect(conf).toContain('server 10.0.0.2:3000 max_fails=1 fail_timeout=10s;');
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_buffering off;');
    expect(conf).toContain('proxy_read_timeout 3600s;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(conf).toContain(nginxShardMaps().split('\n')[0]);
  });

  it('refuses a config without shards', () => {
    expect(() => nginxShardsConfig({ listen: 8080, shards: [], prefix: '/x' })).toThrow(/at least one shard/);
  });

  it.skipIf(!NGINX)("is accepted by Debian's nginx -t", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-nginx-conf-'));
    try {
      const file = path.join(dir, 'nginx.conf');
      fs.writeFileSync(file, nginxShardsConfig({ listen: '127.0.0.1:1', shards: ['127.0.0.1:2', '127.0.0.1:3'], prefix: dir, user: process.getuid?.() === 0 ? 'root' : undefined }));
      const r = spawnSync(NGINX!, ['-t', '-p', dir, '-c', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/README.md', () => {
  it("shows ingress-nginx's http-snippet maps exactly as the generator writes them", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../deploy/README.md'), 'utf8');
    const indented = nginxShardMaps()
      .trimEnd()
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n');
    expect(readme).toContain(`http-snippet: |\n${indented}\n`);
  });
});
