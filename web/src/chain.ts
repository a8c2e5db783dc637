// Reading the chain without taking this service's word for it: through the user's wallet (its own node) or, for a
// user without a wallet (a passkey), through the public JSON-RPC URL GET /network names (publicChainRpcUrl; the
// page's Content-Security-Policy allows that origin and no other). Only eth_call, eth_getCode and eth_chainId of
// public data go there: no key, no record, no signature. The JSON-RPC call is a plain fetch: viem's http transport
// would add its retry, batching and error hierarchy to the bundle for three read methods.
import type { EIP1193Provider } from 'viem';
import { ChainNodeOnAnotherChain, NoChainNode } from './passkey-errors';

/** What the app reads the chain through: an EIP-1193 request function. */
export type ChainReader = Pick<EIP1193Provider, 'request'>;


/** The node answered a JSON-RPC error, or no JSON-RPC answer (its message is the node's, never a user's value). */
export class ChainNodeError extends Error {
  constructor(message: string, readonly code?: number) { super(message); }
}

/** JSON-RPC 2.0 over HTTP POST to `url`: one call, one answer. */
function jsonRpc(url: string): ChainReader {
  let id = 0;
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }) });
    const answer = await response.json().catch(() => null) as
      { result?: unknown; error?: { code?: number; message?: string } } | null;
    if (!response.ok || !answer || answer.error || !('result' in answer)) {
      throw new ChainNodeError(`the chain node answered ${method} with ${answer?.error?.message ?? response.status}`,
        answer?.error?.code);
    }
    return answer.result;
  };
  return { request } as ChainReader;
}

/** A reader through the network's public chain RPC, after checking that it serves the API's chain. */
export async function publicChainReader(network: { chainId: number; publicChainRpcUrl?: string })
    : Promise<ChainReader> {
  if (!network.publicChainRpcUrl) throw new NoChainNode('no public chain node is configured');
  const reader = jsonRpc(network.publicChainRpcUrl);
  const chainId = Number(await reader.request({ method: 'eth_chainId' }));
  if (chainId !== network.chainId) throw new ChainNodeOnAnotherChain(chainId, network.chainId);
  return reader;
}

/** Whether `address` holds code (a passkey account exists once its first relayed message deployed it). */
export async function hasCode(reader: ChainReader, address: `0x${string}`): Promise<boolean> {
  const code = await reader.request({ method: 'eth_getCode', params: [address, 'latest'] });
  return code !== '0x' && code !== '0x0';
}
