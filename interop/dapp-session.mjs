// A dApp's session with the HealthKey API, using nothing but the standard libraries a dApp has: `siwe` makes the
// EIP-4361 message, an ethers 6 Wallet signs it (personal_sign), and fetch carries the bearer token afterwards.
import { SignTypedDataVersion, signTypedData as metamaskSignTypedData } from '@metamask/eth-sig-util';
import { SiweMessage } from 'siwe';

/**
 * The dApp that signs in: by default the one the backend's local profile accepts (application-local.yml, and
 * scripts/run.sh on its default port); HEALTHKEY_DAPP_DOMAIN and HEALTHKEY_DAPP_URI name another, e.g.
 * `localhost:18080` and `http://localhost:18080` for run.sh with BACKEND_PORT=18080.
 */
export const LOCAL_DAPP = {
  domain: process.env.HEALTHKEY_DAPP_DOMAIN ?? 'localhost:8080',
  uri: process.env.HEALTHKEY_DAPP_URI ?? 'http://localhost:8080',
};

/**
 * Signs `wallet` in at `backend` and returns a session: `json(path, init)` and `fetch(path, init)` send the token;
 * `json` throws on a non-2xx answer with the problem's code in the message.
 */
export async function signIn(backend, wallet, { domain, uri, chainId } = {}) {
  const network = await (await fetch(new URL('/api/v1/network', backend))).json();
  const { nonce } = await (await fetch(new URL('/api/v1/auth/nonce', backend), { method: 'POST' })).json();
  const message = new SiweMessage({
    domain: domain ?? LOCAL_DAPP.domain,
    address: wallet.address,
    statement: 'Sign in to HealthKey',
    uri: uri ?? LOCAL_DAPP.uri,
    version: '1',
    chainId: chainId ?? network.chainId,
    nonce,
    issuedAt: new Date().toISOString(),
  }).prepareMessage();
  const signature = await wallet.signMessage(message);
  const answer = await fetch(new URL('/api/v1/auth/session', backend), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  if (!answer.ok) throw new Error(`sign-in refused: HTTP ${answer.status} ${await answer.text()}`);
  const { token } = await answer.json();
  return new Session(backend, token, network);
}

export class Session {
  constructor(backend, token, network) {
    this.backend = backend;
    this.token = token;
    this.network = network;
  }

  fetch(path, init = {}) {
    const headers = { ...(init.headers ?? {}), Authorization: `Bearer ${this.token}` };
    return fetch(new URL(path, this.backend), { ...init, headers, duplex: init.body ? 'half' : undefined });
  }

  async json(path, init = {}) {
    const response = await this.fetch(path, init);
    const text = await response.text();
    if (!response.ok) {
      const error = new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status} ${text}`);
      error.status = response.status;
      try { error.code = JSON.parse(text).code; } catch { /* not problem+json */ }
      throw error;
    }
    return text ? JSON.parse(text) : undefined;
  }

  postJson(path, body) {
    return this.json(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** GETs typed data from the API (e.g. `/api/v1/typed-data/grant`) with `query` as its parameters. */
  typedData(path, query) {
    return this.json(`${path}?${new URLSearchParams(query)}`);
  }
}

/**
 * Signs typed data as the API serves it, the JSON `eth_signTypedData_v4` takes ({types, primaryType, domain,
 * message}), with an ethers 6 Signer: ethers wants the types without EIP712Domain, which it derives from `domain`.
 * When the signer holds its key, the untouched JSON is also signed by MetaMask's own eth_signTypedData_v4
 * implementation (@metamask/eth-sig-util), and the two signatures must be equal: the API's JSON is what a wallet
 * signs, not only what ethers accepts.
 */
export async function signTypedData(signer, typedData) {
  const { EIP712Domain, ...messageTypes } = typedData.types;
  const signature = await signer.signTypedData(typedData.domain, messageTypes, typedData.message);
  if (signer.privateKey) {
    const metamask = metamaskSignTypedData({
      privateKey: Buffer.from(signer.privateKey.slice(2), 'hex'),
      data: typedData,
      version: SignTypedDataVersion.V4,
    });
    if (metamask !== signature) {
      throw new Error(`eth_signTypedData_v4 (MetaMask) signs ${typedData.primaryType} as ${metamask}, ethers as ${signature}`);
    }
  }
  return signature;
}

/** The problem+json of a failed response: its HTTP status, content type and the fields of the problem. */
export async function problemOf(response) {
  const text = await response.text();
  let problem = {};
  try { problem = JSON.parse(text); } catch { problem = { body: text }; }
  return { status: response.status, contentType: response.headers.get('Content-Type'), ...problem };
}
