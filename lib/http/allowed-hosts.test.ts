import { describe, expect, it } from 'vitest';
import { AllowedHosts, hostOf, misdirectedText } from './allowed-hosts';

const machine = { hostname: 'lab-pc', addresses: ['127.0.0.1', '::1', '192.0.2.7', 'fe80::1'] };

describe('allowed hosts', () => {
  it('by default are loopback, the machine name and addresses, whatever the port or case', () => {
    const hosts = AllowedHosts.fromEnv({}, machine);
    for (const h of ['localhost:3000', 'LOCALHOST', '127.0.0.1:80', '[::1]:3000', 'lab-pc:3000', 'lab-pc.', '192.0.2.7:3000', '[fe80::1]']) expect(hosts.allows(h), h).toBe(true);
    for (const h of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '192.0.2.8', undefined, '', 'localhost@evil.example', 'lab-pc:3000:1', 'lab-pc/x', 'lаb-pc']) expect(hosts.allows(h), String(h)).toBe(false);
  });

  it('come from KUBELAB_ALLOWED_HOSTS when set (loopback kept), plus the public URL host; * allows any', () => {
    const hosts = AllowedHosts.fromEnv({ KUBELAB_ALLOWED_HOSTS: 'class.example, 10.1.2.3', KUBELAB_PUBLIC_URL: 'https://kubelab.school.example/' }, machine);
    expect(hosts.allows('class.example:3000')).toBe(true);
    expect(hosts.allows('10.1.2.3')).toBe(true);
    expect(hosts.allows('kubelab.school.example')).toBe(true);
    expect(hosts.allows('localhost:3000')).toBe(true);
    expect(hosts.allows('lab-pc')).toBe(false);
    expect(AllowedHosts.fromEnv({ KUBELAB_ALLOWED_HOSTS: '*' }, machine).allows('anything.example')).toBe(true);
  });

  it('parse a Host header strictly and say what was refused in plain text', () => {
    expect(hostOf('[::1]:3000')).toBe('[::1]');
    expect(hostOf('x'.repeat(300))).toBeUndefined();
    expect(misdirectedText('evil.example\u0000')).toMatch(/^This portal does not answer for the host name evil\.example\?\./);
  });
});
