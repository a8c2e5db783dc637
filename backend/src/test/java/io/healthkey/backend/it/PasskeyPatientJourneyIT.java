package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ChainClock;
import io.healthkey.backend.support.ContractWallets;
import io.healthkey.backend.support.Erc7739;
import io.healthkey.backend.support.GuardedPasskeyAccount;
import io.healthkey.backend.support.GuardianKeyRecovery;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.PasskeyAccounts;
import io.healthkey.backend.support.SignIn;
import io.healthkey.backend.support.SoftwarePasskey;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.passkey.PasskeyEncryptionKeys;
import io.healthkey.protocol.passkey.SoftwarePrfAuthenticator;
import io.healthkey.protocol.recovery.RecoveryKit;

/**
 * One passkey patient's whole life against the real chain and Kubo (issue 14, "Done when"). A patient with a
 * software passkey, no seed phrase and no ETH signs in before its account exists (ERC-6492), publishes its PRF-derived
 * encryption key (the relayer deploys the account with it), uploads two records and grants a doctor, who reads them.
 * It names three guardians, for its encryption key (a recovery kit) and for its account's signer
 * ({@code AccountGuardianRecovery}), and loses the device. Two guardians rotate the account's signer to a new passkey
 * (not before the time lock); the new device signs in with it, two guardians hand over their shares, and the patient
 * rebuilds its key and decrypts every earlier record. The new passkey grants, the lost one is refused, the doctor
 * still reads; a second rotation the patient cancels does nothing.
 *
 * <p>Every step of both rotations is in the patient's identity history and was told on its notification stream; the
 * lost device's session ends once the rotation is indexed, and the new passkey's works. A contract that is no account
 * emitting the same events, a patient's account and signer in them, changes no audit and ends no session.
 *
 * <p>The order follows what the patient can do: the new device signs in (and so asks its guardians for its key) only
 * once its passkey is the account's signer. The time lock moves the chain's clock days ahead, which would expire
 * the signatures of every suite after this one on a shared chain: it runs on a chain of its own (backend/pom.xml).
 */
class PasskeyPatientJourneyIT extends BackendITSupport {

