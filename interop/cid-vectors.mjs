// Writes protocol/src/test/resources/vectors/unixfs.json: CIDs that ipfs-unixfs-importer 17.1.1 (the CID oracle,
// interop/cid-oracle.mjs) gives deterministic content, for the Java UnixFS importer to match. Content is either
// UTF-8 `text` or the first `length` bytes of the pseudo-random stream of content-io.mjs. Small DAGs also carry
// every dag-pb block (hex, keyed by its SHA-256 in hex), as known answers for the dag-pb and UnixFS encoders.
//
// Usage: node interop/cid-vectors.mjs [output file]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SEED, pseudoRandomContent, toHex } from './content-io.mjs';
import { importFile, KUBO_CHUNK_SIZE as CHUNK, KUBO_MAX_CHILDREN as LINKS } from './cid-oracle.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? resolve(ROOT, 'protocol/src/test/resources/vectors/unixfs.json');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const version = (name) => JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

// name, content ({ text } or { length }), chunk size, max children per node
const cases = [
  ['empty file', { length: 0 }, CHUNK, LINKS],
  ['one byte', { length: 1 }, CHUNK, LINKS],
  ['hello world', { text: 'hello world' }, CHUNK, LINKS],
  ['one chunk less one byte', { length: CHUNK - 1 }, CHUNK, LINKS],
  ['exactly one chunk (256 KiB)', { length: CHUNK }, CHUNK, LINKS],
  ['one chunk and one byte', { length: CHUNK + 1 }, CHUNK, LINKS],
  ['three chunks and a half', { length: 3 * CHUNK + CHUNK / 2 }, CHUNK, LINKS],
  ['174 chunks: one full node', { length: LINKS * CHUNK }, CHUNK, LINKS],
  ['174 chunks and one byte: two levels', { length: LINKS * CHUNK + 1 }, CHUNK, LINKS],
  ['1 KiB chunks, two chunks and five bytes', { length: 2 * 1024 + 5 }, 1024, LINKS],
  ['64 B chunks, 174*174 chunks and one byte: three levels', { length: LINKS * LINKS * 64 + 1 }, 64, LINKS],
  ['16 B chunks, 3 children per node, 28 chunks: four levels', { length: 28 * 16 }, 16, 3],
  ['16 B chunks, 3 children per node, 27 chunks: three full levels', { length: 27 * 16 }, 16, 3],
];

const vectors = [];
for (const [name, content, chunkSize, maxChildren] of cases) {
  const bytes = content.text !== undefined ? new TextEncoder().encode(content.text) : pseudoRandomContent(content.length);
  const { cid, dagSize, blocks } = await importFile(bytes, chunkSize, maxChildren);
  const vector = { name, ...content, size: bytes.length, chunkSize, maxChildren, cid, dagSize, blockCount: blocks.size };
  if (bytes.length <= 4 * CHUNK && blocks.size <= 8) {
    // The blockstore keys blocks by multihash alone, so the dag-pb blocks are those that are not a chunk of the content.
    const leaves = new Set([sha256(bytes.subarray(0, chunkSize))]);
    for (let offset = 0; offset < bytes.length; offset += chunkSize) leaves.add(sha256(bytes.subarray(offset, offset + chunkSize)));
    vector.dagPbBlocks = Object.fromEntries([...blocks.values()].map((block) => [sha256(block), toHex(block)])
      .filter(([digest]) => !leaves.has(digest)));
  }
  vectors.push(vector);
}

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({
  generator: 'interop/cid-vectors.mjs',
  library: `ipfs-unixfs-importer ${version('ipfs-unixfs-importer')}, blockstore-core ${version('blockstore-core')}`,
  parameters: 'cidVersion 1, rawLeaves, fixedSize chunker, balanced layout, reduceSingleLeafToSelf (= ipfs add --cid-version=1 --raw-leaves)',
  content: `text as UTF-8, or the first length bytes of SHA-256(seed || uint64be(0)) || SHA-256(seed || uint64be(1)) || ... with seed = UTF-8 "${CONTENT_SEED}"`,
  vectors,
}, null, 2) + '\n');
console.log(`wrote ${vectors.length} vectors to ${output}`);
