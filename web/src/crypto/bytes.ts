// Hex and bytes, as the API writes them (0x + lowercase hex). Bytes are ArrayBuffer-backed, as WebCrypto takes them.
import { bytesToHex, hexToBytes } from 'viem';

export type Hex = `0x${string}`;
export type Bytes = Uint8Array<ArrayBuffer>;

export const toHex = (bytes: Uint8Array): Hex => bytesToHex(bytes);
export const fromHex = (hex: string): Bytes => new Uint8Array(hexToBytes(hex as Hex));
export const randomBytes = (length: number): Bytes => crypto.getRandomValues(new Uint8Array(length));

export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
