// Signs EIP-712 typed data with an ethers Wallet, as a wallet's eth_signTypedData_v4 would. For tests with
// throwaway keys only.
// Input (stdin, or the file named by the first argument): {"typedData": <eth_signTypedData_v4 payload>,
// "privateKey": "0x..."}, or an array of such objects; one line per object: the 65-byte signature r|s|v as
// 0x hex, or "ERROR <reason>".
import { Wallet } from 'ethers';
import { forEachItem, readJsonInput, toEthersArguments } from './typed-data-io.mjs';

await forEachItem(readJsonInput(), ({ typedData, privateKey }) =>
  new Wallet(privateKey).signTypedData(...toEthersArguments(typedData)));
