package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.consent.RelayJournalPort;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.ApiClient.UploadedRecord;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;

/**
 * A mempool watcher front-runs the relayer: with mining paused, another funded account reads the relayer's pending
 * transaction from the pool and sends the same calldata with a higher fee (or sends another message the patient
 * signed with the same nonce); the next block holds both, the competitor's first, so the relayer's reverts. The
 * request ends as the chain says the signed message did, and the keys stored with a grant stay while a grant uses
 * them.
 */
class FrontRunIT extends BackendITSupport {

    /** Hardhat's dev account #8: funded, used by no other suite. */
    private static final Credentials COMPETITOR = Credentials.create(
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97");
    private static final BigInteger COMPETITOR_GAS = BigInteger.valueOf(500_000);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] OBSERVATION = "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONDITION = "{\"resourceType\":\"Condition\"}".getBytes(StandardCharsets.UTF_8);

    @Autowired
    Web3j web3j;

    @Autowired
    RelayJournalPort journal;

    @Autowired
    RecordRepositoryPort records;

    private ApiClient patient;
    private Wallet doctorWallet;
    private EthAddress consentRegistry;
    private EthAddress participantDirectory;

    @BeforeEach
    void patientDoctorAndContracts() throws Exception {
        patient = client(Wallet.create());
        doctorWallet = Wallet.create();
        Map<?, ?> contracts = (Map<?, ?>) http.get().uri("/api/v1/network").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("contracts");
        consentRegistry = EthAddress.parse((String) contracts.get("consentRegistry"));
        participantDirectory = EthAddress.parse((String) contracts.get("participantDirectory"));
        assertThat(web3j.ethGetBalance(COMPETITOR.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance())
                .as("the competitor is funded").isPositive();
    }

    @Test
    void aGrantFrontRunFromThePoolIsConfirmedWithTheCompetitorsTransactionAndTheGranteeStillReads() throws Exception {
        UploadedRecord record = patient.uploadOwnRecord(Category.OBSERVATION.code(), OBSERVATION);
        GrantMessage grant = patient.grantMessage(doctorWallet.address(), Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));
        Map<String, Object> body = patient.signedGrant(grant,
                Map.of(record.id(), patient.rewrapFor(record.id(), doctorWallet.encryptionKey())));

        Relayed relayed = frontRun(() -> ApiClient.accepted(patient.post("/api/v1/grants", body)), consentRegistry);

        Map<?, ?> status = patient.awaitConfirmed(relayed.statusUrl());
        assertThat(status.get("transactionHash")).as("the competitor's").isEqualTo(relayed.competitorTransaction());
        assertThat(receiptStatus(relayed.ownTransaction())).as("the relayer's own transaction reverted").isFalse();
        ApiClient doctor = client(doctorWallet);
        assertThat(doctor.readAndDecrypt(record.id()).key()).isEqualTo(record.key());
        assertAccess(record, doctorWallet.address(), true);
        assertThat(journal.forAccount(patient.address()).collectList().block())
                .anySatisfy(entry -> {
                    assertThat(entry.kind()).isEqualTo(RelayKind.GRANT);
                    assertThat(entry.transaction().transactionHash()).isEqualTo(relayed.competitorTransaction());
                });
        Map<?, ?> audited = awaitIndexedConsent(relayed.competitorTransaction());
        assertThat(audited.get("requestId")).as("the audit links the event to the request")
                .isEqualTo(status.get("id"));
        assertThat(audited.get("requestStatus")).isEqualTo("CONFIRMED");
    }

    /** The patient's audited consent change that {@code transactionHash} made, once the event index holds it. */
    private Map<?, ?> awaitIndexedConsent(String transactionHash) {
        Instant until = Instant.now().plus(WAIT);
        while (true) {
            Optional<Map<String, Object>> change = patient.list("/api/v1/patients/" + patient.address() + "/consents")
                    .stream().filter(entry -> "MINED".equals(entry.get("status"))
                            && transactionHash.equals(entry.get("transactionHash"))).findFirst();
            if (change.isPresent()) {
                return change.get();
            }
            assertThat(Instant.now()).as("indexed within %s", WAIT).isBefore(until);
            Loopback.sleep(Duration.ofMillis(200));
        }
    }

    @Test
    void aReGrantWhoseNonceAnotherMessageUsedFailsKeepsTheLiveGrantsKeysAndDropsOnlyItsOwn() throws Exception {
        UploadedRecord observation = patient.uploadOwnRecord(Category.OBSERVATION.code(), OBSERVATION);
        UploadedRecord condition = patient.uploadOwnRecord(Category.CONDITION.code(), CONDITION);
        patient.grant(doctorWallet.address(), Scope.of(Category.OBSERVATION), Action.READ,
                Map.of(observation.id(), patient.rewrapFor(observation.id(), doctorWallet.encryptionKey())));
        Instant expiry = Instant.now().plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        GrantMessage regrant = patient.grantMessage(doctorWallet.address(), Scope.all(), Action.READ, Purpose.TREAT,
                expiry);
        Map<String, Object> body = patient.signedGrant(regrant, Map.of(
                observation.id(), patient.rewrapFor(observation.id(), doctorWallet.encryptionKey()),
                condition.id(), patient.rewrapFor(condition.id(), doctorWallet.encryptionKey())));
        GrantMessage sameNonce = new GrantMessage(patient.address(), EthAddress.parse(COMPETITOR.getAddress()),
                Scope.of(Category.CONDITION), Action.READ, Purpose.TREAT, expiry, regrant.nonce(), regrant.deadline());
        String otherMessage = grantCall(sameNonce);

        Relayed relayed = frontRun(() -> ApiClient.accepted(patient.post("/api/v1/grants", body)), consentRegistry,
                otherMessage);

        Map<?, ?> status = awaitStatus(relayed.statusUrl(), "FAILED");
        assertThat(status.get("failureCode")).isEqualTo("OUTBOX-0001");
        ApiClient doctor = client(doctorWallet);
        assertThat(doctor.readAndDecrypt(observation.id()).key()).as("the earlier grant's key")
                .isEqualTo(observation.key());
        assertThat(records.keyFor(condition.id(), doctorWallet.address()).blockOptional())
                .as("stored with the failed re-grant only").isEmpty();
    }

    @Test
    void aKeyPublicationFrontRunFromThePoolIsConfirmedWithTheCompetitorsTransaction() throws Exception {
        Map<String, Object> body = patient.signedKeyPublication();

        Relayed relayed = frontRun(() -> ApiClient.accepted(patient.post("/api/v1/key-publications", body)),
                participantDirectory);

        Map<?, ?> status = patient.awaitConfirmed(relayed.statusUrl());
        assertThat(status.get("transactionHash")).isEqualTo(relayed.competitorTransaction());
        patient.http().get().uri("/api/v1/participants/{a}/encryption-key", patient.address()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.publicKey")
                .isEqualTo(patient.wallet().encryptionKey().publicKey().toHex());
    }

    /** The relay's status URL, the relayer's transaction, and the competitor's that went first. */
    private record Relayed(String statusUrl, String ownTransaction, String competitorTransaction) {
    }

    /** Relays with mining paused, then sends the relayer's pending calldata first from the competitor, and mines. */
    private Relayed frontRun(RelayCall relay, EthAddress contract) throws Exception {
        return frontRun(relay, contract, null);
    }

    /** As above, the competitor sending {@code competitorCalldata} instead when not null. */
    private Relayed frontRun(RelayCall relay, EthAddress contract, String competitorCalldata) throws Exception {
        stack().automine(false);
        try {
            String statusUrl = relay.relay();
            awaitStatus(statusUrl, "SENT");
            Transaction own = pendingRelayerTransaction(contract);
            String input = competitorCalldata != null ? competitorCalldata : own.getInput();
            EthSendTransaction sent = new RawTransactionManager(web3j, COMPETITOR, CHAIN_ID).sendEIP1559Transaction(
                    CHAIN_ID, own.getMaxPriorityFeePerGas().multiply(BigInteger.TWO).add(BigInteger.ONE),
                    own.getMaxFeePerGas().multiply(BigInteger.TWO), COMPETITOR_GAS, contract.toString(), input,
                    BigInteger.ZERO);
            assertThat(sent.hasError()).as("the competitor's transaction is in the pool: %s",
                    sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
            stack().mine();
            return new Relayed(statusUrl, own.getHash(), sent.getTransactionHash());
        } finally {
            stack().automine(true);
        }
    }

    @FunctionalInterface
    private interface RelayCall {
        String relay();
    }

    /** The relayer's transaction to {@code contract} waiting in the node's pool. */
    private Transaction pendingRelayerTransaction(EthAddress contract) throws Exception {
        String relayer = stackRelayer();
        Instant until = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(until)) {
            Optional<Transaction> pending = web3j.ethGetBlockByNumber(DefaultBlockParameterName.PENDING, true).send()
                    .getBlock().getTransactions().stream()
                    .map(result -> (Transaction) ((EthBlock.TransactionObject) result).get())
                    .filter(tx -> relayer.equalsIgnoreCase(tx.getFrom()) && contract.toString()
                            .equalsIgnoreCase(tx.getTo()))
                    .findFirst();
            if (pending.isPresent()) {
                return pending.get();
            }
            Loopback.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("the relayer's transaction never reached the pool");
    }

    private String stackRelayer() {
        return Credentials.create(io.healthkey.backend.support.LocalStack.RELAYER_KEY).getAddress();
    }

    private String grantCall(GrantMessage grant) {
        ConsentRegistry registry = ConsentRegistry.load(consentRegistry.toString(), web3j,
                new ReadonlyTransactionManager(web3j, consentRegistry.toString()), new DefaultGasProvider());
        byte[] signature = patient.wallet().signer().sign(TypedData.of(
                Eip712Domain.consentRegistry(CHAIN_ID, consentRegistry), grant)).toBytes();
        return registry.grantBySig(new ConsentRegistry.Grant(grant.patient().toString(), grant.grantee().toString(),
                grant.scope().toBytes32().toBytes(), BigInteger.valueOf(grant.action().code()),
                BigInteger.valueOf(grant.purpose().code()), BigInteger.valueOf(grant.expiresAt().getEpochSecond()),
                grant.nonce(), BigInteger.valueOf(grant.deadline().getEpochSecond())), signature)
                .encodeFunctionCall();
    }

    private boolean receiptStatus(String hash) throws Exception {
        return web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow().isStatusOK();
    }

    private void assertAccess(UploadedRecord record, EthAddress grantee, boolean allowed) {
        patient.http().get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", patient.address())
                        .queryParam("grantee", grantee).queryParam("record", record.id().toHex())
                        .queryParam("action", "READ").build())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.allowed").isEqualTo(allowed);
    }

    private Map<?, ?> awaitStatus(String statusUrl, String expected) {
        Instant until = Instant.now().plus(WAIT);
        while (true) {
            Map<?, ?> status = patient.http().get().uri(statusUrl).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if (expected.equals(status.get("status"))) {
                return status;
            }
            assertThat(Instant.now()).as("%s within %s, now %s", expected, WAIT, status).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }
}
