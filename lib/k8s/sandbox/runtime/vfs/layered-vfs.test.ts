import { describe, expect, it } from 'vitest';
import { VfsError } from '../vfs-types';
import { LayeredVfs } from './layered-vfs';
import { MemoryVfs } from './memory-vfs';
import { SubdirVfs } from './subdir-vfs';

function container(shared: MemoryVfs, readOnly = false): LayeredVfs {
  const fs = new LayeredVfs(new MemoryVfs({ files: { '/etc/hostname': 'pod\n' } }));
  fs.mount('/var/log', shared, { readOnly });
  return fs;
}

describe('LayeredVfs', () => {
  it('shares an emptyDir between two containers: writes are read and watched live', () => {
    const emptyDir = new MemoryVfs();
    const app = container(emptyDir);
    const adapter = container(emptyDir);
    let changes = 0;
    adapter.watch('/var/log/app.log', () => changes++);
    app.writeFile('/var/log/app.log', 'line 1\n', { append: true });
    expect(adapter.readFile('/var/log/app.log')).toBe('line 1\n');
    expect(changes).toBe(1);
    expect(adapter.readFile('/etc/hostname')).toBe('pod\n');
  });

  it('lists mount points in their parent directory and routes to the longest mount', () => {
    const fs = container(new MemoryVfs());
    const nginx = new MemoryVfs();
    fs.mount('/var/log/nginx', nginx);
    fs.writeFile('/var/log/nginx/access.log', 'GET /\n');
    expect(nginx.readFile('/access.log')).toBe('GET /\n');
    expect(fs.readdir('/var')).toEqual(['log']);
    expect(fs.readdir('/var/log')).toEqual(['nginx']);
  });

  it('refuses writes under a readOnly mount with EROFS naming the container path', () => {
    const fs = container(new MemoryVfs(), true);
    let err: unknown;
    try {
      fs.writeFile('/var/log/x', 'y');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VfsError);
    expect((err as VfsError).message).toBe('/var/log/x: Read-only file system');
  });

  it('reports errors inside a mount with the container path', () => {
    const fs = container(new MemoryVfs());
    expect(() => fs.readFile('/var/log/none')).toThrow('/var/log/none: No such file or directory');
  });

  it('moves files across mounts by copying', () => {
    const fs = container(new MemoryVfs());
    fs.writeFile('/tmp-file', 'data');
    fs.rename('/tmp-file', '/var/log/moved');
    expect(fs.readFile('/var/log/moved')).toBe('data');
    expect(fs.exists('/tmp-file')).toBe(false);
  });

  it('serves a hostPath as a directory of the node tree', () => {
    const node = new MemoryVfs();
    const fs = new LayeredVfs(new MemoryVfs());
    fs.mount('/host/var/log', new SubdirVfs(node, '/var/log'));
    fs.writeFile('/host/var/log/syslog', 'boot\n');
    expect(node.readFile('/var/log/syslog')).toBe('boot\n');
  });
});
