// Deploys ParticipantDirectory, ConsentRegistry (which deploys EmergencyAccess itself), RecordRegistry,
// ReadReceiptRoots and the smart-account contracts (PasskeyAccountFactory, CounterfactualAccountRelay), or reuses a
// deployment whose contracts still have code; a deployment from before ReadReceiptRoots keeps its contracts and gains
// that one, one whose RecordRegistry predates isAnchored (a last serial per patient) gets a new RecordRegistry, and
// one without the smart-account contracts gains them. A ConsentRegistry from before caregivers and emergency access
// is kept (replacing it would lose its grants and the RecordRegistry bound to it): it is reported, and only a fresh
// deployment has them.
// Writes ${DEPLOYMENTS_DIR:-deployments}/<chainId>.json; the last stdout line is its path.
const fs = require("fs");
const path = require("path");
const hre = require("hardhat");
const { ethers } = hre;

// Hardhat's public account #1: a sane relayer on a dev chain only, since its key is known to everyone.
const DEV_CHAIN_ID = 31337;
const DEV_RELAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
// Hardhat's public account #2: on a dev chain, an accredited clinic that scripts/run.sh lets use the gateway.
const DEV_CLINIC = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const CORE = ["ParticipantDirectory", "ConsentRegistry", "RecordRegistry"];
// Smart-account patients (docs/CONTRACTS.md): the passkey account factory the relayer may call on a patient's first
// relay, and the relay that deploys and relays in one transaction. Neither holds a role or funds.
const ACCOUNTS = ["PasskeyAccountFactory", "CounterfactualAccountRelay"];

async function hasCode(address) {
  return (await ethers.provider.getCode(address)) !== "0x";
}

async function allHaveCode(existing, names) {
  if (!existing) return false;
  for (const name of names) {
    const address = existing.contracts?.[name]?.address;
    if (!address || !(await hasCode(address))) return false;
  }
  return true;
}

// The RecordRegistry of issue 12 keeps one bit per anchored id and answers isAnchored; the one before kept a last
// serial per patient (lastSerialOf), which the backend no longer reads.
async function answersIsAnchored(address) {
  const records = await ethers.getContractAt("RecordRegistry", address);
  try {
    await records.isAnchored(ethers.ZeroHash);
    return true;
  } catch {
    return false;
  }
}

// The EmergencyAccess a ConsentRegistry deployed in its constructor (same transaction), or null for one that predates it.
async function emergencyAccessOf(consentEntry) {
  const consent = await ethers.getContractAt("ConsentRegistry", consentEntry.address);
  try {
    return { ...consentEntry, address: await consent.emergencyAccess() };
  } catch {
    return null;
  }
}

async function deploy(name, args) {
  const contract = await ethers.deployContract(name, args);
  const receipt = await contract.deploymentTransaction().wait();
  return { contract, entry: { address: await contract.getAddress(), blockNumber: receipt.blockNumber, transactionHash: receipt.hash } };
}

async function main() {
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const dir = path.resolve(process.env.DEPLOYMENTS_DIR || "deployments");
  const file = path.join(dir, `${chainId}.json`);

  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
  if (await allHaveCode(existing, CORE)) {
    // Redeploying the others would lose their grants (and anchors): keep what still works, add what is missing.
    let changed = false;
    if (!(await answersIsAnchored(existing.contracts.RecordRegistry.address))) {
      const old = existing.contracts.RecordRegistry.address;
      const records = await deploy("RecordRegistry",
        [existing.contracts.ConsentRegistry.address, existing.roles.admin, existing.roles.relayer]);
      existing.contracts.RecordRegistry = records.entry;
      console.log(`RecordRegistry ${old} predates isAnchored: replaced by ${records.entry.address} ` +
        `(block ${records.entry.blockNumber}); the records anchored in the old one are not carried over`);
      changed = true;
    }
    if (!existing.contracts.EmergencyAccess) {
      const emergency = await emergencyAccessOf(existing.contracts.ConsentRegistry);
      if (emergency) {
        existing.contracts.EmergencyAccess = emergency;
        changed = true;
      } else {
        console.log(`ConsentRegistry ${existing.contracts.ConsentRegistry.address} predates caregivers and emergency ` +
          "access: kept with its grants; delete the deployment file for a fresh deployment that has them");
      }
    }
    if (!(await allHaveCode(existing, ["ReadReceiptRoots"]))) {
      const receipts = await deploy("ReadReceiptRoots", [existing.roles.admin, existing.roles.relayer]);
      existing.contracts.ReadReceiptRoots = receipts.entry;
      console.log(`ReadReceiptRoots ${receipts.entry.address} (block ${receipts.entry.blockNumber}) added`);
      changed = true;
    }
    for (const name of ACCOUNTS) {
      if (await allHaveCode(existing, [name])) continue;
      existing.contracts[name] = (await deploy(name, [])).entry;
      console.log(`${name} ${existing.contracts[name].address} (block ${existing.contracts[name].blockNumber}) added`);
      changed = true;
    }
    if (changed) fs.writeFileSync(file, `${JSON.stringify(existing, null, 2)}\n`);
    console.log(changed ? `updated ${file}` : `reusing ${file}`);
    console.log(file);
    return;
  }

  if (chainId !== DEV_CHAIN_ID && !process.env.RELAYER_ADDRESS) {
    throw new Error(`RELAYER_ADDRESS is required on chain ${chainId}: the default relayer's key is public`);
  }
  const [deployer] = await ethers.getSigners();
  const roles = {
    admin: deployer.address,
    accreditor: ethers.getAddress(process.env.ACCREDITOR_ADDRESS || deployer.address),
    relayer: ethers.getAddress(process.env.RELAYER_ADDRESS || DEV_RELAYER),
  };
  const directory = await deploy("ParticipantDirectory", [roles.admin, roles.accreditor]);
  const consent = await deploy("ConsentRegistry", [directory.entry.address]);
  const records = await deploy("RecordRegistry", [consent.entry.address, roles.admin, roles.relayer]);
  const receipts = await deploy("ReadReceiptRoots", [roles.admin, roles.relayer]);
  const contracts = {
    ParticipantDirectory: directory.entry, ConsentRegistry: consent.entry, RecordRegistry: records.entry,
    ReadReceiptRoots: receipts.entry, EmergencyAccess: await emergencyAccessOf(consent.entry),
  };
  for (const name of ACCOUNTS) contracts[name] = (await deploy(name, [])).entry;
  if (chainId === DEV_CHAIN_ID && roles.accreditor === deployer.address) {
    const licence = ethers.id("HealthKey dev clinic, not a real licence");
    await (await directory.contract.accredit(DEV_CLINIC, "HealthKey Dev Clinic", licence)).wait();
    roles.devClinic = DEV_CLINIC;
  }

  const deployment = {
    chainId,
    network: hre.network.name,
    deployer: deployer.address,
    startBlock: Math.min(...Object.values(contracts).map((c) => c.blockNumber)),
    contracts,
    roles,
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  for (const [name, c] of Object.entries(contracts)) console.log(`${name} ${c.address} (block ${c.blockNumber})`);
  console.log(file);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
