const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time, impersonateAccount, setBalance } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const {
  READ, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, REVOCATION_TYPES, KEY_PUBLICATION_TYPES,
  categoryScope, domainOf, compressedKey,
} = require("./helpers/healthkey");
const {
  FLAG_USER_PRESENT, BATCH_MODE, SoftwareAuthenticator, passkeyAccountDomain, signTypedDataAs, signMessageAs, encodeCalls, signedExecution,
} = require("./helpers/webauthn");
const {
  predictAccountAddress, deployPasskeyAccount, wrapErc6492, unwrapErc6492, randomP256Key,
} = require("./helpers/accounts");

const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const ERC1271_MAGIC = "0x1626ba7e";

describe("PasskeyAccount", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const factory = await ethers.deployContract("PasskeyAccountFactory");
    const authenticator = new SoftwareAuthenticator();
    const account = await deployPasskeyAccount(factory, authenticator, base.relayer);
    const t = await now();
    const deadline = t + 3600n;
    const grant = {
      patient: await account.getAddress(), grantee: base.provider.address, scope: categoryScope(CATEGORY.LAB),
      action: READ, purpose: PURPOSE_TREATMENT, expiresAt: t + BigInt(ONE_DAY), nonce: 0n, deadline,
    };
    const passkeySign = (hash) => authenticator.sign(hash);
    const signGrant = (message = grant, onBehalf = account, rawSign = passkeySign) =>
      domainOf(base.consent).then((domain) => signTypedDataAs(onBehalf, rawSign, domain, GRANT_TYPES, message));
    return { ...base, factory, authenticator, account, deadline, grant, passkeySign, signGrant };
  }

  describe("factory", function () {
    it("deploys the account, for a relayer, at the CREATE2 address computed off chain", async function () {
      const { factory, relayer } = await loadFixture(fixture);
      const authenticator = new SoftwareAuthenticator();
      const salt = ethers.id("patient-salt");
      const expected = predictAccountAddress(
        await factory.getAddress(), await factory.accountImplementation(), authenticator.qx, authenticator.qy, salt);
      expect(await factory.predictAccount(authenticator.qx, authenticator.qy, salt)).to.equal(expected);
      expect(await ethers.provider.getCode(expected)).to.equal("0x");

      await expect(factory.connect(relayer).createAccount(authenticator.qx, authenticator.qy, salt))
        .to.emit(factory, "AccountCreated").withArgs(expected, authenticator.qx, authenticator.qy, salt);
      const account = await ethers.getContractAt("PasskeyAccount", expected);
      expect(await account.signer()).to.deep.equal([authenticator.qx, authenticator.qy]);
      expect(await account.recoveryDelay()).to.equal(await account.DEFAULT_RECOVERY_DELAY());
      expect(await ethers.provider.getBalance(expected)).to.equal(0n);
      // No EntryPoint on this chain: the ERC-4337 nonce cannot be read, and nothing here needs it.
      expect(await ethers.provider.getCode(await account.entryPoint())).to.equal("0x");
      await expect(account.getNonce()).to.be.reverted;
    });

    it("returns the existing account on a second createAccount, without deploying or emitting", async function () {
      const { factory, account, authenticator, relayer, stranger } = await loadFixture(fixture);
      expect(await factory.connect(stranger).createAccount.staticCall(authenticator.qx, authenticator.qy, ethers.ZeroHash))
        .to.equal(await account.getAddress());
      await expect(factory.connect(relayer).createAccount(authenticator.qx, authenticator.qy, ethers.ZeroHash))
        .not.to.emit(factory, "AccountCreated");
      expect(await account.signer()).to.deep.equal([authenticator.qx, authenticator.qy]);
    });

    it("gives the same passkey another account for another salt", async function () {
      const { factory, account, authenticator } = await loadFixture(fixture);
      expect(await factory.predictAccount(authenticator.qx, authenticator.qy, ethers.id("second")))
        .not.to.equal(await account.getAddress());
    });

    it("reverts with SignerP256InvalidPublicKey for a point off the curve and deploys nothing", async function () {
      const { factory, relayer, authenticator } = await loadFixture(fixture);
      const badY = ethers.toBeHex((BigInt(authenticator.qy) + 1n) % P256_P, 32);
      const address = await factory.predictAccount(authenticator.qx, badY, ethers.ZeroHash);
      const account = await ethers.getContractAt("PasskeyAccount", address);
      await expect(factory.connect(relayer).createAccount(authenticator.qx, badY, ethers.ZeroHash))
        .to.be.revertedWithCustomError(account, "SignerP256InvalidPublicKey")
        .withArgs(authenticator.qx, badY);
      expect(await ethers.provider.getCode(address)).to.equal("0x");
    });

    it("refuses a second initialize, on the clone and on the implementation", async function () {
      const { factory, account, stranger } = await loadFixture(fixture);
      const attacker = randomP256Key();
      await expect(account.connect(stranger).initialize(attacker.qx, attacker.qy))
        .to.be.revertedWithCustomError(account, "InvalidInitialization");
      const implementation = await ethers.getContractAt("PasskeyAccount", await factory.accountImplementation());
      await expect(implementation.connect(stranger).initialize(attacker.qx, attacker.qy))
        .to.be.revertedWithCustomError(account, "InvalidInitialization");
    });

    it("gives the implementation a signer derived from a public label, whose private key nobody knows", async function () {
      const { factory } = await loadFixture(fixture);
      const implementation = await ethers.getContractAt("PasskeyAccount", await factory.accountImplementation());
      const pow = (x, e) => { let r = 1n; x %= P256_P; for (; e; e >>= 1n, x = (x * x) % P256_P) if (e & 1n) r = (r * x) % P256_P; return r; };
      let x = BigInt(ethers.sha256(ethers.toUtf8Bytes("HealthKey PasskeyAccount implementation signer"))) % P256_P;
      let y;
      for (;; x++) {
        const rhs = (((x * x) % P256_P) * x + 3n * (P256_P - x) + P256_B) % P256_P;
        y = pow(rhs, (P256_P + 1n) / 4n);
        if ((y * y) % P256_P === rhs) break;
      }
      if (y % 2n === 1n) y = P256_P - y;
      expect(await implementation.signer()).to.deep.equal([ethers.toBeHex(x, 32), ethers.toBeHex(y, 32)]);
    });
  });

  describe("ERC-1271 signatures of the passkey (ERC-7739)", function () {
    it("grants through ConsentRegistry.grantBySig, relayed; the account holds no ETH", async function () {
      const { consent, account, relayer, provider, grant, signGrant } = await loadFixture(fixture);
      await expect(consent.connect(relayer).grantBySig(grant, await signGrant()))
        .to.emit(consent, "AccessGranted")
        .withArgs(grant.patient, provider.address, grant.scope, READ, PURPOSE_TREATMENT, grant.expiresAt);
      expect(await consent.nonces(grant.patient)).to.equal(1n);
      expect(await ethers.provider.getBalance(await account.getAddress())).to.equal(0n);
    });

    it("revokes through ConsentRegistry.revokeBySig", async function () {
      const { consent, account, relayer, grant, signGrant, passkeySign } = await loadFixture(fixture);
      await consent.connect(relayer).grantBySig(grant, await signGrant());
      const revocation = { patient: grant.patient, grantee: grant.grantee, scope: grant.scope, action: READ, nonce: 1n, deadline: grant.deadline };
      const signature = await signTypedDataAs(account, passkeySign, await domainOf(consent), REVOCATION_TYPES, revocation);
      await expect(consent.connect(relayer).revokeBySig(revocation, signature))
        .to.emit(consent, "AccessRevoked").withArgs(grant.patient, grant.grantee, grant.scope, READ);
    });

    it("publishes an encryption key through ParticipantDirectory.publishEncryptionKeyBySig", async function () {
      const { directory, account, relayer, deadline, passkeySign } = await loadFixture(fixture);
      const publicKey = compressedKey(ethers.Wallet.createRandom());
      const publication = { account: await account.getAddress(), publicKey, nonce: 0n, deadline };
      const signature = await signTypedDataAs(account, passkeySign, await domainOf(directory), KEY_PUBLICATION_TYPES, publication);
      await expect(directory.connect(relayer).publishEncryptionKeyBySig(publication, signature))
        .to.emit(directory, "EncryptionKeyPublished").withArgs(publication.account, publicKey);
      expect(await directory.encryptionKeyOf(publication.account)).to.equal(publicKey);
    });

    it("rejects an assertion without user verification", async function () {
      const { consent, relayer, grant, signGrant, authenticator } = await loadFixture(fixture);
      const presentOnly = (hash) => authenticator.sign(hash, { flags: FLAG_USER_PRESENT });
      await expect(consent.connect(relayer).grantBySig(grant, await signGrant(grant, undefined, presentOnly)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(grant.patient, ethers.ZeroAddress);
    });

    it("rejects the signature made for another account of the same passkey (no cross-account replay)", async function () {
      const { consent, factory, relayer, authenticator, grant, signGrant } = await loadFixture(fixture);
      const twin = await deployPasskeyAccount(factory, authenticator, relayer, ethers.id("twin"));
      const forTwin = { ...grant, patient: await twin.getAddress() };
      const signatureForFirst = await signGrant(grant);
      await expect(consent.connect(relayer).grantBySig(forTwin, signatureForFirst))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
      await expect(consent.connect(relayer).grantBySig(forTwin, await signGrant(forTwin, twin))).to.emit(consent, "AccessGranted");
    });

    it("rejects a bare WebAuthn signature of the registry's digest (only ERC-7739 envelopes count)", async function () {
      const { consent, relayer, grant, authenticator } = await loadFixture(fixture);
      const digest = ethers.TypedDataEncoder.hash(await domainOf(consent), GRANT_TYPES, grant);
      await expect(consent.connect(relayer).grantBySig(grant, authenticator.sign(digest)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
    });

    it("rejects another passkey's signature, and a signature of another grant", async function () {
      const { consent, relayer, grant, signGrant, account } = await loadFixture(fixture);
      const stranger = new SoftwareAuthenticator();
      await expect(consent.connect(relayer).grantBySig(grant, await signGrant(grant, account, (h) => stranger.sign(h))))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
      const longer = { ...grant, expiresAt: grant.expiresAt + 1n };
      await expect(consent.connect(relayer).grantBySig(longer, await signGrant(grant)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
    });

    it("signs an EIP-191 message (a SIWE sign-in) for this account only", async function () {
      const { account, factory, relayer, authenticator, passkeySign } = await loadFixture(fixture);
      const siwe = `healthkey.example wants you to sign in with your Ethereum account:\n${await account.getAddress()}`;
      const signature = await signMessageAs(account, passkeySign, siwe);
      expect(await account.isValidSignature(ethers.hashMessage(siwe), signature)).to.equal(ERC1271_MAGIC);
      expect(await account.isValidSignature(ethers.hashMessage(`${siwe}!`), signature)).to.equal("0xffffffff");
      const twin = await deployPasskeyAccount(factory, authenticator, relayer, ethers.id("twin"));
      expect(await twin.isValidSignature(ethers.hashMessage(siwe), signature)).to.equal("0xffffffff");
    });

    it("answers ERC-7739's detection request", async function () {
      const { account } = await loadFixture(fixture);
      expect(await account.isValidSignature("0x" + "7739".repeat(16), "0x")).to.equal("0x77390001");
    });
  });

  describe("ERC-6492: signing before the account exists", function () {
    async function undeployed() {
      const f = await loadFixture(fixture);
      const authenticator = new SoftwareAuthenticator();
      const salt = ethers.ZeroHash;
      const patient = await f.factory.predictAccount(authenticator.qx, authenticator.qy, salt);
      const factoryCalldata = f.factory.interface.encodeFunctionData("createAccount", [authenticator.qx, authenticator.qy, salt]);
      return { ...f, authenticator, patient, factoryCalldata };
    }

    it("deploys exactly the predicted account from the wrapped factory call, whose ERC-1271 answer then holds", async function () {
      const { consent, factory, relayer, authenticator, patient, factoryCalldata, grant } = await undeployed();
      const message = { ...grant, patient };
      // The account does not exist yet: the ERC-7739 envelope binds the domain it will have.
      const future = await ethers.getContractAt("PasskeyAccount", patient);
      const domain = await domainOf(consent);
      const accountDomain = passkeyAccountDomain(patient, (await ethers.provider.getNetwork()).chainId);
      const inner = await signTypedDataAs(accountDomain, (h) => authenticator.sign(h), domain, GRANT_TYPES, message);
      const wrapped = wrapErc6492(await factory.getAddress(), factoryCalldata, inner);

      // The off-chain verifier: unwrap, simulate the factory call, check it yields the claimed signer.
      const unwrapped = unwrapErc6492(wrapped);
      expect(unwrapped.factory).to.equal(await factory.getAddress());
      const [deployed] = factory.interface.decodeFunctionResult("createAccount",
        await ethers.provider.call({ to: unwrapped.factory, data: unwrapped.factoryCalldata }));
      expect(deployed).to.equal(patient);

      // The relayer deploys it on its first relay, then the registry sees an ordinary ERC-1271 account.
      await relayer.sendTransaction({ to: unwrapped.factory, data: unwrapped.factoryCalldata });
      const digest = ethers.TypedDataEncoder.hash(domain, GRANT_TYPES, message);
      expect(await future.isValidSignature(digest, unwrapped.signature)).to.equal(ERC1271_MAGIC);
      await expect(consent.connect(relayer).grantBySig(message, unwrapped.signature)).to.emit(consent, "AccessGranted");
    });

    it("makes a factory call that deploys another account detectable: it returns another address", async function () {
      const { factory, relayer, patient } = await undeployed();
      const other = new SoftwareAuthenticator();
      const foreignCalldata = factory.interface.encodeFunctionData("createAccount", [other.qx, other.qy, ethers.ZeroHash]);
      const unwrapped = unwrapErc6492(wrapErc6492(await factory.getAddress(), foreignCalldata, "0x1234"));
      const [deployed] = factory.interface.decodeFunctionResult("createAccount",
        await ethers.provider.call({ to: unwrapped.factory, data: unwrapped.factoryCalldata }));
      expect(deployed).not.to.equal(patient);
      await relayer.sendTransaction({ to: unwrapped.factory, data: unwrapped.factoryCalldata });
      expect(await ethers.provider.getCode(patient)).to.equal("0x");
    });

    it("leaves a signature without the ERC-6492 suffix unwrapped", function () {
      expect(unwrapErc6492(ethers.hexlify(ethers.randomBytes(96)))).to.equal(null);
    });
  });

  describe("executeWithSig: the account's own calls, relayed", function () {
    async function withGuardians() {
      const f = await loadFixture(fixture);
      const guardians = [ethers.Wallet.createRandom().address, ethers.Wallet.createRandom().address];
      const setGuardians = { to: await f.account.getAddress(), data: f.account.interface.encodeFunctionData("setGuardians", [guardians, 2]) };
      return { ...f, guardians, setGuardians };
    }

    it("runs a batch signed by the passkey, relayed by anyone; the account holds no ETH", async function () {
      const { account, relayer, authenticator, deadline, guardians, setGuardians } = await withGuardians();
      await expect(account.connect(relayer).executeWithSig(...await signedExecution(account, authenticator, [setGuardians], deadline)))
        .to.emit(account, "GuardiansChanged").withArgs(1n, guardians, 2n);
      expect(await account.executionNonce()).to.equal(1n);
      expect(await account.recoveryThreshold()).to.equal(2n);
      expect(await ethers.provider.getBalance(await account.getAddress())).to.equal(0n);
    });

    it("rejects a replayed execution", async function () {
      const { account, relayer, authenticator, deadline, setGuardians } = await withGuardians();
      const signed = await signedExecution(account, authenticator, [setGuardians], deadline);
      await account.connect(relayer).executeWithSig(...signed);
      await expect(account.connect(relayer).executeWithSig(...signed))
        .to.be.revertedWithCustomError(account, "PasskeyAccountInvalidSignature");
    });

    it("rejects another passkey's execution, and one with a changed batch", async function () {
      const { account, relayer, deadline, authenticator, setGuardians } = await withGuardians();
      await expect(account.connect(relayer).executeWithSig(...await signedExecution(account, new SoftwareAuthenticator(), [setGuardians], deadline)))
        .to.be.revertedWithCustomError(account, "PasskeyAccountInvalidSignature");
      const [mode, , , signature] = await signedExecution(account, authenticator, [setGuardians], deadline);
      const cancel = { to: setGuardians.to, data: account.interface.encodeFunctionData("cancelRecovery") };
      await expect(account.connect(relayer).executeWithSig(mode, encodeCalls([cancel]), deadline, signature))
        .to.be.revertedWithCustomError(account, "PasskeyAccountInvalidSignature");
    });

    it("rejects an expired execution and an unsupported mode", async function () {
      const { account, relayer, authenticator, setGuardians } = await withGuardians();
      const expired = (await now()) - 1n;
      await expect(account.connect(relayer).executeWithSig(...await signedExecution(account, authenticator, [setGuardians], expired)))
        .to.be.revertedWithCustomError(account, "PasskeyAccountExpiredSignature").withArgs(expired);
      const [, data, deadline, signature] = await signedExecution(account, authenticator, [setGuardians], (await now()) + 60n);
      await expect(account.connect(relayer).executeWithSig(ethers.ZeroHash, data, deadline, signature))
        .to.be.revertedWithCustomError(account, "UnsupportedExecutionMode");
    });

    it("reverts the whole batch when a call fails", async function () {
      const { account, relayer, authenticator, deadline } = await withGuardians();
      const invalid = { to: await account.getAddress(), data: account.interface.encodeFunctionData("setGuardians", [[], 1]) };
      await expect(account.connect(relayer).executeWithSig(...await signedExecution(account, authenticator, [invalid], deadline)))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryInvalidThreshold").withArgs(1n, 0n);
      expect(await account.executionNonce()).to.equal(0n);
    });

    it("lets only the account itself and its EntryPoint call execute and the guardian settings", async function () {
      const { account, relayer, authenticator, deadline, guardians, setGuardians } = await withGuardians();
      const batch = encodeCalls([setGuardians]);
      await expect(account.connect(relayer).execute(BATCH_MODE, batch))
        .to.be.revertedWithCustomError(account, "AccountUnauthorized").withArgs(relayer.address);
      await expect(account.connect(relayer).setGuardians(guardians, 1))
        .to.be.revertedWithCustomError(account, "AccountUnauthorized").withArgs(relayer.address);
      // From itself: an execution whose call is execute(batch).
      const nested = { to: setGuardians.to, data: account.interface.encodeFunctionData("execute", [BATCH_MODE, batch]) };
      await expect(account.connect(relayer).executeWithSig(...await signedExecution(account, authenticator, [nested], deadline)))
        .to.emit(account, "GuardiansChanged");
      // From the EntryPoint, for a deployment that does use a bundler.
      const entryPoint = await account.entryPoint();
      await impersonateAccount(entryPoint);
      await setBalance(entryPoint, ethers.parseEther("1"));
      await expect(account.connect(await ethers.getSigner(entryPoint)).execute(BATCH_MODE, batch))
        .to.emit(account, "GuardiansChanged");
      await time.increase(1);
    });
  });
});
