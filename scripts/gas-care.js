// Gas rows of caregivers and emergency access for scripts/gas-report.js (docs/CONTRACTS.md): appointing a caregiver,
// a caregiver's grant, the cascade revocation, and an emergency setup, request and approvals, all relayed.
const { ethers } = require("hardhat");
const {
  READ, CATEGORY, PURPOSE_TREATMENT, PURPOSE_ETREAT, POWER, APPOINTMENT_TYPES, CAREGIVER_GRANT_TYPES,
  CAREGIVER_REVOCATION_TYPES, EMERGENCY_SETUP_TYPES, EMERGENCY_REQUEST_TYPES, EMERGENCY_APPROVAL_TYPES,
  recordId, categoryScope, domainOf,
} = require("../test/helpers/healthkey");

const APPROVAL_TARGET = 60_000;

async function gasOf(txPromise) {
  return (await (await txPromise).wait()).gasUsed;
}

/** `consent` is a deployed ConsentRegistry whose directory accredited `provider`; `patient` signed before. */
async function careRows(row, { consent, relayer, patient, provider, other }) {
  const domain = await domainOf(consent);
  const { timestamp } = await ethers.provider.getBlock("latest");
  const expiresAt = BigInt(timestamp) + 86_400n * 365n;
  const deadline = BigInt(timestamp) + 3_600n;
  const parent = ethers.Wallet.createRandom();
  const scopes = [categoryScope(CATEGORY.LAB), categoryScope(CATEGORY.IMAGING)];

  const appointment = { appointer: patient.address, patient: patient.address, caregiver: parent.address, scopes,
    powers: POWER.READ | POWER.GRANT_REVOKE, expiresAt, nonce: await consent.nonces(patient), deadline };
  row("appointCaregiverBySig, relayed (2 categories, READ and GRANT_REVOKE)", await gasOf(consent.connect(relayer)
    .appointCaregiverBySig(appointment, await patient.signTypedData(domain, APPOINTMENT_TYPES, appointment))), "-");

  for (const [grantee, nonce] of [[provider.address, 0n], [other.address, 1n]]) {
    const grant = { caregiver: parent.address, patient: patient.address, grantee, scope: scopes[0], action: READ,
      purpose: PURPOSE_TREATMENT, expiresAt, nonce, deadline };
    const gas = await gasOf(consent.connect(relayer)
      .grantByCaregiverBySig(grant, await parent.signTypedData(domain, CAREGIVER_GRANT_TYPES, grant)));
    if (nonce === 1n) row("grantByCaregiverBySig, relayed, steady (the caregiver signed before)", gas, "-");
  }

  const revocation = { patient: patient.address, caregiver: parent.address, nonce: await consent.nonces(patient), deadline };
  row("revokeCaregiverBySig, relayed: the cascade that ends the caregiver and both its grants", await gasOf(consent
    .connect(relayer).revokeCaregiverBySig(revocation, await patient.signTypedData(domain, CAREGIVER_REVOCATION_TYPES, revocation))), "-");

  await emergencyRows(row, { consent, relayer, patient, provider, expiresAt, deadline });
}

async function emergencyRows(row, { consent, relayer, patient, provider, deadline }) {
  const emergency = await ethers.getContractAt("EmergencyAccess", await consent.emergencyAccess());
  const domain = await domainOf(emergency);
  const keyholders = [0, 1, 2].map(() => ethers.Wallet.createRandom());
  const setup = { patient: patient.address, keyholders: keyholders.map((k) => k.address), threshold: 2,
    windowLength: 4 * 3600, scopes: [recordId(patient.address, 14, 1), categoryScope(7)], nonce: 0n, deadline };
  row("EmergencyAccess.setupBySig, relayed (3 keyholders, 2 of 3, 2 scopes)", await gasOf(emergency.connect(relayer)
    .setupBySig(setup, await patient.signTypedData(domain, EMERGENCY_SETUP_TYPES, setup))), "-");

  const request = { requester: provider.address, patient: patient.address, purpose: PURPOSE_ETREAT,
    reasonHash: ethers.id("unconscious on arrival"), nonce: 0n, deadline };
  row("EmergencyAccess.requestAccessBySig, relayed (first request of this requester for this patient)",
    await gasOf(emergency.connect(relayer).requestAccessBySig(request,
      await provider.signTypedData(domain, EMERGENCY_REQUEST_TYPES, request))), "-");

  const approve = async (keyholder) => {
    const approval = { keyholder: keyholder.address, patient: patient.address, requester: provider.address, round: 1,
      deadline };
    return gasOf(emergency.connect(relayer).approveBySig(approval,
      await keyholder.signTypedData(domain, EMERGENCY_APPROVAL_TYPES, approval)));
  };
  row("EmergencyAccess.approveBySig, relayed, an approval below the threshold", await approve(keyholders[0]),
    APPROVAL_TARGET, true);
  row("EmergencyAccess.approveBySig, relayed, the k-th approval that opens the window", await approve(keyholders[1]),
    APPROVAL_TARGET, true);
}

module.exports = { careRows };
