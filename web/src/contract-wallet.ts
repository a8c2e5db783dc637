// A guardian may be a contract wallet (a passkey account): its ShareTransfer signature recovers to no key, and only
// its contract can say whether it is valid (ERC-1271). The question goes through the user's own chain reader (the
// wallet's node, or the network's public chain node for a passkey), never the service.
import { type Address, encodeFunctionData, hashTypedData, parseAbi } from 'viem';
import type { ChainReader } from './chain';
import type { Hex } from './crypto/bytes';
import { type RecoveryDomain, SHARE_TRANSFER_TYPES, type ShareTransfer } from './crypto/recovery-kit';

const ERC1271 = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)']);
const MAGIC_VALUE = '0x1626ba7e';

/**
 * verifyTransfer's check for a contract-wallet guardian: whether `guardian`'s contract answers ERC-1271's magic value
 * for the transfer's EIP-712 digest and `signature`. A node that fails, or an account without code, answers no.
 */
export const contractWalletSigned = (reader: ChainReader, domain: RecoveryDomain, transfer: ShareTransfer,
    signature: Hex) => async (guardian: Address): Promise<boolean> => {
  const hash = hashTypedData({ domain, types: SHARE_TRANSFER_TYPES, primaryType: 'ShareTransfer',
    message: { ...transfer, deadline: BigInt(transfer.deadline) } });
  const data = encodeFunctionData({ abi: ERC1271, functionName: 'isValidSignature', args: [hash, signature] });
  const answer = await reader.request({ method: 'eth_call', params: [{ to: guardian, data }, 'latest'] })
    .catch(() => '0x');
  return answer.slice(0, 10) === MAGIC_VALUE;
};
