// The user's account as the app signs and reads the chain with it: a wallet, any EIP-1193 provider (window.ethereum,
// as MetaMask and others inject it), through viem; or a passkey account (src/passkey.ts), which has the same shape.
import type { PrivateKey } from 'eciesjs';
import { type EIP1193Provider, getAddress, numberToHex, stringToHex } from 'viem';
import type { ChainReader } from './chain';
import type { Hex } from './crypto/bytes';

declare global {
  interface Window { ethereum?: EIP1193Provider }
}

/** The user declined in their wallet (EIP-1193 error 4001). */
export class WalletRejected extends Error {}
/** The wallet is on another chain than the API's and would not switch. */
export class WrongChain extends Error {
  constructor(readonly walletChainId: number, readonly expectedChainId: number) {
    super(`the wallet is on chain ${walletChainId}, HealthKey on ${expectedChainId}`);
  }
}
/** No EIP-1193 provider in this browser. */
export class NoWallet extends Error {}

/** The signed-in account: who it is, where its chain reads go, and how it signs (EIP-191 and EIP-712). */
export interface Wallet {
  address: Hex;
  /** The wallet's own node; for a passkey, the network's public chain node. */
  reader: ChainReader;
  signMessage(message: string): Promise<Hex>;
  /** The signature of the JSON the API serves ({types, primaryType, domain, message}), untouched. */
  signTypedData(typed: unknown): Promise<Hex>;
  /** Makes sure the account signs for `chainId` (a wallet is asked to switch); throws when it cannot. */
  ensureChain(chainId: number): Promise<void>;
  /** A passkey account's encryption key, derived from its latest assertion's PRF output; a wallet has none. */
  encryptionKey?(): Promise<PrivateKey>;
}

async function request<T>(provider: EIP1193Provider, call: { method: string; params?: unknown[] }): Promise<T> {
  try {
    return await (provider.request as (args: typeof call) => Promise<T>)(call);
  } catch (error) {
    if ((error as { code?: number }).code === 4001) throw new WalletRejected('declined in the wallet');
    throw error;
  }
}

export async function connectWallet(): Promise<Wallet> {
  const provider = window.ethereum;
  if (!provider) throw new NoWallet('no wallet in this browser');
  const [account] = await request<string[]>(provider, { method: 'eth_requestAccounts' });
  if (!account) throw new NoWallet('the wallet shared no account');
  const address = getAddress(account);
  return {
    address,
    reader: provider,
    signMessage: (message) => request(provider, { method: 'personal_sign', params: [stringToHex(message), address] }),
    signTypedData: (typed) => request(provider, { method: 'eth_signTypedData_v4',
      params: [address, JSON.stringify(typed)] }),
    ensureChain: (chainId) => ensureChain(provider, chainId),
  };
}

/** Asks the wallet to switch to `chainId` if it is elsewhere; throws {@link WrongChain} if it stays elsewhere. */
async function ensureChain(provider: EIP1193Provider, chainId: number): Promise<void> {
  const current = Number(await request<string>(provider, { method: 'eth_chainId' }));
  if (current === chainId) return;
  try {
    await request(provider, { method: 'wallet_switchEthereumChain', params: [{ chainId: numberToHex(chainId) }] });
  } catch (error) {
    if (error instanceof WalletRejected) throw new WrongChain(current, chainId);
  }
  const after = Number(await request<string>(provider, { method: 'eth_chainId' }));
  if (after !== chainId) throw new WrongChain(after, chainId);
}

export const signMessage = (wallet: Wallet, message: string): Promise<Hex> => wallet.signMessage(message);

/** The account's signature of the typed data the API serves. */
export const signTypedData = (wallet: Wallet, typed: unknown): Promise<Hex> => wallet.signTypedData(typed);
