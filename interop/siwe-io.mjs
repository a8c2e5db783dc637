// Builds EIP-4361 (Sign-In with Ethereum) messages with the npm `siwe` package and signs them (EIP-191
// personal_sign) with an ethers 6 Wallet: the independent implementation the Java SiweMessage is tested against.
import { readFileSync } from 'node:fs';
import { Wallet } from 'ethers';
import { SiweMessage } from 'siwe';

/**
 * Makes and signs one message. `fields` holds the SiweMessage fields as the siwe package names them (domain, uri,
 * chainId, nonce, issuedAt, and optionally scheme, statement, expirationTime, notBefore, requestId, resources) and
 * `privateKey`; `address` defaults to the key's, and `version` to "1". Returns {message, signature, address}.
 */
export async function signSiwe({ privateKey, ...fields }) {
  const wallet = new Wallet(privateKey);
  const message = new SiweMessage({ version: '1', address: wallet.address, ...fields }).prepareMessage();
  return { message, signature: await wallet.signMessage(message), address: wallet.address };
}

/** Parses JSON from the file named by the first argument, or from stdin when there is none or it is "-". */
export function readJsonInput() {
  const file = process.argv[2];
  const text = file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(text);
}
