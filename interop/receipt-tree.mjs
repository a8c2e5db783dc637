// Read receipt trees with @openzeppelin/merkle-tree (StandardMerkleTree), the oracle for the Java ReceiptTree.
// A receipt is the array [salt, readId, patient, reader, recordId, readAt, allowed, count] (docs/FORMAT.md).
//
// Usage: node interop/receipt-tree.mjs build   < {"receipts": [receipt, ...]}
//          prints {"root", "leaves": [{"leafHash", "proof"}]}, in the order of the input
//        node interop/receipt-tree.mjs verify  < {"root", "items": [{"receipt", "proof"}]}
//          prints one line per item: true or false (StandardMerkleTree.verify)
//        node interop/receipt-tree.mjs vectors [output file]   writes the known-answer vectors
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { ROOT } from './ecies-io.mjs';

export const LEAF_TYPES = ['bytes32', 'uint64', 'address', 'address', 'bytes32', 'uint64', 'bool', 'uint64'];
const VERSION = JSON.parse(
  readFileSync(resolve(ROOT, 'node_modules/@openzeppelin/merkle-tree/package.json'), 'utf8')).version;

/** JSON numbers lose precision beyond 2^53: uint64 fields travel as decimal strings. */
const values = (receipt) => receipt.map((field, i) => (LEAF_TYPES[i] === 'uint64' ? BigInt(field) : field));

export function build(receipts) {
  const tree = StandardMerkleTree.of(receipts.map(values), LEAF_TYPES);
  return {
    root: tree.root,
    leaves: receipts.map((_, i) => ({ leafHash: tree.leafHash(tree.at(i)), proof: tree.getProof(i) })),
  };
}

function verify({ root, items }) {
  return items.map(({ receipt, proof }) => StandardMerkleTree.verify(root, LEAF_TYPES, values(receipt), proof));
}

function vectors() {
  const hex = (label, length) => `0x${createHash('sha256').update(`healthkey receipt vector: ${label}`).digest()
    .subarray(0, length).toString('hex')}`;
  const receipt = (n, patient) => [hex(`salt ${n}`, 32), String(n), patient, hex(`reader ${n}`, 20),
    `${patient}0003${(n % 7).toString(16).padStart(20, '0')}`, String(1_800_000_000 + n), n % 3 !== 0,
    n % 3 !== 0 ? '1' : String(1 + (n % 300))];
  const sizes = [1, 2, 3, 4, 5, 7, 8, 16, 33];
  // Java holds readId and readAt in a long: 2^63 - 1 is the largest either takes.
  const extremes = [hex('salt max', 32), '9223372036854775807', '0xffffffffffffffffffffffffffffffffffffffff',
    '0x0000000000000000000000000000000000000000', `0x${'f'.repeat(40)}0003${'f'.repeat(20)}`,
    '9223372036854775807', false, '9223372036854775807'];
  const cases = sizes.map((size) => ({
    name: `${size} receipts`,
    receipts: Array.from({ length: size }, (_, i) => receipt(size * 100 + i, hex(`patient ${i % 2}`, 20))),
  }));
  cases.push({ name: 'largest ids and times, zero reader', receipts: [extremes, receipt(1, hex('patient 0', 20))] });
  return {
    library: `@openzeppelin/merkle-tree ${VERSION} StandardMerkleTree`,
    leafTypes: LEAF_TYPES,
    vectors: cases.map((c) => ({ ...c, ...build(c.receipts) })),
  };
}

const mode = process.argv[2];
if (mode === 'vectors') {
  const output = process.argv[3] ?? resolve(ROOT, 'protocol/src/test/resources/vectors/read-receipts.json');
  writeFileSync(output, `${JSON.stringify(vectors(), null, 2)}\n`);
  console.log(output);
} else if (mode === 'build' || mode === 'verify') {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  if (mode === 'build') console.log(JSON.stringify(build(input.receipts)));
  else for (const ok of verify(input)) console.log(ok);
} else {
  console.error('usage: receipt-tree.mjs build|verify|vectors');
  process.exitCode = 2;
}
