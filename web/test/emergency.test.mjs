// What src/emergency.ts reads from the chain, against a fake chain node (the boundary): the events it asks for are
// EmergencyAccess's as the contract declares them (topics built independently by viem from the declarations), a
// keyholder sees only requests it may still approve, the doctor opens only the setup's single-record scopes, and the
// emergency key's reader address is the one docs/FORMAT.md defines (viem's publicKeyToAddress).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';
import { bytesToHex, encodeAbiParameters, encodeFunctionResult, pad, parseAbi, parseAbiItem, toEventSelector }
  from 'viem';
import { publicKeyToAddress } from 'viem/accounts';

const BUNDLE = new URL('../target/emergency-test.mjs', import.meta.url);
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const PATIENT = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const NETWORK = { chainId: 31337, startBlock: 7, contracts: { emergencyAccess: CONTRACT, recordRegistry: CONTRACT },
  eip712: { emergencyAccess: { domain: {}, types: {} } } };
const REQUESTED = toEventSelector(parseAbiItem('event EmergencyAccessRequested(address indexed requester, '
  + 'address indexed patient, uint16 purpose, bytes32 reasonHash, uint32 indexed round, uint64 approvalsUntil)'));
const SETUP_CHANGED = toEventSelector(parseAbiItem('event EmergencySetupChanged(address indexed patient, '
  + 'address[] keyholders, uint8 threshold, uint32 windowLength, bytes32[] scopes, uint32 indexed version)'));
const REQUEST_OF = parseAbi(['function requestOf(address patient, address requester) view returns (uint32 round, '
  + 'uint64 requestedAt, uint8 approvals, uint16 approvalBits, bool settled, uint64 openUntil)']);

let emergency;
before(async () => {
  await build({
    stdin: { contents: 'export * from \'./src/emergency\';', resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'ts' },
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error',
  });
  globalThis.location = new URL('http://localhost/app/'); // the API client's base URL, as in the page
  emergency = await import(BUNDLE);
});

/** A chain node answering eth_getLogs with `logs` and requestOf with `requests[requester]`; it keeps every call. */
function chainNode({ logs = [], requests = {} }) {
  const calls = [];
  const request = async ({ method, params }) => {
    calls.push({ method, params });
    if (method === 'eth_getLogs') return logs;
    const requester = `0x${params[0].data.slice(-40)}`.toLowerCase();
    const r = requests[requester] ?? [0, 0, 0, 0, false, 0];
    return encodeFunctionResult({ abi: REQUEST_OF, functionName: 'requestOf', result: r.map((v, i) =>
      (i === 1 || i === 5 ? BigInt(v) : v)) });
  };
  return { reader: { request }, calls };
}

const requestedBy = (requester) => ({ topics: [REQUESTED, pad(requester), pad(PATIENT), pad('0x1')], data: '0x' });
const now = () => Math.floor(Date.now() / 1000);

test('a keyholder sees the requests it may act on: approvable in their 12 hours, or open; each once', async () => {
  const [pending, open, closed, tooOld] = ['0x1111111111111111111111111111111111111111',
    '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333',
    '0x4444444444444444444444444444444444444444'];
  const { reader, calls } = chainNode({
    logs: [requestedBy(pending), requestedBy(open), requestedBy(pending), requestedBy(closed), requestedBy(tooOld)],
    requests: { [pending]: [2, now() - 60, 1, 1, false, 0], [open]: [1, now() - 60, 2, 3, true, now() + 900],
      [closed]: [1, now() - 60, 1, 1, true, 0], [tooOld]: [1, now() - 13 * 3600, 0, 0, false, 0] },
  });

  const found = await emergency.pendingRequests(reader, NETWORK, PATIENT);

  assert.deepEqual(found.map((r) => [r.requester.toLowerCase(), r.round, r.approvals]),
    [[pending, 2, 1], [open, 1, 2]]);
  assert.deepEqual(calls[0], { method: 'eth_getLogs', params: [{ address: CONTRACT,
    topics: [REQUESTED, null, pad(PATIENT).toLowerCase()], fromBlock: '0x7', toBlock: 'latest' }] });
  assert.equal(calls.filter((c) => c.method === 'eth_call').length, 4, 'requestOf once per requester');
});

test('the doctor opens the latest setup\'s single-record scopes, never a category nor all records', async () => {
  const record = `${PATIENT}000e00000000000000000001`.toLowerCase();
  const setup = (scopes) => ({ topics: [SETUP_CHANGED, pad(PATIENT), pad('0x1')], data: encodeAbiParameters(
    [{ type: 'address[]' }, { type: 'uint8' }, { type: 'uint32' }, { type: 'bytes32[]' }],
    [[CONTRACT], 2, 3600, scopes]) });
  const { reader, calls } = chainNode({ logs: [setup([pad('0x0')]),
    setup([pad('0x0'), pad('0xe'), record])] });

  assert.deepEqual(await emergency.emergencyRecords(reader, NETWORK, PATIENT), [record]);
  assert.deepEqual(calls[0].params[0].topics, [SETUP_CHANGED, pad(PATIENT).toLowerCase()]);
});

test('the emergency key\'s reader address is keccak256 of its point, as EncryptionPublicKey.address()', () => {
  const key = new PrivateKey();
  assert.equal(emergency.addressOfKey(key), publicKeyToAddress(bytesToHex(key.publicKey.toBytes(false))));
});
