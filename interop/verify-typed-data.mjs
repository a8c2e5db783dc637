// Prints the address that signed EIP-712 typed data, as ethers recovers it.
// Input (stdin, or the file named by the first argument): {"typedData": <eth_signTypedData_v4 payload>,
// "signature": "0x..."}, or an array of such objects; one line per object: the checksummed address, or
// "ERROR <reason>" when ethers refuses the input.
import { verifyTypedData } from 'ethers';
import { forEachItem, readJsonInput, toEthersArguments } from './typed-data-io.mjs';

await forEachItem(readJsonInput(), ({ typedData, signature }) => verifyTypedData(...toEthersArguments(typedData), signature));
