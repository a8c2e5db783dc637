// A record's ciphertext, as it streams in, decrypted into a sink (a file) and checked against its CID on the way:
// the sink is closed, and so the plaintext presented, only once every segment authenticated, the envelope ended
// where its last segment says, and the CID matched; otherwise the sink is aborted. Nothing is held whole.
import type { Bytes } from './bytes';
import { cidOfChunks } from './cid';
import { EnvelopeDecryptor } from './envelope';

/** The ciphertext is not the one its CID names: it was changed on the way or in storage. */
export class CidMismatch extends Error {
  constructor() {
    super('the ciphertext does not match its CID');
  }
}

/** Where the plaintext goes: a FileSystemWritableFileStream is one. `close` presents it, `abort` discards it. */
export interface PlaintextSink {
  write(plaintext: ArrayBuffer): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Decrypts the envelope `ciphertext` yields into `sink`, checking the ciphertext's CID against `cid` as it goes by;
 * closes the sink when both passed, else aborts it and throws {@link CidMismatch} or the envelope's
 * EnvelopeRejected (or what the stream or the sink threw). `onRead` is called with the ciphertext's bytes read.
 */
export async function decryptVerified(ciphertext: AsyncIterable<Uint8Array>, cid: string, recordKey: Bytes,
    recordId: Bytes, sink: PlaintextSink, onRead: (bytes: number) => void = () => {}): Promise<void> {
  const decryptor = new EnvelopeDecryptor(recordKey, recordId);
  let read = 0;
  // The CID importer pulls the ciphertext; each chunk is decrypted and written before the importer sees it.
  async function* decryptingAsItGoes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of ciphertext) {
      for (const plaintext of await decryptor.push(chunk)) await sink.write(plaintext);
      read += chunk.length;
      onRead(read);
      yield chunk;
    }
    await sink.write(await decryptor.end());
  }
  try {
    if (await cidOfChunks(decryptingAsItGoes()) !== cid) throw new CidMismatch();
  } catch (failure) {
    await sink.abort().catch(() => {});
    throw failure;
  }
  await sink.close();
}
