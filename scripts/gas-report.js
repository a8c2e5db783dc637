// Prints a markdown table of gasUsed per operation on the in-process hardhat network.
// Exits 1 if a steady-state target is missed.
const hre = require("hardhat");
const { ethers } = hre;
const {
  READ, WRITE, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, REVOCATION_TYPES, CANCEL_NONCES_TYPES, KEY_PUBLICATION_TYPES,
  recordId, categoryScope, domainOf, compressedKey,
} = require("../test/helpers/healthkey");
const { accountRows } = require("./gas-accounts");
const { careRows } = require("./gas-care");

const BATCH = 100;
const rows = [];

async function gasOf(txPromise) {
  const receipt = await (await txPromise).wait();
  return receipt.gasUsed;
}

function row(operation, gas, target, steady = false) {
  rows.push({ operation, gas: BigInt(gas), target, steady });
}

function anchorOf(patient, category, serial, author, supersedes = ethers.ZeroHash) {
  return {
    id: recordId(patient, category, serial),
    author,
    contentDigest: ethers.keccak256(ethers.toUtf8Bytes(`${patient}/${serial}`)),
    codec: 0x55,
    supersedes,
  };
}

async function main() {
  if (hre.network.name !== "hardhat") throw new Error("run on the in-process hardhat network");
  const [admin, relayer, provider, other] = await ethers.getSigners();
  const patient = ethers.Wallet.createRandom().connect(ethers.provider);
  await admin.sendTransaction({ to: patient.address, value: ethers.parseEther("1") });

  const directory = await ethers.deployContract("ParticipantDirectory", [admin, admin]);
  const consent = await ethers.deployContract("ConsentRegistry", [directory]);
  const records = await ethers.deployContract("RecordRegistry", [consent, admin, relayer]);
  const baseline = await ethers.deployContract("AccessControlMock", [admin]);
  await directory.accredit(provider, "Clinic", ethers.ZeroHash);
  const consentDomain = await domainOf(consent);
  const now = BigInt((await ethers.provider.getBlock("latest")).timestamp);
  const expiresAt = now + 86_400n * 365n;
  const deadline = now + 3_600n;

  const signedGrant = async (grantee, scope, action, nonce) => {
    const grant = { patient: patient.address, grantee, scope, action, purpose: PURPOSE_TREATMENT,
      expiresAt, nonce, deadline };
    return [grant, await patient.signTypedData(consentDomain, GRANT_TYPES, grant)];
  };

  const first = await signedGrant(provider.address, categoryScope(CATEGORY.LAB), WRITE, 0);
  const firstGas = await gasOf(consent.connect(relayer).grantBySig(...first));
  const steady = await signedGrant(other.address, categoryScope(CATEGORY.LAB), READ, 1);
  row("grantBySig, relayed, steady (patient used a nonce before)",
    await gasOf(consent.connect(relayer).grantBySig(...steady)), 60_000, true);
  row("grantBySig, relayed, first-ever signature of the patient", firstGas, "-");
  row("grant (direct by patient)",
    await gasOf(consent.connect(patient).grant(other.address, ethers.ZeroHash, READ, PURPOSE_TREATMENT, expiresAt)),
    "-");
  const revocation = { patient: patient.address, grantee: other.address, scope: categoryScope(CATEGORY.LAB),
    action: READ, nonce: 2, deadline };
  const revocationSig = await patient.signTypedData(consentDomain, REVOCATION_TYPES, revocation);
  row("revokeBySig, relayed", await gasOf(consent.connect(relayer).revokeBySig(revocation, revocationSig)), "-");
  const cancellation = { patient: patient.address, newNonce: 13, nonce: 3, deadline };
  const cancellationSig = await patient.signTypedData(consentDomain, CANCEL_NONCES_TYPES, cancellation);
  row("cancelNoncesBySig, relayed", await gasOf(consent.connect(relayer).cancelNoncesBySig(cancellation, cancellationSig)), "-");
  row("invalidateNonces (direct by patient)", await gasOf(consent.connect(patient).invalidateNonces(20)), "-");

  const anchorFirst = await gasOf(records.connect(patient).anchor(anchorOf(patient.address, CATEGORY.LAB, 1, patient.address)));
  row("anchor one record by the patient, steady (anchored before)",
    await gasOf(records.connect(patient).anchor(anchorOf(patient.address, CATEGORY.LAB, 2, patient.address))),
    60_000, true);
  row("anchor one record, first-ever for the patient", anchorFirst, "-");
  row("anchor one record by relayer for a WRITE-granted provider",
    await gasOf(records.connect(relayer).anchor(anchorOf(patient.address, CATEGORY.LAB, 3, provider.address))),
    60_000, true);
  row("anchor one record by relayer for a WRITE-granted provider, first id of a word (each 256th serial)",
    await gasOf(records.connect(relayer).anchor(anchorOf(patient.address, CATEGORY.LAB, 512, provider.address))), "-");

  const onePatient = Array.from({ length: BATCH }, (_, i) => anchorOf(patient.address, CATEGORY.LAB, 10 + i, patient.address));
  const batchGas = await gasOf(records.connect(relayer).anchorBatch(onePatient));
  row(`anchorBatch of ${BATCH} for one patient, per record`, batchGas / BigInt(BATCH), 10_000, true);
  row(`anchorBatch of ${BATCH} for one patient, total`, batchGas, "-");

  const byProvider = Array.from({ length: BATCH }, (_, i) => anchorOf(patient.address, CATEGORY.LAB, 200 + i, provider.address));
  row(`anchorBatch of ${BATCH} by a WRITE-granted provider, per record`,
    (await gasOf(records.connect(relayer).anchorBatch(byProvider))) / BigInt(BATCH), 10_000, true);

  const patients = Array.from({ length: BATCH }, () => ethers.Wallet.createRandom().address);
  const manyFirst = await gasOf(records.connect(relayer).anchorBatch(patients.map((p) => anchorOf(p, CATEGORY.LAB, 1, p))));
  const manySteady = await gasOf(records.connect(relayer).anchorBatch(patients.map((p) => anchorOf(p, CATEGORY.LAB, 2, p))));
  row(`anchorBatch of ${BATCH} for ${BATCH} patients, per record, steady`, manySteady / BigInt(BATCH), "-");
  row(`anchorBatch of ${BATCH} for ${BATCH} patients, per record, first-ever`, manyFirst / BigInt(BATCH), "-");

  const account = ethers.Wallet.createRandom();
  const publication = { account: account.address, publicKey: compressedKey(account), nonce: 0, deadline };
  const publicationSig = await account.signTypedData(await domainOf(directory), KEY_PUBLICATION_TYPES, publication);
  row("publishEncryptionKeyBySig, relayed", await gasOf(directory.connect(relayer).publishEncryptionKeyBySig(publication, publicationSig)), "-");

  const roots = await ethers.deployContract("ReadReceiptRoots", [admin, relayer]);
  const someRoot = (n) => ethers.id(`read receipts root ${n}`);
  row("ReadReceiptRoots.publish, batch 1 (counter slot non-zero from deployment: next read id 1)",
    await gasOf(roots.connect(relayer).publish(1, someRoot(1), BATCH, 1, BATCH)), "-");
  row("ReadReceiptRoots.publish, steady (any batch after the first)",
    await gasOf(roots.connect(relayer).publish(2, someRoot(2), BATCH, BATCH + 1, 2 * BATCH)), 80_000, true);

  await careRows(row, { consent, relayer, patient, provider, other });
  await accountRows(row);

  const grantRoleGas = await gasOf(baseline.grantRole(ethers.id("SOME_ROLE"), other.address));
  row("OpenZeppelin AccessControl.grantRole (baseline)", grantRoleGas, "-");
  const steadyGrant = rows[0].gas;
  const ratio = Number((steadyGrant * 100n) / grantRoleGas) / 100;

  console.log("| operation | gas | target |");
  console.log("|---|---:|---:|");
  for (const r of rows) {
    const mark = r.steady ? (r.gas <= BigInt(r.target) ? " ok" : " MISSED") : "";
    const target = typeof r.target === "number" ? `<= ${r.target.toLocaleString("en-US")}${mark}` : r.target;
    console.log(`| ${r.operation} | ${r.gas.toLocaleString("en-US")} | ${target} |`);
  }
  console.log(`| ratio grantBySig (steady) / grantRole | ${ratio.toFixed(2)} | - |`);

  const missed = rows.filter((r) => r.steady && r.gas > BigInt(r.target));
  if (missed.length > 0) {
    console.error(`\nmissed targets: ${missed.map((r) => r.operation).join("; ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
