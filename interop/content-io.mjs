// Shared by the content-addressing scripts: the deterministic test content Java regenerates byte for byte.
import { createHash } from 'node:crypto';

/** The seed of the pseudo-random content; Java's ContentVectors uses the same text. */
export const CONTENT_SEED = 'healthkey content vectors';

/**
 * The first `length` bytes of SHA-256(seed || uint64be(0)) || SHA-256(seed || uint64be(1)) || ...
 * (seed as UTF-8, counter as an 8-byte big-endian integer).
 */
export function pseudoRandomContent(length) {
  const out = new Uint8Array(length);
  const seed = Buffer.from(CONTENT_SEED, 'utf8');
  const counter = Buffer.alloc(8);
  for (let offset = 0, i = 0n; offset < length; offset += 32, i++) {
    counter.writeBigUInt64BE(i);
    const block = createHash('sha256').update(seed).update(counter).digest();
    out.set(block.subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}

export const toHex = (bytes) => Buffer.from(bytes).toString('hex');
