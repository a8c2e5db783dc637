// The CID the IPFS node gives a ciphertext (docs/FORMAT.md: `ipfs add --cid-version=1 --raw-leaves
// --chunker=size-262144`, balanced layout of at most 174 links), computed in the browser by ipfs-unixfs-importer
// from the Blob, one chunk at a time, storing no block.
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';

const CHUNK_SIZE = 262144;
const MAX_CHILDREN = 174;

async function* chunksOf(blob: Blob): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += CHUNK_SIZE) {
    yield new Uint8Array(await blob.slice(at, at + CHUNK_SIZE).arrayBuffer());
  }
}

/** The CIDv1 (base32) of `blob` as Kubo adds it. */
export const cidOf = (blob: Blob): Promise<string> => cidOfChunks(chunksOf(blob));

/** The CIDv1 (base32) of the bytes `chunks` yields, of any sizes, as Kubo adds them, computed as they stream by. */
export async function cidOfChunks(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const discard = { put: async (cid: unknown) => cid };
  let root: string | undefined;
  for await (const entry of importer([{ content: chunks }], discard as never, {
    cidVersion: 1,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN }),
    reduceSingleLeafToSelf: true,
  })) {
    root = entry.cid.toString();
  }
  if (root === undefined) throw new Error('no CID');
  return root;
}
