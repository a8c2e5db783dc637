package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ReadReceiptRoots;
import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.NodeScript;
import io.healthkey.backend.support.ReadReceipts;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.receipt.MerkleProofs;
import io.healthkey.protocol.receipt.ReadReceipt;

/**
 * Reads (allowed and denied) are batched under a root on chain, and the patient's proof of each, fetched through the
 * API, verifies against the root that a separate web3j client reads from the contract, in Java and in Node
 * (ethers + @openzeppelin/merkle-tree). Before its batch is on chain a read answers 409 RECEIPT-0006; running the
 * batcher again publishes nothing twice. A stranger's flood of denied reads is one row and one leaf per window.
 */
class ReadReceiptIT extends BackendITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    BatchReadReceiptsUseCase batches;

    @Autowired
    Deployment deployment;

    private Web3j ownClient;
    private ReadReceiptRoots roots;

    @BeforeEach
    void independentChainClient() {
        ownClient = Web3j.build(new HttpService(stack().rpcUrl().toString()));
        roots = ReadReceiptRoots.load(deployment.readReceiptRoots().toString(), ownClient,
                new ReadonlyTransactionManager(ownClient, EthAddress.ZERO.toString()), new DefaultGasProvider());
    }

    @AfterEach
    void closeChainClient() {
        ownClient.shutdown();
    }

    @Test
    void everyReadIsProvableAgainstTheRootOnChainInJavaAndNode() throws Exception {
        Wallet patientWallet = Wallet.create();
        ApiClient patient = client(patientWallet);
        patient.publishEncryptionKey();
        ApiClient stranger = client(Wallet.create());
        RecordId record = patient.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8)).id();
        patient.readAndDecrypt(record);
        stranger.http().get().uri("/api/v1/records/{id}/content", record.toHex()).exchange()
                .expectStatus().isForbidden();
        long allowedRead = ReadReceipts.newestReadId(patient, record, patient.address());
        long deniedRead = ReadReceipts.newestReadId(patient, record, stranger.address());

        expectProblem(patient.http(), patient.address(), allowedRead, 409, "RECEIPT-0006");

        List<ReceiptBatch> published = ReadReceipts.publishAll(batches);
        assertThat(published).isNotEmpty();
        BigInteger countAfter = roots.batchCount().send();
        assertThat(countAfter.longValueExact()).isEqualTo(published.get(published.size() - 1).number());

        for (long readId : List.of(allowedRead, deniedRead)) {
            JsonNode proof = proofOf(patient.http(), patient.address(), readId);
            ReadReceipt receipt = receiptIn(proof);
            assertThat(receipt.readId()).isEqualTo(readId);
            assertThat(receipt.patient()).isEqualTo(patient.address());
            assertThat(receipt.record()).isEqualTo(record);
            assertThat(receipt.allowed()).isEqualTo(readId == allowedRead);
            assertThat(receipt.reader()).isEqualTo(readId == allowedRead ? patient.address() : stranger.address());
            assertThat(proof.path("leafHash").asText()).isEqualTo(receipt.leafHash().toHex());
            assertThat(proof.path("contract").asText()).isEqualTo(deployment.readReceiptRoots().toString());

            long batch = proof.path("batch").path("number").asLong();
            Bytes32 chainRoot = Bytes32.fromBytes(roots.batchOf(BigInteger.valueOf(batch)).send().root);
            List<Bytes32> siblings = new ArrayList<>();
            proof.path("proof").forEach(node -> siblings.add(Bytes32.parse(node.asText())));
            assertThat(proof.path("batch").path("root").asText()).isEqualTo(chainRoot.toHex());
            assertThat(MerkleProofs.verify(siblings, chainRoot, receipt)).isTrue();
            assertThat(roots.verify(BigInteger.valueOf(batch), onChain(receipt),
                    siblings.stream().map(Bytes32::toBytes).toList()).send()).isTrue();
            assertThat(ownClient.ethGetTransactionReceipt(proof.path("batch").path("transactionHash").asText()).send()
                    .getTransactionReceipt().orElseThrow().getTo()).isEqualToIgnoringCase(deployment.readReceiptRoots()
                    .toString());

            NodeScript.Result node = NodeScript.run(stack().root(), Duration.ofSeconds(90), "verify-read-proof.mjs", "",
                    baseUrl(), Numeric.toHexStringWithPrefixZeroPadded(patientWallet.keyPair().getPrivateKey(), 64),
                    Long.toString(readId), stack().rpcUrl().toString());
            assertThat(node.exitCode()).as(node.stdout()).isZero();
            JsonNode seen = JSON.readTree(node.stdout());
            assertThat(seen.path("chainRoot").asText()).isEqualTo(chainRoot.toHex());
            assertThat(seen.path("verified").asBoolean()).isTrue();
            assertThat(seen.path("contractVerified").asBoolean()).isTrue();
            assertThat(seen.path("leafHashMatchesApi").asBoolean()).isTrue();
            assertThat(seen.path("mutantsTried").asInt()).isGreaterThanOrEqualTo(5);
            assertThat(seen.path("mutantsAccepted")).isEmpty();
        }

        assertThat(ReadReceipts.publishAll(batches)).as("nothing left to publish").isEmpty();
        assertThat(roots.batchCount().send()).isEqualTo(countAfter);
    }

    /**
     * The flood of issue 12: a stranger's denied reads, sent concurrently, are one row per window in the patient's
     * log, each with its count, and each row one leaf on chain whose proof carries that count; a party that holds a
     * grant from the patient keeps one row per denied read.
     */
    @Test
    void aStrangersFloodOfDeniedReadsIsOneRowAndOneLeafPerWindow() throws Exception {
        ApiClient patient = client(Wallet.create());
        patient.publishEncryptionKey();
        ApiClient stranger = client(Wallet.create());
        RecordId record = patient.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8)).id();
        int flood = 300;
        long started = System.currentTimeMillis();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                sent.add(senders.submit(() -> stranger.http().get().uri("/api/v1/records/{id}/content", record.toHex())
                        .exchange().expectStatus().isForbidden()));
            }
            for (Future<?> each : sent) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        long windowsSpanned = (System.currentTimeMillis() - started) / ReadReceipts.DENIED_WINDOW.toMillis() + 2;

        List<Map<String, Object>> rows = patient.list("/api/v1/patients/" + patient.address() + "/reads?limit=200")
                .stream().filter(row -> stranger.address().toString().equals(row.get("reader"))).toList();
        assertThat(rows).allSatisfy(row -> assertThat(row.get("aggregated")).isEqualTo(true));
        assertThat(rows.stream().mapToLong(row -> ((Number) row.get("count")).longValue()).sum()).isEqualTo(flood);
        assertThat(rows).as("one row per window").extracting(row -> row.get("windowEnd")).doesNotHaveDuplicates();
        assertThat((long) rows.size()).as("no more rows than windows the flood spanned").isBetween(1L, windowsSpanned);

        ReadReceipts.publishAll(batches);
        for (Map<String, Object> row : rows) {
            ReadReceipt leaf = receiptIn(proofOf(patient.http(), patient.address(), ((Number) row.get("id")).longValue()));
            assertThat(leaf.count()).isEqualTo(((Number) row.get("count")).longValue());
            assertThat(leaf.allowed()).isFalse();
            assertThat(leaf.reader()).isEqualTo(stranger.address());
        }
    }

    @Test
    void unknownForeignAndMalformedReadIdsAreRefusedWithTheirCodes() {
        ApiClient patient = client(Wallet.create());
        patient.publishEncryptionKey();
        ApiClient other = client(Wallet.create());
        RecordId record = patient.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8)).id();
        patient.readAndDecrypt(record);
        long read = ReadReceipts.newestReadId(patient, record, patient.address());
        ReadReceipts.publishAll(batches);

        expectProblem(other.http(), other.address(), read, 404, "RECEIPT-0005");
        expectProblem(patient.http(), patient.address(), Long.MAX_VALUE, 404, "RECEIPT-0005");
        expectProblem(other.http(), patient.address(), read, 403, "REQUEST-0007");
        for (String malformed : List.of("0", "-1", "abc", "9223372036854775808", "1e3", "0x10")) {
            patient.http().get().uri("/api/v1/patients/{p}/reads/{r}/proof", patient.address().toString(), malformed)
                    .exchange().expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002");
        }
        assertThat(proofOf(patient.http(), patient.address(), read).path("readId").asLong()).isEqualTo(read);
    }

    private static JsonNode proofOf(WebTestClient http, EthAddress patient, long readId) {
        byte[] body = http.get().uri("/api/v1/patients/{p}/reads/{r}/proof", patient.toString(), readId).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void expectProblem(WebTestClient http, EthAddress patient, long readId, int status, String code) {
        http.get().uri("/api/v1/patients/{p}/reads/{r}/proof", patient.toString(), readId).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private static ReadReceipt receiptIn(JsonNode proof) {
        JsonNode leaf = proof.path("leaf");
        List<String> types = new ArrayList<>();
        proof.path("leafTypes").forEach(type -> types.add(type.asText()));
        assertThat(types).containsExactly(ReadReceipt.LEAF_TYPES);
        return new ReadReceipt(Bytes32.parse(leaf.path("salt").asText()), Long.parseLong(leaf.path("readId").asText()),
                EthAddress.parse(leaf.path("patient").asText()), EthAddress.parse(leaf.path("reader").asText()),
                RecordId.parse(leaf.path("recordId").asText()), Long.parseLong(leaf.path("readAt").asText()),
                leaf.path("allowed").asBoolean(), Long.parseLong(leaf.path("count").asText()));
    }

    private static ReadReceiptRoots.ReadReceipt onChain(ReadReceipt receipt) {
        return new ReadReceiptRoots.ReadReceipt(receipt.salt().toBytes(), BigInteger.valueOf(receipt.readId()),
                receipt.patient().toString(), receipt.reader().toString(), receipt.record().toBytes32().toBytes(),
                BigInteger.valueOf(receipt.readAt()), receipt.allowed(), BigInteger.valueOf(receipt.count()));
    }
}
