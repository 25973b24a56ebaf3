/** Version 4 UUIDs from injected randomness, so a seeded cluster names things the same way every run. */

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A version 4 UUID (RFC 9562) drawn from random (one call per byte; kept cheap: one per created object). */
export function uuidV4(random: () => number): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    let b = Math.floor(random() * 256) & 0xff;
    if (i === 6) b = (b & 0x0f) | 0x40;
    else if (i === 8) b = (b & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX_BYTES[b];
  }
  return out;
}
