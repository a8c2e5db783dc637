package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.PostgresServer;
import io.healthkey.backend.support.SignIn;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;

/**
 * The patient's consent history ({@code GET /api/v1/patients/{patient}/consents}) read from the event index, on an
 * anvil node of its own: a grant sent to the chain by the patient's own wallet, and one relayed by somebody else's
 * account with the patient's signature, both appear with their transaction, block, log index and block time; a
 * revocation relayed here shows PENDING from the moment it is accepted (and denies at once) while mining is paused,
 * then MINED; an event a reorganisation drops leaves the history; only the patient sees it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ConsentAuditIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHAIN_ID = 31337;
    /** Hardhat's dev accounts #4 to #7, funded on anvil: patients that send their own transactions. */
    private static final Wallet SENDS_ITSELF = Wallet.of(
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
    private static final Wallet REVOKES = Wallet.of(
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
    private static final Wallet REORGED = Wallet.of(
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e");
    /** Dev account #7: another relayer than the backend's, sending a patient's signed grant. */
    private static final Wallet OTHER_RELAYER = Wallet.of(
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");

    private static AnvilChain anvil;
    private static Web3j web3j;

    @Autowired
    EventIndexer indexer;
    @Autowired
    ConsentRegistryPort consent;
    @Autowired
    Deployment deployment;
    @LocalServerPort
    int port;

    private WebTestClient http;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        anvil = AnvilChain.start(10);
        web3j = Web3j.build(new HttpService(anvil.rpcUrl().toString()));
        anvil.register(registry);
        if (PostgresServer.selected()) {
            String schema = "audit_" + UUID.randomUUID().toString().replace("-", "");
            PostgresServer.shared().schemaProperties(schema).forEach((name, value) -> registry.add(name, () -> value));
        }
    }

    @AfterAll
    static void stopChain() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @BeforeEach
    void httpClient() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }

    @Test
    void grantsSentByThePatientsWalletOrAnotherRelayerAreInTheHistoryWithTheirPlaceAndTime() throws Exception {
        EthAddress doctor = Wallet.create().address();
        EthAddress clinic = Wallet.create().address();
        long expiresAt = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        TransactionReceipt own = registryAs(SENDS_ITSELF).grant(doctor.toString(), Scope.all().toBytes32().toBytes(),
                BigInteger.valueOf(Action.READ.code()), BigInteger.valueOf(Purpose.TREAT.code()),
                BigInteger.valueOf(expiresAt)).send();
        TransactionReceipt relayed = grantBySigThroughAnotherRelayer(SENDS_ITSELF, clinic, expiresAt);

        List<Map<String, Object>> history = awaitHistory(SENDS_ITSELF, h -> h.size() == 2);

        assertThat(history.get(0)).containsAllEntriesOf(Map.of("kind", "GRANTED", "status", "MINED",
                "grantee", clinic.toString(), "scope", Scope.of(Category.OBSERVATION).toBytes32().toHex(),
                "action", "READ", "purpose", "ETREAT", "expiresAt", Instant.ofEpochSecond(expiresAt).toString(),
                "transactionHash", relayed.getTransactionHash()));
        assertThat(history.get(1)).containsAllEntriesOf(Map.of("kind", "GRANTED", "status", "MINED",
                "grantee", doctor.toString(), "scope", Scope.all().toBytes32().toHex(), "purpose", "TREAT",
                "transactionHash", own.getTransactionHash()));
        for (var pair : List.of(Map.entry(history.get(0), relayed), Map.entry(history.get(1), own))) {
            Map<String, Object> change = pair.getKey();
            TransactionReceipt receipt = pair.getValue();
            assertThat(((Number) change.get("blockNumber")).longValue())
                    .isEqualTo(receipt.getBlockNumber().longValueExact());
            assertThat(change.get("logIndex")).isEqualTo(receipt.getLogs().get(0).getLogIndex().intValueExact());
            assertThat(change.get("at")).as("the block's timestamp")
                    .isEqualTo(blockTime(receipt.getBlockNumber().longValueExact()).toString());
            assertThat(change).as("sent without this service").doesNotContainKeys("requestId", "requestStatus");
        }
    }

    @Test
    void aRevocationRelayedHereIsPendingFromItsAcceptanceThenMined() throws Exception {
        EthAddress doctor = Wallet.create().address();
        registryAs(REVOKES).grant(doctor.toString(), Scope.all().toBytes32().toBytes(),
                BigInteger.valueOf(Action.READ.code()), BigInteger.valueOf(Purpose.TREAT.code()),
                BigInteger.valueOf(Instant.now().plus(Duration.ofDays(30)).getEpochSecond())).send();
        awaitHistory(REVOKES, h -> h.size() == 1);
        ApiClient patient = new ApiClient(SignIn.as(http, REVOKES, CHAIN_ID), REVOKES, CHAIN_ID);
        var query = new AccessQuery(REVOKES.address(), doctor, RecordId.of(REVOKES.address(), Category.OBSERVATION, 1),
                Action.READ);
        assertThat(allowed(patient, query)).isTrue();

        String statusUrl;
        anvil.call("evm_setAutomine", false);
        try {
            statusUrl = patient.postRevocation(doctor, Scope.all(), Action.READ);
            Map<String, Object> pending = history(REVOKES).get(0);
            assertThat(pending).containsAllEntriesOf(Map.of("kind", "REVOKED", "status", "PENDING",
                    "grantee", doctor.toString(), "action", "READ"));
            assertThat(pending.get("requestStatus")).isIn("ACCEPTED", "SENT");
            assertThat(statusUrl).endsWith((String) pending.get("requestId"));
            assertThat(pending).doesNotContainKeys("blockNumber", "logIndex", "purpose", "expiresAt");
            assertThat(allowed(patient, query)).as("checked while the revocation waits").isFalse();
            assertThat(consent.hasAccess(query).block().allowed()).as("the chain, meanwhile").isTrue();
        } finally {
            anvil.call("evm_setAutomine", true);
        }
        anvil.mine(1);

        Map<?, ?> confirmed = patient.awaitConfirmed(statusUrl);
        List<Map<String, Object>> history = awaitHistory(REVOKES,
                h -> "MINED".equals(h.get(0).get("status")) && h.get(0).get("logIndex") != null);
        assertThat(history).extracting(change -> change.get("kind") + " " + change.get("status"))
                .containsExactly("REVOKED MINED", "GRANTED MINED");
        assertThat(history.get(0)).containsEntry("transactionHash", confirmed.get("transactionHash"))
                .containsEntry("requestId", confirmed.get("id"))
                .containsEntry("at", blockTime(((Number) confirmed.get("blockNumber")).longValue()).toString());
        assertThat(allowed(patient, query)).isFalse();
    }

    @Test
    void anEventAReorganisationDropsLeavesTheHistory() throws Exception {
        ConsentRegistry registry = registryAs(REORGED);
        long expiresAt = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        TransactionReceipt kept = registry.grant(Wallet.create().address().toString(), new byte[32],
                BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(expiresAt)).send();
        TransactionReceipt dropped = registry.grant(Wallet.create().address().toString(), new byte[32],
                BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(expiresAt)).send();
        assertThat(dropped.getBlockNumber()).isGreaterThan(kept.getBlockNumber());
        assertThat(awaitHistory(REORGED, h -> h.size() == 2)).extracting(change -> change.get("transactionHash"))
                .containsExactly(dropped.getTransactionHash(), kept.getTransactionHash());
        long reorgs = indexer.status().reorgs();

        anvil.call("anvil_reorg", 1, List.of());

        await(() -> indexer.status().reorgs() > reorgs, "the index's rollback");
        assertThat(awaitHistory(REORGED, h -> h.size() == 1)).extracting(change -> change.get("transactionHash"))
                .containsExactly(kept.getTransactionHash());
    }

    @Test
    void onlyThePatientSeesTheirHistory() {
        Wallet patient = Wallet.create();
        Wallet grantee = Wallet.create();
        String path = "/api/v1/patients/" + patient.address() + "/consents";
        SignIn.as(http, patient, CHAIN_ID).get().uri(path).exchange().expectStatus().isOk();
        for (Wallet other : List.of(Wallet.create(), grantee)) {
            SignIn.as(http, other, CHAIN_ID).get().uri(path).exchange().expectStatus().isForbidden()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0007");
        }
        http.get().uri(path).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
        SignIn.as(http, patient, CHAIN_ID).get().uri("/api/v1/patients/0x1234/consents").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002");
    }

    /** The patient's grant of READ on their observations to {@code grantee}, sent by another account than theirs. */
    private TransactionReceipt grantBySigThroughAnotherRelayer(Wallet patient, EthAddress grantee, long expiresAt)
            throws Exception {
        var message = new GrantMessage(patient.address(), grantee, Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.ETREAT, Instant.ofEpochSecond(expiresAt), consent.nextNonce(patient.address()).block(),
                Instant.now().plus(Duration.ofHours(1)));
        byte[] signature = patient.signer().sign(TypedData.of(
                Eip712Domain.consentRegistry(CHAIN_ID, deployment.consentRegistry()), message)).toBytes();
        var struct = new ConsentRegistry.Grant(patient.address().toString(), grantee.toString(),
                message.scope().toBytes32().toBytes(), BigInteger.valueOf(message.action().code()),
                BigInteger.valueOf(message.purpose().code()), BigInteger.valueOf(expiresAt), message.nonce(),
                BigInteger.valueOf(message.deadline().getEpochSecond()));
        return registryAs(OTHER_RELAYER).grantBySig(struct, signature).send();
    }

    /** The ConsentRegistry as {@code sender}'s wallet calls it, signing its own transactions. */
    private ConsentRegistry registryAs(Wallet sender) {
        var manager = new RawTransactionManager(web3j, Credentials.create(sender.keyPair()), CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 20, 500));
        return ConsentRegistry.load(deployment.consentRegistry().toString(), web3j, manager, new DefaultGasProvider());
    }

    private List<Map<String, Object>> history(Wallet patient) {
        return awaitHistory(patient, history -> true);
    }

    /** The patient's history, as they read it, once {@code until} holds of it (bounded by {@link #WAIT}). */
    private List<Map<String, Object>> awaitHistory(Wallet patient, Predicate<List<Map<String, Object>>> until) {
        ApiClient client = new ApiClient(SignIn.as(http, patient, CHAIN_ID), patient, CHAIN_ID);
        String path = "/api/v1/patients/" + patient.address() + "/consents";
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Map<String, Object>> history = client.list(path);
        while (!until.test(history)) {
            assertThat(System.nanoTime()).as("history %s", history).isLessThan(deadline);
            sleep();
            history = client.list(path);
        }
        return history;
    }

    private static boolean allowed(ApiClient client, AccessQuery query) {
        Map<?, ?> answer = client.http().get().uri(uri -> uri.path("/api/v1/access")
                        .queryParam("patient", query.patient()).queryParam("grantee", query.grantee())
                        .queryParam("record", query.record().toHex()).queryParam("action", query.action().name())
                        .build())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (Boolean) answer.get("allowed");
    }

    private static Instant blockTime(long number) {
        return Instant.ofEpochSecond(Long.decode(anvil.call("eth_getBlockByNumber", "0x" + Long.toHexString(number),
                false).get("timestamp").asText()));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        Loopback.sleep(Duration.ofMillis(50));
    }
}