    private static final byte[] OBSERVATION = "{\"resourceType\":\"Observation\",\"status\":\"final\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAB_REPORT = "{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\"}"
            .getBytes(StandardCharsets.UTF_8);
    /** {@code AccountGuardianRecovery.DEFAULT_RECOVERY_DELAY}: a new account's time lock. */
    private static final Duration RECOVERY_DELAY = Duration.ofDays(3);
    private static final Duration INDEXED_WITHIN = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS =
            new ParameterizedTypeReference<>() { };

    @Autowired
    Web3j web3j;

    private final GuardianKeyRecovery keyRecovery = new GuardianKeyRecovery(CHAIN_ID);
    private PasskeyAccounts accounts;

    @BeforeEach
    void passkeyAccounts() {
        Map<?, ?> network = http.get().uri("/api/v1/network").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        accounts = new PasskeyAccounts(web3j, EthAddress.parse((String) ((List<?>) ((Map<?, ?>) network
                .get("accounts")).get("factories")).get(0)));
    }

    @Test
    void aPasskeyPatientWithoutEthOrSeedPhraseLosesItsDeviceAndKeepsItsAccountItsKeyItsRecordsAndItsGrants()
            throws Exception {
        // 1. The first device: a passkey (its P-256 signer and its PRF), an account that does not exist yet.
        SoftwarePasskey lostPasskey = new SoftwarePasskey();
        SoftwarePrfAuthenticator lostPrf = SoftwarePrfAuthenticator.newPasskey();
        EthAddress account = accounts.predict(lostPasskey);
        assertThat(accounts.isDeployed(account)).as("counterfactual").isFalse();
        ApiClient firstDevice = ApiClient.forAccount(signIn(account, lostPasskey), account,
                PasskeyEncryptionKeys.derive(lostPrf.evaluate(PasskeyEncryptionKeys.prfInput()), CHAIN_ID, account),
                signedBy(account, lostPasskey), CHAIN_ID);
        firstDevice.publishEncryptionKey();
        assertThat(accounts.isDeployed(account)).as("deployed by the relayer with the first relay").isTrue();
        String publishedKey = publishedKey(firstDevice, account);
        assertThat(publishedKey).isEqualTo(firstDevice.encryptionKey().publicKey().toHex());

        Map<RecordId, byte[]> earlier = Map.of(firstDevice.uploadOwnRecord(2, OBSERVATION).id(), OBSERVATION,
                firstDevice.uploadOwnRecord(2, LAB_REPORT).id(), LAB_REPORT);
        ApiClient doctor = client(Wallet.create());
        doctor.publishEncryptionKey();
        firstDevice.grant(doctor.address(), Scope.all(), Action.READ, wrappedFor(firstDevice, earlier, doctor));
        earlier.forEach((id, plaintext) -> assertThat(doctor.readAndDecrypt(id).plaintext()).isEqualTo(plaintext));
        assertThat(accounts.balance(account)).as("the patient needs no ETH").isZero();

        // 2. Three guardians (each with a funded key of its own), for the encryption key and for the account.
        List<Wallet> guardianWallets = List.of(Wallet.create(), Wallet.create(), Wallet.create());
        List<ApiClient> guardians = guardianWallets.stream().map(this::client).toList();
        guardians.forEach(ApiClient::publishEncryptionKey);
        guardianWallets.forEach(this::fund);
        RecoveryKit kit = keyRecovery.storeKit(firstDevice, guardians, 2);
        GuardedPasskeyAccount onChain = new GuardedPasskeyAccount(web3j, CHAIN_ID, account);
        onChain.setGuardians(lostPasskey, guardians.stream().map(ApiClient::address).toList(), 2,
                credentials(guardianWallets.get(0)));
        firstDevice.http().get().uri("/api/v1/me").exchange().expectStatus().isOk();
        // The device is lost: from here on the patient holds neither its PRF, nor its passkey, nor its session.

        // 3. Two of three guardians rotate the account's signer to the new device's passkey, after the time lock.
        SoftwarePasskey passkey = new SoftwarePasskey();
        onChain.approveRecovery(guardianWallets.get(0).keyPair(), passkey, chainNow().add(BigInteger.valueOf(3_600)));
        assertThat(onChain.pendingExecutableAt()).as("one approval schedules nothing").isZero();
        onChain.approveRecovery(guardianWallets.get(2).keyPair(), passkey, chainNow().add(BigInteger.valueOf(3_600)));
        long executableAt = onChain.pendingExecutableAt().longValueExact();
        assertThat(executableAt).isPositive();
        assertThat(onChain.executeRecoveryRevert(credentials(guardianWallets.get(1))))
                .contains(GuardedPasskeyAccount.errorSelector("GuardianRecoveryTimelocked(uint64)").substring(2));
        ChainClock.advance(stack().rpcUrl(), RECOVERY_DELAY);
        onChain.executeRecovery(credentials(guardianWallets.get(1)));
        assertThat(onChain.signer()).isEqualTo(concat(passkey.qx(), passkey.qy()));
        // Once the index holds the rotation, the lost device's session is refused as an expired one.
        awaitSessionEnded(firstDevice.http());

        // 2, continued. The new device signs in with the new passkey and asks for its key with a device key.
        WebTestClient session = signIn(account, passkey);
        EncryptionPrivateKey device = EncryptionPrivateKey.generate();
        ApiClient newDevice = ApiClient.forAccount(session, account, device, signedBy(account, passkey), CHAIN_ID);
        String request = (String) newDevice.post("/api/v1/recovery/requests", Map.of("devicePublicKey",
                device.publicKey().toHex())).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id");
        for (ApiClient guardian : List.of(guardians.get(1), guardians.get(2))) {
            guardian.post("/api/v1/recovery/requests/" + request + "/transfers",
                    guardian.signedShareTransfer(request, device.publicKey(), guardian.recoveryDomain()))
                    .expectStatus().isCreated();
        }
        EncryptionPrivateKey recovered = keyRecovery.recover(newDevice, request, kit, device);
        assertThat(recovered.publicKey().toHex()).as("the key the account published").isEqualTo(publishedKey);
        earlier.forEach((id, plaintext) -> assertThat(GuardianKeyRecovery.readWith(newDevice, id, recovered))
                .isEqualTo(plaintext));

        // 3, continued. The new passkey grants; the lost one is refused; the doctor still reads, the address is the same.
        ApiClient patient = ApiClient.forAccount(session, account, recovered, signedBy(account, passkey), CHAIN_ID);
        ApiClient finder = ApiClient.forAccount(session, account, recovered, signedBy(account, lostPasskey), CHAIN_ID);
        EthAddress nurse = Wallet.create().address();
        // The chain's clock is days ahead of the wall clock now: the signature's deadline follows the chain's.
        GrantMessage grant = patient.grantMessage(nurse, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.now().plus(Duration.ofDays(30)), Instant.ofEpochSecond(chainNow().longValueExact() + 3_600));
        assertProblem(finder.post("/api/v1/grants", finder.signedGrant(grant, Map.of())), 422, "CONSENT-0001");
        patient.awaitConfirmed(ApiClient.accepted(patient.post("/api/v1/grants", patient.signedGrant(grant,
                Map.of()))));
        earlier.forEach((id, plaintext) -> assertThat(doctor.readAndDecrypt(id).plaintext()).isEqualTo(plaintext));
        assertThat(accounts.predict(lostPasskey)).as("the account's address").isEqualTo(account);
        assertThat(accounts.balance(account)).as("the patient still needs no ETH").isZero();

        // An attacker's contract, no account, emits a whole recovery naming the patient's account, a guardian and
        // the patient's new signer; it signs in (it says yes to every ERC-1271 check) to watch its own audit.
        EthAddress forger = ContractWallets.deployMock(web3j, CHAIN_ID, stack().root(), "RecoveryEventForgerMock", "");
        WebTestClient forgerSession = SignIn.as(http, forger, digest -> "0x00", CHAIN_ID);
        String forgedTransaction = forgeRecovery(forger, account, guardians.get(0).address(), passkey);

        // 4. A second rotation that the patient's signer cancels during the time lock does nothing.
        SoftwarePasskey intruder = new SoftwarePasskey();
        onChain.approveRecovery(guardianWallets.get(1).keyPair(), intruder, chainNow().add(BigInteger.valueOf(3_600)));
        onChain.approveRecovery(guardianWallets.get(2).keyPair(), intruder, chainNow().add(BigInteger.valueOf(3_600)));
        assertThat(onChain.pendingExecutableAt()).isPositive();
        onChain.cancelRecovery(passkey, credentials(guardianWallets.get(0)));
        assertThat(onChain.pendingExecutableAt()).isZero();
        ChainClock.advance(stack().rpcUrl(), RECOVERY_DELAY);
        assertThat(onChain.executeRecoveryRevert(credentials(guardianWallets.get(1))))
                .contains(GuardedPasskeyAccount.errorSelector("GuardianRecoveryNotScheduled()").substring(2));
        assertThat(onChain.signer()).isEqualTo(concat(passkey.qx(), passkey.qy()));

        // The identity history: every step of both rotations, newest first (the cancellation, mined after the
        // forgery, shows the index has passed it). Nothing of the forger's, here or in its own audit.
        String newSigner = Hex.encode(concat(passkey.qx(), passkey.qy()));
        String intruderSigner = Hex.encode(concat(intruder.qx(), intruder.qy()));
        List<Map<String, Object>> identity = awaitList(patient, "/api/v1/patients/" + account + "/identity-history",
                history -> !history.isEmpty() && "CANCELLED".equals(history.get(0).get("kind")));
        assertThat(identity).extracting(step -> step.get("kind") + " " + step.get("round") + " "
                        + step.getOrDefault("guardian", "-") + " " + step.getOrDefault("signer", "-"))
                .containsExactly("CANCELLED 2 - -",
                        "SCHEDULED 2 - " + intruderSigner,
                        "APPROVED 2 " + guardians.get(2).address() + " " + intruderSigner,
                        "APPROVED 2 " + guardians.get(1).address() + " " + intruderSigner,
                        "EXECUTED 1 - " + newSigner,
                        "SCHEDULED 1 - " + newSigner,
                        "APPROVED 1 " + guardians.get(2).address() + " " + newSigner,
                        "APPROVED 1 " + guardians.get(0).address() + " " + newSigner,
                        "GUARDIANS_CHANGED 1 - -",
                        "DELAY_CHANGED null - -");
        assertThat(identity.get(5).get("executableAt")).isEqualTo(Instant.ofEpochSecond(executableAt).toString());
        assertThat(identity.get(8).get("guardians")).isEqualTo(guardians.stream()
                .map(guardian -> guardian.address().toString()).toList());
        assertThat(identity.get(8).get("threshold")).isEqualTo(2);
        assertThat(identity).noneMatch(step -> forgedTransaction.equals(step.get("transactionHash")));
        ApiClient forgerClient = ApiClient.forAccount(forgerSession, forger, EncryptionPrivateKey.generate(),
                data -> "0x00", CHAIN_ID);
        assertThat(forgerClient.list("/api/v1/patients/" + forger + "/identity-history")).isEmpty();
        forgerSession.get().uri("/api/v1/me").exchange().expectStatus().isOk();

        // Each step was told at once: the stream replays the backlog from the first id.
        List<ServerSentEvent<Map<String, Object>>> told = session.get()
                .uri("/api/v1/patients/{p}/notifications/stream", account).accept(MediaType.TEXT_EVENT_STREAM)
                .header("Last-Event-ID", "0").exchange().expectStatus().isOk().returnResult(EVENTS)
                .getResponseBody().filter(event -> event.event() != null && event.event().startsWith("identity."))
                .takeUntil(event -> "identity.recovery.cancelled".equals(event.event()))
                .collectList().block(INDEXED_WITHIN);
        assertThat(told).extracting(ServerSentEvent::event).containsExactly("identity.recovery.delay.changed",
                "identity.guardians.changed", "identity.recovery.approved", "identity.recovery.approved",
                "identity.recovery.scheduled", "identity.recovery.executed", "identity.recovery.approved",
                "identity.recovery.approved", "identity.recovery.scheduled", "identity.recovery.cancelled");
        assertThat(told.get(4).data().get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("executableAt", Long.toString(executableAt))
                .containsEntry("signerX", Hex.encode(passkey.qx())).containsEntry("signerY", Hex.encode(passkey.qy()));

        // The patient's consent history and key recovery log.
        List<Map<String, Object>> consents = awaitList(patient, "/api/v1/patients/" + account + "/consents",
                history -> history.size() == 2 && history.stream().allMatch(event -> "MINED".equals(event.get(
                        "status"))));
        assertThat(consents).extracting(event -> event.get("kind") + " " + event.get("grantee"))
                .containsExactly("GRANTED " + nurse, "GRANTED " + doctor.address());
        assertThat(patient.list("/api/v1/patients/" + account + "/recovery-log"))
                .extracting(event -> event.get("kind") + " " + event.get("actor"))
                .containsExactly("SHARE_TRANSFERRED " + guardians.get(2).address(),
                        "KIT_FETCHED " + guardians.get(2).address(),
                        "SHARE_TRANSFERRED " + guardians.get(1).address(),
                        "KIT_FETCHED " + guardians.get(1).address(),
                        "REQUESTED " + account);
        assertThat(patient.list("/api/v1/patients/" + account + "/records"))
                .filteredOn(version -> earlier.containsKey(RecordId.parse((String) version.get("recordId"))))
                .hasSize(2).allSatisfy(version -> assertThat(version.get("readers"))
                        .asInstanceOf(InstanceOfAssertFactories.LIST).contains(doctor.address().toString()));
    }

    private WebTestClient signIn(EthAddress account, SoftwarePasskey passkey) {
        Erc7739 envelope = Erc7739.passkeyAccount(CHAIN_ID, account);
        return SignIn.as(http, account, digest -> deployedOrWrapped(account, passkey,
                envelope.signPersonal(digest, passkey::sign)), CHAIN_ID);
    }

    /** The account's signature of typed data by {@code passkey}: ERC-7739, wrapped in ERC-6492 until deployed. */
    private Function<TypedData, String> signedBy(EthAddress account, SoftwarePasskey passkey) {
        Erc7739 envelope = Erc7739.passkeyAccount(CHAIN_ID, account);
        return data -> deployedOrWrapped(account, passkey, envelope.signTypedData(data, passkey::sign));
    }

    private String deployedOrWrapped(EthAddress account, SoftwarePasskey passkey, byte[] signature) {
        try {
            return accounts.isDeployed(account) ? Hex.encode(signature) : accounts.wrap(passkey, signature);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String publishedKey(ApiClient reader, EthAddress account) {
        return (String) reader.http().get().uri("/api/v1/participants/{account}/encryption-key", account).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("publicKey");
    }

    private static Map<RecordId, WrappedKey> wrappedFor(ApiClient patient, Map<RecordId, byte[]> records,
            ApiClient reader) {
        return records.keySet().stream().collect(java.util.stream.Collectors.toMap(id -> id,
                id -> patient.rewrapFor(id, reader.encryptionKey())));
    }

    /** A guardian's own key pays for what it sends; the deployer (Hardhat's account #0) gives it an ether. */
    private void fund(Wallet wallet) {
        try {
            Transfer.sendFunds(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), wallet.address().toString(),
                    BigDecimal.ONE, Convert.Unit.ETHER).send();
        } catch (Exception e) {
            throw new IllegalStateException("funding " + wallet, e);
        }
    }

    private static Credentials credentials(Wallet wallet) {
        return Credentials.create(wallet.keyPair());
    }

    private BigInteger chainNow() throws java.io.IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
    }

    private static List<Map<String, Object>> awaitList(ApiClient client, String path,
            Predicate<List<Map<String, Object>>> until) {
        Instant deadline = Instant.now().plus(INDEXED_WITHIN);
        List<Map<String, Object>> list = client.list(path);
        while (!until.test(list)) {
            assertThat(Instant.now()).as("%s within %s: %s", path, INDEXED_WITHIN, list).isBefore(deadline);
            Loopback.sleep(Duration.ofMillis(200));
            list = client.list(path);
        }
        return list;
    }

    /** Polls {@code GET /api/v1/me} until the session is refused: 401 AUTH-0012, as an expired session. */
    private static void awaitSessionEnded(WebTestClient lostSession) {
        Instant deadline = Instant.now().plus(INDEXED_WITHIN);
        while (true) {
            var answer = lostSession.get().uri("/api/v1/me").exchange().returnResult(String.class);
            if (answer.getStatus().value() == 401) {
                assertThat(answer.getResponseBody().blockFirst()).contains("\"code\":\"AUTH-0012\"");
                return;
            }
            assertThat(Instant.now()).as("the lost device's session ends within %s", INDEXED_WITHIN)
                    .isBefore(deadline);
            Loopback.sleep(Duration.ofMillis(200));
        }
    }

    /** {@code RecoveryEventForgerMock.forgeRecovery}, sent by the dev deployer: its transaction hash. */
    private String forgeRecovery(EthAddress forger, EthAddress account, EthAddress guardian, SoftwarePasskey signer)
            throws Exception {
        String call = FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("forgeRecovery", List.of(
                new Address(account.toString()), new Address(guardian.toString()), new Bytes32(signer.qx()),
                new Bytes32(signer.qy()), new Uint64(1)), List.of()));
        var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
        var sender = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), CHAIN_ID, receipts);
        var sent = sender.sendTransaction(web3j.ethGasPrice().send().getGasPrice(), BigInteger.valueOf(1_000_000),
                forger.toString(), call, BigInteger.ZERO);
        TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getLogs()).as("the forged events").hasSize(5);
        return receipt.getTransactionHash();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static void assertProblem(WebTestClient.ResponseSpec response, int status, String code) {
        String body = response.expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(body).contains("\"code\":\"" + code + "\"");
    }
}
