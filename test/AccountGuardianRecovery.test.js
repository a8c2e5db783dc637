const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const { READ, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, categoryScope, domainOf } = require("./helpers/healthkey");
const { SoftwareAuthenticator, signTypedDataAs, signedExecution } = require("./helpers/webauthn");
const { RECOVERY_APPROVAL_TYPES, deployPasskeyAccount } = require("./helpers/accounts");

describe("AccountGuardianRecovery", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const { relayer, admin } = base;
    const factory = await ethers.deployContract("PasskeyAccountFactory");
    const lostDevice = new SoftwareAuthenticator();
    const account = await deployPasskeyAccount(factory, lostDevice, relayer);
    const accountAddress = await account.getAddress();
    const [alice, bob] = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom()];
    const carolOwner = ethers.Wallet.createRandom();
    const carolWallet = await ethers.deployContract("ERC1271WalletMock", [carolOwner.address]); // a contract guardian
    const guardians = [alice.address, bob.address, await carolWallet.getAddress()];
    const deadline = (await now()) + 365n * BigInt(ONE_DAY);
    const execute = async (data, authenticator = lostDevice) =>
      account.connect(relayer).executeWithSig(...await signedExecution(account, authenticator, [{ to: accountAddress, data }], deadline));
    await execute(account.interface.encodeFunctionData("setGuardians", [guardians, 2]));
    const newDevice = new SoftwareAuthenticator();
    const domain = await domainOf(account);
    const approval = async (signer, { key = newDevice, round = undefined, signDomain = domain, until = deadline } = {}) => {
      const message = { round: round ?? (await account.recoveryRound()), qx: key.qx, qy: key.qy, deadline: until };
      return signer.signTypedData(signDomain, RECOVERY_APPROVAL_TYPES, message);
    };
    const approve = async (guardian, signature, key = newDevice, until = deadline) =>
      account.connect(admin).approveRecovery(guardian, key.qx, key.qy, until, signature);
    return {
      ...base, factory, account, accountAddress, lostDevice, newDevice, alice, bob, carolOwner, carolWallet,
      guardians, deadline, domain, execute, approval, approve,
    };
  }

  async function scheduled() {
    const f = await loadFixture(fixture);
    await f.approve(f.alice.address, await f.approval(f.alice));
    await f.approve(f.guardians[2], await f.approval(f.carolOwner)); // the contract guardian answers by ERC-1271
    return f;
  }

  describe("guardian settings", function () {
    it("stores the guardians and the threshold the passkey set, and starts round 1", async function () {
      const { account, guardians } = await loadFixture(fixture);
      expect(await account.guardians()).to.deep.equal(guardians);
      expect(await account.recoveryThreshold()).to.equal(2n);
      expect(await account.recoveryRound()).to.equal(1n);
      expect(await account.RECOVERY_APPROVAL_TYPEHASH())
        .to.equal(ethers.id("RecoveryApproval(uint64 round,bytes32 qx,bytes32 qy,uint256 deadline)"));
    });

    it("reverts with GuardianRecoveryInvalidGuardian for a zero, self or repeated guardian", async function () {
      const { account, accountAddress, execute, alice } = await loadFixture(fixture);
      for (const [list, culprit] of [
        [[alice.address, ethers.ZeroAddress], ethers.ZeroAddress],
        [[accountAddress], accountAddress],
        [[alice.address, alice.address], alice.address],
      ]) {
        await expect(execute(account.interface.encodeFunctionData("setGuardians", [list, 1])))
          .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidGuardian").withArgs(culprit);
      }
    });

    it("reverts with GuardianRecoveryInvalidThreshold for 0 of n and for k above n", async function () {
      const { account, execute, guardians } = await loadFixture(fixture);
      await expect(execute(account.interface.encodeFunctionData("setGuardians", [guardians, 0])))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidThreshold").withArgs(0n, 3n);
      await expect(execute(account.interface.encodeFunctionData("setGuardians", [guardians, 4])))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidThreshold").withArgs(4n, 3n);
    });

    it("turns recovery off with no guardians and threshold 0", async function () {
      const { account, execute, approve, approval, alice } = await loadFixture(fixture);
      await expect(execute(account.interface.encodeFunctionData("setGuardians", [[], 0])))
        .to.emit(account, "GuardiansChanged").withArgs(2n, [], 0n);
      await expect(approve(alice.address, await approval(alice)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryNotGuardian").withArgs(alice.address);
    });

    it("sets the recovery delay within its floor and ceiling", async function () {
      const { account, execute } = await loadFixture(fixture);
      const [min, max] = [await account.MIN_RECOVERY_DELAY(), await account.MAX_RECOVERY_DELAY()];
      for (const delay of [min - 1n, max + 1n]) {
        await expect(execute(account.interface.encodeFunctionData("setRecoveryDelay", [delay])))
          .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidDelay").withArgs(delay, min, max);
      }
      await expect(execute(account.interface.encodeFunctionData("setRecoveryDelay", [min])))
        .to.emit(account, "RecoveryDelayChanged").withArgs(min);
      expect(await account.recoveryDelay()).to.equal(min);
    });

    it("refuses guardian settings and cancellation from anyone but the account", async function () {
      const { account, guardians, stranger } = await loadFixture(fixture);
      for (const call of [
        () => account.connect(stranger).setGuardians(guardians, 1),
        () => account.connect(stranger).setRecoveryDelay(ONE_DAY),
        () => account.connect(stranger).cancelRecovery(),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(account, "AccountUnauthorized").withArgs(stranger.address);
      }
    });
  });

  describe("recovery", function () {
    it("rotates the signer after k approvals relayed by anyone and the time lock; the address stays", async function () {
      const f = await loadFixture(fixture);
      const { account, accountAddress, newDevice, alice, carolOwner, guardians, approve, approval } = f;
      const signerHash = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [newDevice.qx, newDevice.qy]));
      await expect(approve(alice.address, await approval(alice)))
        .to.emit(account, "RecoveryApproved").withArgs(1n, alice.address, signerHash, newDevice.qx, newDevice.qy, 1n)
        .and.not.to.emit(account, "RecoveryScheduled");
      const tx = approve(guardians[2], await approval(carolOwner));
      const executableAt = BigInt(await time.latest()) + 1n + (await account.DEFAULT_RECOVERY_DELAY());
      await expect(tx).to.emit(account, "RecoveryScheduled").withArgs(1n, newDevice.qx, newDevice.qy, executableAt);
      expect(await account.pendingRecovery()).to.deep.equal([newDevice.qx, newDevice.qy, executableAt]);

      await expect(account.executeRecovery())
        .to.be.revertedWithCustomError(account, "GuardianRecoveryTimelocked").withArgs(executableAt);
      await time.increaseTo(executableAt);
      await expect(account.connect(f.stranger).executeRecovery())
        .to.emit(account, "RecoveryExecuted").withArgs(1n, newDevice.qx, newDevice.qy);
      expect(await account.signer()).to.deep.equal([newDevice.qx, newDevice.qy]);
      expect(await account.recoveryRound()).to.equal(2n);
      expect(await account.pendingRecovery()).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash, 0n]);

      // The same address now signs with the new device only.
      const t = await now();
      const grant = {
        patient: accountAddress, grantee: f.provider.address, scope: categoryScope(CATEGORY.LAB), action: READ,
        purpose: PURPOSE_TREATMENT, expiresAt: t + BigInt(ONE_DAY), nonce: 0n, deadline: t + 3600n,
      };
      const consentDomain = await domainOf(f.consent);
      const sign = (device) => signTypedDataAs(account, (h) => device.sign(h), consentDomain, GRANT_TYPES, grant);
      await expect(f.consent.connect(f.relayer).grantBySig(grant, await sign(f.lostDevice)))
        .to.be.revertedWithCustomError(f.consent, "ConsentRegistryInvalidSigner");
      await expect(f.consent.connect(f.relayer).grantBySig(grant, await sign(newDevice))).to.emit(f.consent, "AccessGranted");
    });

    it("takes the approval of a guardian that is itself a passkey account (ERC-1271, ERC-7739)", async function () {
      const { account, execute, factory, relayer, alice, domain, newDevice, deadline, approve, approval } = await loadFixture(fixture);
      const guardianDevice = new SoftwareAuthenticator();
      const guardianAccount = await deployPasskeyAccount(factory, guardianDevice, relayer, ethers.id("guardian"));
      const guardianAddress = await guardianAccount.getAddress();
      await execute(account.interface.encodeFunctionData("setGuardians", [[alice.address, guardianAddress], 2]));
      await approve(alice.address, await approval(alice));
      const message = { round: await account.recoveryRound(), qx: newDevice.qx, qy: newDevice.qy, deadline };
      const signature = await signTypedDataAs(guardianAccount, (h) => guardianDevice.sign(h), domain, RECOVERY_APPROVAL_TYPES, message);
      await expect(approve(guardianAddress, signature)).to.emit(account, "RecoveryScheduled");
    });

    it("does nothing when the patient cancels during the time lock", async function () {
      const { account, execute, newDevice, alice, approve, approval, lostDevice } = await scheduled();
      await expect(execute(account.interface.encodeFunctionData("cancelRecovery")))
        .to.emit(account, "RecoveryCancelled").withArgs(1n);
      await time.increase(await account.MAX_RECOVERY_DELAY());
      await expect(account.executeRecovery()).to.be.revertedWithCustomError(account, "GuardianRecoveryNotScheduled");
      expect(await account.signer()).to.deep.equal([lostDevice.qx, lostDevice.qy]);
      expect(await account.recoveryApprovals(newDevice.qx, newDevice.qy)).to.equal(0n);
      // The approvals of the cancelled round are void.
      await expect(approve(alice.address, await approval(alice, { round: 1n })))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidApproval").withArgs(alice.address);
    });

    it("reverts with GuardianRecoveryNotScheduled when no recovery reached its threshold", async function () {
      const { account, alice, approve, approval } = await loadFixture(fixture);
      await expect(account.executeRecovery()).to.be.revertedWithCustomError(account, "GuardianRecoveryNotScheduled");
      await approve(alice.address, await approval(alice));
      await expect(account.executeRecovery()).to.be.revertedWithCustomError(account, "GuardianRecoveryNotScheduled");
    });

    it("takes no approval while a recovery is scheduled", async function () {
      const { account, bob, approve, approval } = await scheduled();
      await expect(approve(bob.address, await approval(bob)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryAlreadyScheduled").withArgs(1n);
    });
  });

  describe("attacks on approvals", function () {
    it("rejects a forged approval: a stranger's signature in a guardian's name", async function () {
      const { account, alice, stranger, approve, approval } = await loadFixture(fixture);
      await expect(approve(alice.address, await approval(stranger)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidApproval").withArgs(alice.address);
    });

    it("rejects an approval from a non-guardian", async function () {
      const { account, stranger, approve, approval } = await loadFixture(fixture);
      await expect(approve(stranger.address, await approval(stranger)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryNotGuardian").withArgs(stranger.address);
    });

    it("counts a guardian's approval once, however often it is relayed", async function () {
      const { account, alice, newDevice, approve, approval } = await loadFixture(fixture);
      const signature = await approval(alice);
      await approve(alice.address, signature);
      await expect(approve(alice.address, signature))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryAlreadyApproved").withArgs(alice.address);
      await expect(approve(alice.address, await approval(alice)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryAlreadyApproved").withArgs(alice.address);
      expect(await account.recoveryApprovals(newDevice.qx, newDevice.qy)).to.equal(1n);
      expect((await account.pendingRecovery()).executableAt).to.equal(0n);
    });

    it("rejects an approval replayed after the recovery it served (a new round)", async function () {
      const { account, alice, approve, approval } = await scheduled();
      const old = await approval(alice, { round: 1n });
      await time.increase(await account.DEFAULT_RECOVERY_DELAY());
      await account.executeRecovery();
      await expect(approve(alice.address, old))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidApproval").withArgs(alice.address);
    });

    it("rejects an approval signed for another chain", async function () {
      const { account, alice, domain, approve, approval } = await loadFixture(fixture);
      await expect(approve(alice.address, await approval(alice, { signDomain: { ...domain, chainId: 1n } })))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidApproval").withArgs(alice.address);
    });

    it("rejects an approval signed for another account with the same guardians", async function () {
      const { account, alice, domain, approve, approval, factory, relayer } = await loadFixture(fixture);
      const other = await deployPasskeyAccount(factory, new SoftwareAuthenticator(), relayer);
      await expect(approve(alice.address, await approval(alice, { signDomain: { ...domain, verifyingContract: await other.getAddress() } })))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidApproval").withArgs(alice.address);
    });

    it("rejects an expired approval", async function () {
      const { account, alice, approve, approval } = await loadFixture(fixture);
      const until = (await now()) - 1n;
      await expect(approve(alice.address, await approval(alice, { until }), undefined, until))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryExpiredApproval").withArgs(until);
    });

    it("rejects an approval of a point that is not a P-256 key", async function () {
      const { account, alice, approve, approval, newDevice } = await loadFixture(fixture);
      const notAKey = { qx: newDevice.qx, qy: ethers.ZeroHash };
      await expect(approve(alice.address, await approval(alice, { key: notAKey }), notAKey))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidSigner").withArgs(notAKey.qx, notAKey.qy);
    });

    it("counts approvals per key: a rogue guardian's own key does not ride on the others' approvals", async function () {
      const { account, alice, bob, newDevice, approve, approval } = await loadFixture(fixture);
      const rogueKey = new SoftwareAuthenticator();
      await approve(alice.address, await approval(alice));
      await expect(approve(bob.address, await approval(bob, { key: rogueKey }), rogueKey))
        .not.to.emit(account, "RecoveryScheduled");
      expect(await account.recoveryApprovals(newDevice.qx, newDevice.qy)).to.equal(1n);
      expect(await account.recoveryApprovals(rogueKey.qx, rogueKey.qy)).to.equal(1n);
    });

    it("voids a removed guardian's approvals when the guardians change", async function () {
      const { account, alice, bob, guardians, execute, newDevice, approve, approval } = await loadFixture(fixture);
      const aliceApproval = await approval(alice);
      await approve(alice.address, aliceApproval);
      await execute(account.interface.encodeFunctionData("setGuardians", [[bob.address, guardians[2]], 1]));
      expect(await account.recoveryApprovals(newDevice.qx, newDevice.qy)).to.equal(0n);
      await expect(approve(alice.address, aliceApproval))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryNotGuardian").withArgs(alice.address);
    });
  });
});
