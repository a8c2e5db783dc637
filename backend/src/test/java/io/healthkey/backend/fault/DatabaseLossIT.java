package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.healthkey.backend.adapter.outbound.chain.contracts.ReadReceiptRoots;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.ApiClient.UploadedRecord;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.ReadReceipts;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/**
 * Issue 13, section 3: the database is a cache, not the only copy. A backend process writes records through both
 * upload paths (the patient's client in an envelope of version 2, and the clinic gateway), the patient grants a
 * doctor who reads, and the read receipt batcher commits those reads on chain. Then the database is lost: a second
 * process starts on an empty one (a schema of its own), on the same chain and Kubo. It rebuilds from the chain and
 * IPFS alone: the patient reads every record, byte for byte; the doctor, whose wrapped keys were only in the lost
 * database, is refused until the patient wraps them again; the consent history and the anchored versions are whole;
 * the read log before the loss is reported lost, as the chain counts it; and a read after the loss gets an id past
 * the chain's read ids and goes on chain in the next batch.
 *
 * <p>PostgreSQL execution only (backend/pom.xml): two backend processes, one after the other, on a chain of its own.
 */
@ExtendWith(LocalStackExtension.class)
class DatabaseLossIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final byte[] NOTE = "{\"resourceType\":\"Observation\",\"status\":\"preliminary\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static AnvilChain anvil;
    private static FaultStack chain;
    private static Web3j web3j;

    private final Wallet patientWallet = Wallet.create();
    private final Wallet doctorWallet = Wallet.create();

    @BeforeAll
    static void startChain() {
        anvil = AnvilChain.start(3);
        chain = FaultStack.open(anvil.rpcUrl(), anvil.deploymentFile());
        chain.authorizeReadRootPublisher();
        web3j = Web3j.build(new HttpService(anvil.rpcUrl().toString()));
        Providers.asDeployer(web3j, deployment()).accreditIfNeeded(GatewayClinic.WALLET.address());
    }

    @AfterAll
    static void stopChain() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (chain != null) {
            chain.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void aFreshDatabaseRebuildsWhatTheChainAndIpfsHoldAndReportsTheReadLogLost(@TempDir Path lost,
            @TempDir Path fresh) throws Exception {
        byte[] observation = Files.readAllBytes(Path.of(getClass().getResource("/fhir/observation-valid.json").toURI()));
        UploadedRecord own;
        RecordId fromClinic;
        List<String> consentsBefore;
        List<String> versionsBefore;
        try (BackendProcess before = BackendProcess.start("before-database-loss", properties(lost))) {
            ApiClient patient = before.client(patientWallet);
            ApiClient doctor = before.client(doctorWallet);
            ApiClient clinic = before.client(GatewayClinic.WALLET);
            patient.publishEncryptionKey();
            doctor.publishEncryptionKey();
            clinic.publishEncryptionKey();
            own = patient.uploadRecoverableRecord(Category.OBSERVATION.code(), NOTE);
            patient.grant(clinic.address(), Scope.of(Category.OBSERVATION), Action.WRITE, Map.of());
            Map<?, ?> uploaded = clinic.gatewayUpload(patient.address(), MediaType.valueOf("application/fhir+json"),
                    observation, null).expectStatus().isAccepted().expectBody(Map.class).returnResult()
                    .getResponseBody();
            fromClinic = RecordId.parse((String) uploaded.get("recordId"));
            clinic.awaitConfirmed((String) uploaded.get("statusUrl"));
            patient.grant(doctor.address(), Scope.of(Category.OBSERVATION), Action.READ, Map.of(
                    own.id(), patient.rewrapFor(own.id(), doctorWallet.encryptionKey()),
                    fromClinic, patient.rewrapFor(fromClinic, doctorWallet.encryptionKey())));
            assertThat(doctor.readAndDecrypt(own.id()).plaintext()).isEqualTo(NOTE);
            assertThat(doctor.readAndDecrypt(fromClinic).plaintext()).isEqualTo(observation);

            awaitOnChain(patient, ReadReceipts.newestReadId(patient, fromClinic, doctor.address()));
            consentsBefore = consents(patient);
            versionsBefore = versions(patient);
        }
        long batchesAtLoss = readReceiptRoots().batchCount().send().longValueExact();
        long nextReadIdAtLoss = readReceiptRoots().nextReadId().send().longValueExact();
        assertThat(batchesAtLoss).as("read receipt batches before the loss").isPositive();

        try (BackendProcess after = BackendProcess.start("after-database-loss", properties(fresh))) {
            ApiClient patient = after.client(patientWallet);
            ApiClient doctor = after.client(doctorWallet);
            after.awaitIndexedBlock(anvil.headNumber(), WAIT);

            assertThat(patient.readAndDecrypt(own.id()).plaintext()).isEqualTo(NOTE);
            assertThat(patient.readAndDecrypt(fromClinic).plaintext()).isEqualTo(observation);
            assertThat(versions(patient)).isEqualTo(versionsBefore);
            assertThat(consents(patient)).isEqualTo(consentsBefore).contains(
                    "GRANTED " + doctorWallet.address() + " READ",
                    "GRANTED " + GatewayClinic.WALLET.address() + " WRITE");
            assertThat(patient.http().get().uri("/api/v1/patients/{p}/reads/lost", patient.address()).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody())
                    .isEqualTo(Map.of("batches", (int) batchesAtLoss, "reads", (int) (nextReadIdAtLoss - 1)));

            for (RecordId id : List.of(own.id(), fromClinic)) {
                doctor.http().get().uri("/api/v1/records/{id}/content", id.toHex()).exchange()
                        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ACCESS-0003");
                patient.post("/api/v1/records/" + id.toHex() + "/keys", Map.of("reader",
                        doctorWallet.address().toString(), "wrappedKey",
                        patient.rewrapFor(id, doctorWallet.encryptionKey()).toHex()))
                        .expectStatus().isNoContent();
            }
            assertThat(doctor.readAndDecrypt(own.id()).plaintext()).isEqualTo(NOTE);
            assertThat(doctor.readAndDecrypt(fromClinic).plaintext()).isEqualTo(observation);

            List<Long> readsAfterLoss = readIds(patient);
            assertThat(readsAfterLoss).as("every read logged after the loss").hasSizeGreaterThan(4)
                    .allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(nextReadIdAtLoss));
            awaitOnChain(patient, readsAfterLoss.get(0));
            for (long id : readsAfterLoss) {
                assertThat(proofStatus(patient, id)).as("read %d committed on chain", id).isEqualTo(200);
            }
            assertThat(readReceiptRoots().batchCount().send().longValueExact()).isGreaterThan(batchesAtLoss);
            assertThat(readReceiptRoots().nextReadId().send().longValueExact()).isGreaterThan(readsAfterLoss.get(0));
        }
    }

    /** A backend on its own database under {@code data}, its gateway serving the test clinic, batching every second. */
    private static Map<String, String> properties(Path data) {
        Map<String, String> properties = new HashMap<>(chain.backend(data));
        properties.putAll(GatewayClinic.processProperties());
        properties.put("healthkey.receipts.batch-interval", "1s");
        properties.put("healthkey.receipts.settle", "1s");
        properties.put("healthkey.receipts.denied-window", "1s");
        return properties;
    }

    /** Until read {@code readId}'s receipt is in a batch whose root is on chain: its proof is then served. */
    private static void awaitOnChain(ApiClient patient, long readId) {
        Instant until = Instant.now().plus(WAIT);
        while (proofStatus(patient, readId) != 200) {
            assertThat(Instant.now()).as("read %d committed on chain", readId).isBefore(until);
            Loopback.sleep(Duration.ofMillis(250));
        }
    }

    private static int proofStatus(ApiClient patient, long readId) {
        return patient.http().get().uri("/api/v1/patients/{p}/reads/{id}/proof", patient.address(), readId)
                .exchange().returnResult(byte[].class).getStatus().value();
    }

    /** The ids in the patient's read log, highest first. */
    private static List<Long> readIds(ApiClient patient) {
        return patient.list("/api/v1/patients/" + patient.address() + "/reads").stream()
                .map(read -> ((Number) read.get("id")).longValue())
                .toList();
    }

    private static List<String> consents(ApiClient patient) {
        return patient.list("/api/v1/patients/" + patient.address() + "/consents").stream()
                .map(change -> change.get("kind") + " " + change.get("grantee") + " " + change.get("action"))
                .toList();
    }

    private static List<String> versions(ApiClient patient) {
        return patient.list("/api/v1/patients/" + patient.address() + "/records").stream()
                .map(version -> version.get("recordId") + " " + version.get("cid") + " " + version.get("status"))
                .toList();
    }

    private static ReadReceiptRoots readReceiptRoots() {
        String address = deployment().readReceiptRoots().toString();
        return ReadReceiptRoots.load(address, web3j, new ReadonlyTransactionManager(web3j, address),
                new DefaultGasProvider());
    }

    private static Deployment deployment() {
        try {
            JsonNode root = new ObjectMapper().readTree(anvil.deploymentFile().toFile());
            JsonNode contracts = root.path("contracts");
            return new Deployment(root.path("chainId").asLong(), root.path("startBlock").asLong(0),
                    address(contracts, "ParticipantDirectory"), address(contracts, "ConsentRegistry"),
                    address(contracts, "RecordRegistry"), address(contracts, "ReadReceiptRoots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EthAddress address(JsonNode contracts, String name) {
        return EthAddress.parse(contracts.path(name).path("address").asText());
    }
}
