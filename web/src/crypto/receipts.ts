// A read receipt checked in the browser against the root the chain holds (docs/API.md, read proofs): the leaf is
// OpenZeppelin's StandardMerkleTree leaf, keccak256(keccak256(abi.encode(fields))), the proof sorted pairs, and the
// root is read from ReadReceiptRoots.batchOf through the user's own wallet (its node, not this service's word) or,
// without one, the network's public chain node.
import { concat, decodeFunctionResult, encodeAbiParameters, encodeFunctionData, getAddress,
  keccak256, parseAbi } from 'viem';
import type { Schemas } from '../api/client';
import type { ChainReader } from '../chain';
import type { Hex } from './bytes';

const ROOTS_ABI = parseAbi([
  'function batchOf(uint64 batch) view returns ((bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId, uint64 publishedAt))',
]);

const hashPair = (a: Hex, b: Hex): Hex => keccak256(BigInt(a) <= BigInt(b) ? concat([a, b]) : concat([b, a]));

export function leafHash(proof: Schemas['ReadProof']): Hex {
  const { leaf } = proof;
  const values = [leaf.salt, BigInt(leaf.readId), leaf.patient, leaf.reader, leaf.recordId, BigInt(leaf.readAt),
    leaf.allowed, BigInt(leaf.count)];
  const encoded = encodeAbiParameters(proof.leafTypes.map((type) => ({ type })), values);
  return keccak256(keccak256(encoded));
}

export function rootOf(proof: Schemas['ReadProof']): Hex {
  return proof.proof.reduce<Hex>((node, sibling) => hashPair(node, sibling as Hex), leafHash(proof));
}

export type ReceiptCheck = { verified: true; root: Hex } | { verified: false; reason: string };

/** Checks `proof` for the network's ReadReceiptRoots on the chain `reader` reads. */
export async function checkReceipt(proof: Schemas['ReadProof'], network: Schemas['NetworkResponse'],
    reader: ChainReader): Promise<ReceiptCheck> {
  if (getAddress(proof.contract) !== getAddress(network.contracts.readReceiptRoots)) {
    return { verified: false, reason: 'the proof names another contract' };
  }
  if (proof.chainId !== network.chainId) return { verified: false, reason: 'the proof is for another chain' };
  const data = encodeFunctionData({ abi: ROOTS_ABI, functionName: 'batchOf', args: [BigInt(proof.batch.number)] });
  const answer = await reader.request({ method: 'eth_call', params: [{ to: getAddress(proof.contract), data }, 'latest'] });
  const batch = decodeFunctionResult({ abi: ROOTS_ABI, functionName: 'batchOf', data: answer });
  const computed = rootOf(proof);
  if (computed !== batch.root) return { verified: false, reason: 'the receipt does not lead to the root on chain' };
  return { verified: true, root: batch.root };
}
