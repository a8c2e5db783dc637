// A passkey patient with no wallet, against the real stack through the API alone, with the app's own passkey code
// (src/crypto/passkey-signature.ts and passkey-key.ts, bundled for Node) and a software P-256 authenticator with a
// PRF (node:crypto, as Chromium's virtual authenticator computes it): the account address predicted before it
// exists is the factory's; SIWE signed through ERC-7739 and wrapped in ERC-6492 signs in as that address; the key
// derived from the PRF output is published with a KeyPublication signed the same way, which the relayer sends
// together with the account's deployment; the chain then holds the account's code and the derived key.
import assert from 'node:assert/strict';
import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';
import { createPublicClient, decodeFunctionResult, encodeFunctionData, http, parseAbi } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import { BASE_URL } from './harness.mjs';

const RPC_URL = process.env.WEB_CHAIN_RPC ?? 'http://127.0.0.1:8545';
const BUNDLE = new URL('../../target/passkey-account-test.mjs', import.meta.url);
const FACTORY_ABI = parseAbi(['function accountImplementation() view returns (address)',
  'function predictAccount(bytes32 qx, bytes32 qy, bytes32 salt) view returns (address)']);
const DIRECTORY_ABI = parseAbi(['function encryptionKeyOf(address account) view returns (bytes)']);
let app;
before(async () => {
  await build({ stdin: { contents: `export * from './src/crypto/passkey-signature';
    export * from './src/crypto/passkey-key';`, resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
  loader: 'ts' }, bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
  logLevel: 'error' });
  app = await import(BUNDLE);
});

/** INSECURE outside tests: a passkey with a P-256 key and an hmac-secret, answering as a browser hands it over. */
function softwarePasskey(rpId) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialSecret = Buffer.alloc(32, 7);
  return {
    qx: `0x${Buffer.from(jwk.x, 'base64url').toString('hex')}`,
    qy: `0x${Buffer.from(jwk.y, 'base64url').toString('hex')}`,
    /** navigator.credentials.get: the assertion over `challenge` (0x hex), its signature DER-encoded. */
    assert(challenge, origin) {
      const authenticatorData = Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([0x05]),
        Buffer.from([0, 0, 0, 1])]);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get',
        challenge: Buffer.from(challenge.slice(2), 'hex').toString('base64url'), origin, crossOrigin: false }));
      const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
      return { signature: sign('sha256', signed, { key: privateKey, dsaEncoding: 'der' }), authenticatorData,
        clientDataJSON };
    },
    /** The PRF's first result for `input`, as WebAuthn Level 3 turns it into hmac-secret's salt. */
    prf(input) {
      const salt = createHash('sha256').update('WebAuthn PRF').update(Buffer.of(0)).update(input).digest();
      return createHmac('sha256', credentialSecret).update(salt).digest();
    },
  };
}

async function api(method, path, { token, body } = {}) {
  const response = await fetch(new URL(path, BASE_URL), { method, headers: { 'Content-Type': 'application/json',
    ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
  const answer = await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

test('a passkey patient signs in and publishes its derived key before its account exists', { timeout: 180_000 },
  async () => {
    const base = new URL(BASE_URL);
    const network = await api('GET', '/api/v1/network');
    const chain = createPublicClient({ transport: http(RPC_URL) });
    const factory = network.accounts.factories[0];
    const passkey = softwarePasskey(base.hostname);
    const key = { qx: passkey.qx, qy: passkey.qy };
    const call = async (to, abi, functionName, args = []) => decodeFunctionResult({ abi, functionName,
      data: (await chain.call({ to, data: encodeFunctionData({ abi, functionName, args }) })).data });

    const implementation = await call(factory, FACTORY_ABI, 'accountImplementation');
    const account = app.predictAccount(factory, implementation, key);
    assert.equal(account, await call(factory, FACTORY_ABI, 'predictAccount', [key.qx, key.qy, `0x${'0'.repeat(64)}`]));
    assert.equal(await chain.getCode({ address: account }), undefined, 'not deployed yet');
    const signed = (challenge) => app.webAuthnAuth(passkey.assert(challenge, base.origin));

    const { nonce } = await api('POST', '/api/v1/auth/nonce');
    const message = createSiweMessage({ domain: base.host, address: account, statement: 'Sign in to HealthKey',
      uri: base.origin, version: '1', chainId: network.chainId, nonce, issuedAt: new Date() });
    const session = await api('POST', '/api/v1/auth/session', { body: { message,
      signature: app.undeployed(factory, key, signed(app.messageChallenge(message, account, network.chainId))) } });
    assert.equal(session.address, account);

    const encryptionKey = await app.deriveEncryptionKey(passkey.prf(app.PRF_INPUT), network.chainId, account);
    const publicKey = `0x${Buffer.from(PrivateKey.fromHex(Buffer.from(encryptionKey).toString('hex')).publicKey
      .toBytes(true)).toString('hex')}`;
    const typed = await api('GET', `/api/v1/typed-data/key-publication?publicKey=${publicKey}`,
      { token: session.token });
    const inner = app.typedDataSignature(typed, signed(app.typedDataChallenge(typed, account, network.chainId)));
    const accepted = await api('POST', '/api/v1/key-publications', { token: session.token,
      body: { publication: typed.message, signature: app.undeployed(factory, key, inner) } });
    let status = accepted;
    for (let until = Date.now() + 120_000; status.status !== 'CONFIRMED'; await new Promise((r) => setTimeout(r, 500))) {
      assert.ok(Date.now() < until && status.status !== 'FAILED', `key publication ${JSON.stringify(status)}`);
      status = await api('GET', accepted.statusUrl, { token: session.token });
    }

    assert.notEqual(await chain.getCode({ address: account }), undefined, 'deployed by the first relay');
    assert.equal(await call(network.contracts.participantDirectory, DIRECTORY_ABI, 'encryptionKeyOf', [account]),
      publicKey);
  });
