// The CID `ipfs add --cid-version=1 --raw-leaves --chunker=size-<chunkSize>` gives a file, computed offline by
// ipfs-unixfs-importer (an implementation independent of the Java one): fixed-size chunks as raw leaves, balanced
// layout with at most <maxChildren> links per node (Kubo: 174), a single chunk reduced to its raw leaf.
//
// Usage: node interop/cid-oracle.mjs <file | -> [chunkSize=262144] [maxChildren=174]
//   prints {"cid": ..., "dagSize": ..., "blocks": ...} as one JSON line
import { readFileSync } from 'node:fs';
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { MemoryBlockstore } from 'blockstore-core/memory';

export const KUBO_CHUNK_SIZE = 262144;
export const KUBO_MAX_CHILDREN = 174;

/** Imports `bytes`; returns the root CID, the root's cumulative DAG size and every block, keyed by CID. */
export async function importFile(bytes, chunkSize = KUBO_CHUNK_SIZE, maxChildren = KUBO_MAX_CHILDREN) {
  const blockstore = new MemoryBlockstore();
  const options = {
    cidVersion: 1,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize }),
    layout: balanced({ maxChildrenPerNode: maxChildren }),
    reduceSingleLeafToSelf: true,
  };
  let root;
  for await (const entry of importer([{ content: bytes }], blockstore, options)) root = entry;
  const blocks = new Map();
  for await (const { cid, bytes: block } of blockstore.getAll()) blocks.set(cid.toString(), await collect(block));
  return { cid: root.cid.toString(), dagSize: Number(root.size), blocks };
}

async function collect(block) {
  if (block instanceof Uint8Array) return block;
  const parts = [];
  for await (const part of block) parts.push(part);
  return Buffer.concat(parts);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, chunkArg, childrenArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cid-oracle.mjs <file | -> [chunkSize] [maxChildren]');
  const bytes = readFileSync(file === '-' ? 0 : file);
  const result = await importFile(bytes, Number(chunkArg ?? KUBO_CHUNK_SIZE), Number(childrenArg ?? KUBO_MAX_CHILDREN));
  console.log(JSON.stringify({ cid: result.cid, dagSize: result.dagSize, blocks: result.blocks.size }));
}
