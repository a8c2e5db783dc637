// Encryption keys as the chain's ParticipantDirectory holds them, read through the user's own wallet (or, without
// one, the network's public chain node, src/chain.ts): a record key
// is only ever wrapped for a key the chain says the account published, never for one the service merely names (a
// service that answered its own key would otherwise receive every re-wrapped record key).
import { decodeFunctionResult, encodeFunctionData, getAddress, parseAbi } from 'viem';
import type { ChainReader } from './chain';
import { InputError } from './problems';

const DIRECTORY_ABI = parseAbi(['function encryptionKeyOf(address account) view returns (bytes)']);

export interface Directory {
  reader: ChainReader;
  address: string;
}

/** The account's published key (33 bytes, compressed, 0x hex), or null when it has published none. */
export async function encryptionKeyOf(directory: Directory, account: string): Promise<string | null> {
  const data = encodeFunctionData({ abi: DIRECTORY_ABI, functionName: 'encryptionKeyOf', args: [getAddress(account)] });
  const answer = await directory.reader.request({ method: 'eth_call',
    params: [{ to: getAddress(directory.address), data }, 'latest'] });
  const key = decodeFunctionResult({ abi: DIRECTORY_ABI, functionName: 'encryptionKeyOf', data: answer });
  return key === '0x' ? null : key.toLowerCase();
}

/** The account's published key; an {@link InputError} when it has none. */
export async function requireEncryptionKey(directory: Directory, account: string): Promise<string> {
  const key = await encryptionKeyOf(directory, account);
  if (key === null) {
    throw new InputError('This account has not published an encryption key yet. Ask them to sign in to HealthKey and publish one.');
  }
  return key;
}
