// Writes protocol/src/test/resources/vectors/passkey-key.json with interop/passkey-key.mjs (node:crypto), for
// PasskeyEncryptionKeysVectorsTest. Each vector: a software authenticator's credential secret, the hmac-secret salt
// and PRF output it gives for the documented PRF input, the HKDF info, and the private and public keys.
//
// Usage: node interop/passkey-key-vectors.mjs [output directory]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrivateKey } from 'eciesjs';
import { ROOT, toHex } from './ecies-io.mjs';
import { deriveEncryptionKey, HKDF_SALT, hmacSecretSalt, info, PRF_INPUT, softwarePrf } from './passkey-key.mjs';

const outputDir = process.argv[2] ?? resolve(ROOT, 'protocol/src/test/resources/vectors');
const derived = (label) => createHash('sha256').update(`healthkey passkey vector: ${label}`).digest();

const cases = [
  { name: 'hardhat account 0 on the dev chain', chainId: 31337, account: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' },
  { name: 'the same credential, Sepolia', chainId: 11155111, account: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' },
  { name: 'the same credential, another account', chainId: 31337, account: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' },
  { name: 'largest chain id JavaScript reads exactly', chainId: Number.MAX_SAFE_INTEGER, account: '0xffffffffffffffffffffffffffffffffffffffff' },
  { name: 'another credential', chainId: 1, account: '0x0000000000000000000000000000000000000001', secret: 'second credential' },
];

const vectors = cases.map(({ name, chainId, account, secret = 'first credential' }) => {
  const credentialSecret = derived(secret);
  const prfOutput = softwarePrf(credentialSecret, PRF_INPUT);
  const privateKey = deriveEncryptionKey(prfOutput, chainId, account);
  return {
    name, chainId, account,
    credentialSecret: toHex(credentialSecret),
    hmacSecretSalt: toHex(hmacSecretSalt(PRF_INPUT)),
    prfOutput: toHex(prfOutput),
    info: toHex(info(chainId, account)),
    privateKey: toHex(privateKey),
    publicKey: toHex(new PrivateKey(privateKey).publicKey.toBytes(true)),
  };
});

mkdirSync(outputDir, { recursive: true });
writeFileSync(resolve(outputDir, 'passkey-key.json'), `${JSON.stringify({
  generator: 'interop/passkey-key-vectors.mjs (node:crypto hkdfSync, eciesjs for the public key)',
  prfInput: toHex(PRF_INPUT),
  hkdfSalt: toHex(HKDF_SALT),
  vectors,
}, null, 2)}\n`);
