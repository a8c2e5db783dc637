// Helpers shared by the interop scripts: read JSON input, and hand an eth_signTypedData_v4 payload to ethers.
import { readFileSync } from 'node:fs';
import { TypedDataEncoder } from 'ethers';

/** Parses JSON from the file named by the first argument, or from stdin when there is none or it is "-". */
export function readJsonInput() {
  const file = process.argv[2];
  const text = file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(text);
}

/**
 * Splits an eth_signTypedData_v4 payload into the (domain, types, message) arguments of ethers, after checking
 * that the payload's EIP712Domain type is the one ethers derives from the domain: ethers ignores the declared one,
 * so a wrong declaration would otherwise go unnoticed.
 */
export function toEthersArguments(typedData) {
  const { EIP712Domain: declaredDomainType, ...types } = typedData.types;
  const derived = TypedDataEncoder.getPayload(typedData.domain, types, typedData.message);
  if (JSON.stringify(derived.types.EIP712Domain) !== JSON.stringify(declaredDomainType)) {
    throw new Error(`EIP712Domain type ${JSON.stringify(declaredDomainType)} is not ${JSON.stringify(derived.types.EIP712Domain)}`);
  }
  if (derived.primaryType !== typedData.primaryType) {
    throw new Error(`primaryType ${typedData.primaryType} is not ${derived.primaryType}`);
  }
  return [typedData.domain, types, typedData.message];
}

/** Applies fn to one item or to each item of an array, printing one line per item ("ERROR ..." on failure). */
export async function forEachItem(input, fn) {
  const items = Array.isArray(input) ? input : [input];
  for (const item of items) {
    try {
      console.log(await fn(item));
    } catch (error) {
      console.log(`ERROR ${error.shortMessage ?? error.message}`.replace(/\s+/g, ' '));
    }
  }
}
