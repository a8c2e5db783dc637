const { ethers } = require("hardhat");

const ONE_DAY = 86_400;

async function fundedWallet(funder) {
  const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
  await funder.sendTransaction({ to: wallet.address, value: ethers.parseEther("10") });
  return wallet;
}

async function now() {
  return BigInt((await ethers.provider.getBlock("latest")).timestamp);
}

/** Directory, consent and record registries, an accredited provider, a patient wallet and its ERC-1271 wallet. */
async function deployHealthKey() {
  const [admin, accreditor, relayer, provider, otherProvider, stranger] = await ethers.getSigners();
  const directory = await ethers.deployContract("ParticipantDirectory", [admin, accreditor]);
  const consent = await ethers.deployContract("ConsentRegistry", [directory]);
  const records = await ethers.deployContract("RecordRegistry", [consent, admin, relayer]);
  await directory.connect(accreditor).accredit(provider, "Clinic Nord", ethers.id("licence-1"));
  await directory.connect(accreditor).accredit(otherProvider, "Clinic Sud", ethers.id("licence-2"));
  const patient = await fundedWallet(admin);
  const otherPatient = await fundedWallet(admin);
  const walletOwner = ethers.Wallet.createRandom();
  const contractWallet = await ethers.deployContract("ERC1271WalletMock", [walletOwner.address]);
  return {
    admin, accreditor, relayer, provider, otherProvider, stranger,
    directory, consent, records, patient, otherPatient, walletOwner, contractWallet,
  };
}

module.exports = { ONE_DAY, fundedWallet, now, deployHealthKey };
