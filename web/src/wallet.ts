// The user's wallet, any EIP-1193 provider (window.ethereum, as MetaMask and others inject it), through viem.
import { type EIP1193Provider, getAddress, numberToHex, stringToHex } from 'viem';
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

export interface Wallet {
  provider: EIP1193Provider;
  address: Hex;
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
  return { provider, address: getAddress(account) };
}

/** Asks the wallet to switch to `chainId` if it is elsewhere; throws {@link WrongChain} if it stays elsewhere. */
export async function ensureChain(wallet: Wallet, chainId: number): Promise<void> {
  const current = Number(await request<string>(wallet.provider, { method: 'eth_chainId' }));
  if (current === chainId) return;
  try {
    await request(wallet.provider, { method: 'wallet_switchEthereumChain', params: [{ chainId: numberToHex(chainId) }] });
  } catch (error) {
    if (error instanceof WalletRejected) throw new WrongChain(current, chainId);
  }
  const after = Number(await request<string>(wallet.provider, { method: 'eth_chainId' }));
  if (after !== chainId) throw new WrongChain(after, chainId);
}

export const signMessage = (wallet: Wallet, message: string): Promise<Hex> =>
  request(wallet.provider, { method: 'personal_sign', params: [stringToHex(message), wallet.address] });

/** eth_signTypedData_v4 of the JSON the API serves ({types, primaryType, domain, message}), untouched. */
export const signTypedData = (wallet: Wallet, typed: unknown): Promise<Hex> =>
  request(wallet.provider, { method: 'eth_signTypedData_v4', params: [wallet.address, JSON.stringify(typed)] });
