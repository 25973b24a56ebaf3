/** Base-image files the catalog's images are built on (/etc/os-release and friends). */
export const DEBIAN_BOOKWORM: Record<string, string> = {
  '/etc/os-release':
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  '/etc/debian_version': '12.8\n',
  '/etc/hostname': '',
};

export function alpine(version: string): Record<string, string> {
  return {
    '/etc/os-release': `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}\nPRETTY_NAME="Alpine Linux v${version.split('.').slice(0, 2).join('.')}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
    '/etc/alpine-release': `${version}\n`,
  };
}

export function ubuntu(version: '22.04' | '24.04'): Record<string, string> {
  const [codename, full] = version === '22.04' ? ['jammy', '22.04.5 LTS (Jammy Jellyfish)'] : ['noble', '24.04.1 LTS (Noble Numbat)'];
  return {
    '/etc/os-release': `PRETTY_NAME="Ubuntu ${full.split(' (')[0]}"\nNAME="Ubuntu"\nVERSION_ID="${version}"\nVERSION="${full}"\nVERSION_CODENAME=${codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nUBUNTU_CODENAME=${codename}\n`,
  };
}

/** The busybox image has no os-release; its tools are all one binary. */
export const BUSYBOX: Record<string, string> = {
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  '/etc/group': 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n',
};
